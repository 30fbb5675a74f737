"""Versions: a draft is a copy of the current version; publishing makes it current; old ones stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.guidance import access, actions
from safecity.guidance.models import Audience, Guide, GuideState

pytestmark = pytest.mark.django_db


def test_a_new_draft_copies_the_current_version(central_coordinator, staff_guide):
    draft = actions.do_create_guide_draft(central_coordinator, staff_guide.situation, Audience.STAFF)
    assert draft.version == 2 and draft.state == GuideState.DRAFT
    assert draft.steps == staff_guide.steps and draft.steps_en == staff_guide.steps_en
    assert draft.ends_with_concern == staff_guide.ends_with_concern
    assert AccessLogEntry.objects.filter(
        user=central_coordinator, action="create", object_id=str(draft.pk)
    ).exists()


def test_there_is_one_draft_at_a_time(central_coordinator, draft):
    with pytest.raises(ValidationError):
        actions.do_create_guide_draft(central_coordinator, draft.situation, Audience.STAFF)


def test_publishing_makes_the_new_version_current_and_keeps_the_old(central_coordinator, draft, staff_guide):
    assert access.current_guide(draft.situation, Audience.STAFF) == staff_guide
    actions.do_publish_guide(central_coordinator, draft)
    draft.refresh_from_db()
    assert draft.state == GuideState.PUBLISHED and draft.published_by == central_coordinator
    assert access.current_guide(draft.situation, Audience.STAFF) == draft
    staff_guide.refresh_from_db()
    assert staff_guide.state == GuideState.PUBLISHED, "the older version is kept as it was"
    assert list(
        Guide.objects.filter(situation=draft.situation, audience=Audience.STAFF).values_list(
            "version", flat=True
        )
    ) == [2, 1]


def test_the_public_version_is_not_touched_by_a_staff_version(central_coordinator, draft, worried):
    public = access.current_guide(worried, Audience.PUBLIC)
    actions.do_publish_guide(central_coordinator, draft)
    assert access.current_guide(worried, Audience.PUBLIC) == public


def test_the_central_coordinator_can_still_read_an_older_version(central_coordinator, draft, staff_guide):
    actions.do_publish_guide(central_coordinator, draft)
    response = logged_in(central_coordinator).get(f"/vagledning/versioner/{staff_guide.pk}/")
    assert response.status_code == 200
    assert response.context["current"] == draft
    assert "older version" in response.content.decode() or "äldre version" in response.content.decode()


def test_a_published_version_cannot_be_changed(central_coordinator, staff_guide):
    with pytest.raises(ValidationError):
        actions.do_save_guide_draft(central_coordinator, staff_guide, title="Ändrad")
    response = logged_in(central_coordinator).get(f"/vagledning/versioner/{staff_guide.pk}/redigera/")
    assert response.status_code == 302
    staff_guide.refresh_from_db()
    assert staff_guide.title != "Ändrad"


def test_publishing_needs_a_future_review_date(central_coordinator, draft):
    actions.do_save_guide_draft(central_coordinator, draft, review_by=None)
    with pytest.raises(ValidationError):
        actions.do_publish_guide(central_coordinator, draft)
    actions.do_save_guide_draft(central_coordinator, draft, review_by=timezone.localdate())
    with pytest.raises(ValidationError):
        actions.do_publish_guide(central_coordinator, draft)
    draft.refresh_from_db()
    assert draft.state == GuideState.DRAFT


def test_a_refused_action_is_logged_and_changes_nothing(jarva_coordinator, draft):
    with pytest.raises(PermissionDenied):
        actions.do_publish_guide(jarva_coordinator, draft)
    with pytest.raises(PermissionDenied):
        actions.do_save_guide_draft(jarva_coordinator, draft, title="Intrång")
    draft.refresh_from_db()
    assert draft.state == GuideState.DRAFT and draft.title != "Intrång"
    assert (
        AccessLogEntry.objects.filter(
            user=jarva_coordinator, action="refused", object_id=str(draft.pk)
        ).count()
        == 2
    )


def test_the_editor_makes_a_draft_edits_previews_and_publishes(central_coordinator, worried):
    client = logged_in(central_coordinator)
    response = client.post(f"/vagledning/redigera/{worried.code}/public/ny-version/")
    draft = Guide.objects.get(situation=worried, audience=Audience.PUBLIC, state=GuideState.DRAFT)
    assert (
        response.status_code == 302 and response["Location"] == f"/vagledning/versioner/{draft.pk}/redigera/"
    )

    form = {
        "title": "Orolig för en ung person",
        "title_en": "Worried about a young person",
        "intro": "",
        "intro_en": "",
        "steps": "1. Ring {intake}.",
        "steps_en": "1. Call {intake}.",
        "dont": "- Vänta inte.",
        "dont_en": "- Do not wait.",
        "ends_with_concern": "on",
        "review_by": (timezone.localdate() + dt.timedelta(days=200)).isoformat(),
    }
    preview = client.post(f"/vagledning/versioner/{draft.pk}/redigera/", {**form, "preview": "1"})
    assert preview.status_code == 200 and preview.context["preview"] is not None
    assert "contact-missing" in preview.content.decode(), "the central office has no intake of its own"
    draft.refresh_from_db()
    assert draft.title != "Orolig för en ung person", "a preview saves nothing"

    saved = client.post(f"/vagledning/versioner/{draft.pk}/redigera/", form)
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Orolig för en ung person" and draft.ends_with_concern and not draft.ends_with_112

    unconfirmed = client.post(f"/vagledning/versioner/{draft.pk}/publicera/", {})
    assert unconfirmed.status_code == 200
    draft.refresh_from_db()
    assert draft.state == GuideState.DRAFT

    published = client.post(f"/vagledning/versioner/{draft.pk}/publicera/", {"confirm": "on"})
    assert published.status_code == 302
    assert access.current_guide(worried, Audience.PUBLIC) == Guide.objects.get(pk=draft.pk)
    page = client.get(f"/vagledning/{worried.code}/?area=rinkeby")
    assert "Orolig för en ung person" in page.content.decode()


def test_a_guide_past_its_review_date_is_flagged_to_the_central_coordinator(
    central_coordinator, employee, staff_guide
):
    Guide.objects.filter(pk=staff_guide.pk).update(review_by=timezone.localdate() - dt.timedelta(days=1))
    assert staff_guide in access.overdue_guides(staff_guide.situation.city)
    editor = logged_in(central_coordinator)
    manage = editor.get("/vagledning/redigera/")
    assert staff_guide in manage.context["overdue"]
    assert 'class="overdue"' in manage.content.decode()
    assert "/vagledning/redigera/" in editor.get("/start/").content.decode()
    assert editor.get("/vagledning/personal/").context["overdue"] == [Guide.objects.get(pk=staff_guide.pk)]
    # Employees see the review date on the guide, but no flag meant for the editor.
    page = logged_in(employee).get(f"/vagledning/personal/{staff_guide.situation.code}/")
    assert page.context["guide"].review_overdue
    assert "/vagledning/redigera/" not in logged_in(employee).get("/start/").content.decode()
