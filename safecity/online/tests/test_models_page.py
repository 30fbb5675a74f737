import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import logged_in
from safecity.core.models import AccessLogEntry, Job
from safecity.online import actions, tasks
from safecity.online.models import ClassifierModel

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True

EVALUATION = {
    "sets": {
        "sv_suite": {"n": 120, "model": {"macro_f1": 0.81}, "baseline": {"macro_f1": 0.52}},
        "davidson_test": {"n": 600, "model": {"macro_f1": 0.7}, "baseline": {"macro_f1": 0.44}},
    },
    "quick": False,
}
CONFIG = {"training": {"sources": {"sv_training": {"hateful": 10, "not": 30}, "reviews": {"not": 2}}}}


@pytest.fixture
def versions(db):
    old = ClassifierModel.objects.create(version=1, weights=b"npz", evaluation=EVALUATION, config=CONFIG)
    new = ClassifierModel.objects.create(version=2, weights=b"npz", is_active=True, evaluation=EVALUATION)
    return old, new


def test_the_page_lists_versions_with_their_evaluation(
    central_coordinator, versions, django_assert_max_num_queries
):
    client = logged_in(central_coordinator)
    client.get(reverse("online:models"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("online:models"))
    html = response.content.decode()
    assert "Version 2" in html and "Version 1" in html
    assert "sv_suite" in html and "0.810" in html.replace(",", ".") and "0.520" in html.replace(",", ".")
    assert "sv_training: 40" in html and "reviews: 2" in html
    assert "Activate version 1" in html and "Activate version 2" not in html  # the active one is marked


def test_activating_an_older_version_switches_back_in_one_click(central_coordinator, versions):
    old, new = versions
    response = logged_in(central_coordinator).post(reverse("online:activate", args=[old.pk]))
    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.is_active and not new.is_active and old.activated_at is not None
    assert ClassifierModel.objects.filter(is_active=True).count() == 1
    entry = AccessLogEntry.objects.get(
        user=central_coordinator, action="change", object_type="online.classifiermodel"
    )
    assert entry.changes == {"active": ["v2", "v1"]}
    # and back again
    logged_in(central_coordinator).post(reverse("online:activate", args=[new.pk]))
    assert list(ClassifierModel.objects.filter(is_active=True)) == [new]


def test_activating_the_active_version_changes_nothing(central_coordinator, versions):
    _old, new = versions
    actions.do_activate_model(central_coordinator, new)
    assert list(ClassifierModel.objects.filter(is_active=True)) == [new]


def test_the_database_refuses_two_active_versions(versions):
    old, _new = versions
    old.is_active = True
    with pytest.raises(IntegrityError), transaction.atomic():
        old.save()


def test_a_unit_coordinator_cannot_activate(jarva_coordinator, versions):
    old, new = versions
    assert logged_in(jarva_coordinator).post(reverse("online:activate", args=[old.pk])).status_code == 403
    new.refresh_from_db()
    assert new.is_active
    with pytest.raises(actions.Refused):
        actions.do_activate_model(jarva_coordinator, old)


def test_training_starts_a_background_job(
    central_coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def fake_train(**kwargs):
        calls.append(kwargs)
        return ClassifierModel.objects.create(version=9, weights=b"npz")

    monkeypatch.setattr("safecity.online.classifier.training.train_model", fake_train)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(central_coordinator).post(
            reverse("online:train"), {"quick": "on", "notes": "try"}
        )
    job = Job.objects.get(kind="online.train")
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert job.state == "done" and job.result["version"] == 9
    assert calls == [
        {"quick": True, "include_reviews": True, "created_by": central_coordinator, "notes": "try"}
    ]


def test_reclassifying_every_item_is_for_the_central_coordinator(jarva_coordinator):
    assert logged_in(jarva_coordinator).post(reverse("online:classify_all")).status_code == 403
    assert not Job.objects.exists()


def test_classify_all_uses_the_active_version(
    central_coordinator, jarva, monkeypatch, django_capture_on_commit_callbacks
):
    from .online_core_helpers import install_fake_classifier, make_item

    model = install_fake_classifier(monkeypatch, version=5)
    item = make_item(jarva, text="Ni är parasiter", label="not", score=0.1)
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(central_coordinator).post(reverse("online:classify_all"))
    item.refresh_from_db()
    assert (item.label, item.target, item.classifier_id) == ("hateful", "xenophobic", model.pk)
    assert tasks is not None


def test_the_admin_shows_versions_and_imports_read_only_without_content(administrator, versions, jarva):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safecity.online.models import ContentImport, Tactic

    # A superuser stands in for the administrator until the role's permissions include the online
    # configuration (safecity/accounts/backends.py, ADMINISTERED_MODELS).
    administrator.is_superuser = True
    administrator.save()
    if not TOTPDevice.objects.filter(user=administrator).exists():
        TOTPDevice.objects.create(user=administrator, name="test", confirmed=True)

    run = ContentImport.objects.create(unit=jarva, filename="export.csv", file=b"author\n@secret_in_file\n")
    Tactic.objects.get_or_create(code="test-tactic-h3", defaults={"name": "Testtaktik"})
    client = logged_in(administrator)
    for url in [
        "/admin/online/classifiermodel/",
        f"/admin/online/classifiermodel/{versions[0].pk}/change/",
        "/admin/online/contentimport/",
        f"/admin/online/contentimport/{run.pk}/change/",
        "/admin/online/tactic/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "secret_in_file" not in response.content.decode()
    assert client.get("/admin/online/classifiermodel/add/").status_code == 403
    assert client.get("/admin/online/contentimport/add/").status_code == 403
