import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from safecity.online import actions
from safecity.online.models import OnlineItem, Review
from safecity.online.templatetags.online_tags import highlight

from .online_core_helpers import make_item

# The assertions read the English messages (the Swedish catalogue is checked elsewhere).
ENGLISH_UI = True


def test_the_queue_is_ordered_by_score_and_shows_only_unreviewed_items(jarva_coordinator, jarva):
    low = make_item(jarva, text="Lågt", score=0.1)
    high = make_item(jarva, text="Högt", score=0.95, label="hateful", target="xenophobic")
    middle = make_item(jarva, text="Mitten", score=0.5, label="offensive")
    unclassified = make_item(jarva, text="Oklassad", score=None, label="")
    done = make_item(jarva, text="Granskad", score=0.99, reviewed_at=timezone.now(), reviewed_label="hateful")
    page = logged_in(jarva_coordinator).get(reverse("online:queue"))
    assert [i.pk for i in page.context["page"]] == [high.pk, middle.pk, low.pk, unclassified.pk]
    assert done.pk not in [i.pk for i in page.context["page"]]
    html = page.content.decode()
    assert "nothing is hidden, reported or deleted" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("label=hateful", {"hat"}),
        ("target=xenophobic", {"hat"}),
        ("target=none", {"snäll", "sv-en", "fb-only"}),
        ("platform=instagram", {"sv-en"}),
        ("language=en", {"sv-en"}),
        ("state=reviewed", {"reviewed"}),
        ("state=all&label=offensive", {"reviewed"}),
        ("date_from=2025-03-01&date_to=2025-03-31", {"fb-only"}),
    ],
)
def test_the_queue_filters(jarva_coordinator, jarva, query, expected):
    make_item(jarva, text="hat", label="hateful", target="xenophobic", score=0.9)
    make_item(jarva, text="snäll", score=0.1)
    make_item(jarva, text="sv-en", platform="instagram", language="en")
    make_item(jarva, text="fb-only", posted_at=dt.datetime(2025, 3, 10, 12, tzinfo=dt.UTC))
    make_item(jarva, text="reviewed", label="offensive", reviewed_at=timezone.now(), reviewed_label="not")
    page = logged_in(jarva_coordinator).get(reverse("online:queue") + "?" + query)
    assert {i.text for i in page.context["page"]} == expected


def test_the_queue_filters_by_unit_for_the_central_coordinator(central_coordinator, jarva, sodermalm):
    make_item(jarva, text="j")
    make_item(sodermalm, text="s")
    page = logged_in(central_coordinator).get(reverse("online:queue") + f"?unit={sodermalm.pk}")
    assert [i.text for i in page.context["page"]] == ["s"]


def test_a_bad_filter_shows_nothing_rather_than_everything(jarva_coordinator, jarva):
    make_item(jarva)
    page = logged_in(jarva_coordinator).get(reverse("online:queue") + "?date_from=not-a-date")
    assert page.status_code == 200 and list(page.context["page"]) == []


def test_the_queue_uses_a_fixed_number_of_queries(jarva_coordinator, jarva, django_assert_max_num_queries):
    make_item(jarva, text="one")
    client = logged_in(jarva_coordinator)
    client.get(reverse("online:queue"))
    with django_assert_max_num_queries(18) as few:
        client.get(reverse("online:queue"))
    for n in range(30):
        make_item(jarva, text=f"text {n}", score=n / 30, platform=f"p{n % 3}")
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("online:queue"))
    assert len(response.context["page"]) == 25


def test_reviewing_confirms_or_corrects_and_keeps_history(jarva_coordinator, jarva):
    item = make_item(jarva, label="offensive", target="", score=0.7)
    client = logged_in(jarva_coordinator)
    queue = reverse("online:queue") + "?platform=facebook"
    response = client.post(
        reverse("online:review", args=[item.pk]),
        {"label": "hateful", "target": "islamophobic", "next": queue},
    )
    assert response.status_code == 302 and response["Location"] == queue
    item.refresh_from_db()
    assert (item.reviewed_label, item.reviewed_target) == ("hateful", "islamophobic")
    assert item.final_label == "hateful" and item.label == "offensive"  # the classifier's answer stays
    first = Review.objects.get()
    assert (first.model_label, first.model_target, first.reviewer) == ("offensive", "", jarva_coordinator)
    assert first.is_correction
    # A second review keeps the first one.
    client.post(reverse("online:review", args=[item.pk]), {"label": "offensive", "target": ""})
    assert Review.objects.filter(item=item).count() == 2
    item.refresh_from_db()
    assert item.reviewed_label == "offensive"
    assert not Review.objects.order_by("-pk").first().is_correction
    detail = client.get(reverse("online:item", args=[item.pk])).content.decode()
    assert detail.count("<td>" + "Hateful") + detail.count("Hateful") >= 1
    assert "corrected" in detail and "confirmed" in detail


def test_a_review_outside_the_site_is_not_followed(jarva_coordinator, jarva):
    item = make_item(jarva)
    response = logged_in(jarva_coordinator).post(
        reverse("online:review", args=[item.pk]), {"label": "not", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("online:item", args=[item.pk])


def test_a_review_without_a_label_is_not_saved(jarva_coordinator, jarva):
    item = make_item(jarva)
    logged_in(jarva_coordinator).post(reverse("online:review", args=[item.pk]), {"label": "nonsense"})
    assert not Review.objects.exists()
    item.refresh_from_db()
    assert item.reviewed_at is None


def test_not_hateful_has_no_target(jarva_coordinator, jarva):
    item = make_item(jarva)
    actions.do_review_item(jarva_coordinator, item, label="not", target="antisemitic")
    assert Review.objects.get().target == ""


def test_the_action_refuses_bad_values(jarva_coordinator, jarva):
    item = make_item(jarva)
    with pytest.raises(ValidationError):
        actions.do_review_item(jarva_coordinator, item, label="hateful", target="martians")
    assert not Review.objects.exists()


def test_an_htmx_review_answers_with_the_row(jarva_coordinator, jarva):
    item = make_item(jarva)
    response = logged_in(jarva_coordinator).post(
        reverse("online:review", args=[item.pk]), {"label": "threat", "target": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Review saved" in html and "<html" not in html


def test_text_is_escaped_and_terms_are_marked():
    html = highlight("<script>alert(1)</script> Idioter!", [["idiot", 1.5], ["och", -0.5]])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>Idioter</mark>" in html
    assert highlight("och så", [["och", -0.5]]) == "och så"


def test_the_queue_page_escapes_item_text(jarva_coordinator, jarva):
    make_item(jarva, text='<img src=x onerror="alert(1)">')
    html = logged_in(jarva_coordinator).get(reverse("online:queue")).content.decode()
    assert "<img src=x" not in html and "&lt;img" in html


def test_reviewing_writes_the_access_log(jarva_coordinator, jarva):
    from safecity.core.models import AccessLogEntry

    item = make_item(jarva)
    logged_in(jarva_coordinator).post(reverse("online:review", args=[item.pk]), {"label": "offensive"})
    assert AccessLogEntry.objects.filter(
        user=jarva_coordinator, action="change", object_id=str(item.pk)
    ).exists()


def test_the_start_page_counts_the_users_items(
    jarva_coordinator, jarva, sodermalm, django_assert_max_num_queries
):
    make_item(jarva, label="hateful")
    make_item(jarva, label="not", reviewed_at=timezone.now(), reviewed_label="not")
    make_item(sodermalm, label="threat")
    client = logged_in(jarva_coordinator)
    client.get(reverse("online:index"))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("online:index"))
    counts = response.context["counts"]
    assert (counts["total"], counts["unreviewed"], counts["label_hateful"], counts["label_threat"]) == (
        2,
        1,
        1,
        0,
    )
    assert OnlineItem.objects.count() == 3


def test_only_the_weightiest_terms_are_marked():
    explanation = [["bögar", 2.3], ["våra barn", 1.2], ["och", 0.31], ["sig", 0.19], ["hej", -1]]
    html = highlight("Bögar och våra barn sig hej", explanation)
    assert "<mark>Bögar</mark>" in html and "<mark>våra barn</mark>" in html
    assert "<mark>och</mark>" not in html and "<mark>sig</mark>" not in html and "<mark>hej" not in html
