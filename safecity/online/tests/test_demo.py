from django.core.management import call_command

from safecity.online.demo import load_demo
from safecity.online.models import OnlineItem, Review

from .online_core_helpers import install_fake_classifier


def test_the_demo_imports_classifies_and_reviews_and_is_safe_to_run_twice(db, monkeypatch):
    install_fake_classifier(monkeypatch)
    summary = load_demo(log=lambda *a: None)
    assert summary["jarva"][0] + summary["jarva"][1] == 240
    assert summary["sodermalm"][0] > 40
    total = OnlineItem.objects.count()
    assert 250 <= total <= 300
    assert OnlineItem.objects.filter(classified_at__isnull=True).count() == 0
    assert set(OnlineItem.objects.values_list("label", flat=True)) >= {
        "not",
        "offensive",
        "hateful",
        "threat",
    }
    assert not OnlineItem.objects.filter(author_hash__contains="demo_user").exists()
    assert OnlineItem.objects.exclude(author_hash="").count() == total
    reviews = Review.objects.count()
    assert reviews == 0  # no demo coordinator in the test database: nobody to review as

    again = load_demo(log=lambda *a: None)
    assert again["jarva"][0] == 0 and OnlineItem.objects.count() == total


def test_the_command_runs(monkeypatch, central_coordinator):
    install_fake_classifier(monkeypatch)
    central_coordinator.username = "central"
    central_coordinator.save()
    call_command("load_online_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Review.objects.filter(reviewer=central_coordinator).count() > 10
