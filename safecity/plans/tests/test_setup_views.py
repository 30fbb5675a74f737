"""The set-up pages: guidelines, the plan template and opening a planning year."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.plans import actions
from safecity.plans.models import Guideline, Plan, PlanningYear, PlanTemplate, PublicationState

pytestmark = pytest.mark.django_db

GUIDELINES = "/planer/riktlinjer/"
TEMPLATE = "/planer/mall/"
NEW_YEAR = "/planer/planeringsar/nytt/"
NOT_CENTRAL = ["jarva_coordinator", "jarva_manager", "employee", "intake_officer", "dpo", "administrator"]


def refusals(user):
    return AccessLogEntry.objects.filter(user=user, action="refused")


@pytest.fixture
def published(city):
    return Guideline.objects.get(city=city, version=1)


@pytest.fixture
def draft(central_coordinator, city):
    return actions.do_save_guideline_draft(
        central_coordinator,
        city,
        title="Riktlinjer 2027",
        title_en="Guidelines 2027",
        body="## Nytt\n\nUtkast till nya riktlinjer.",
        effective_from=dt.date(2027, 1, 1),
        adopted_by="Kommunfullmäktige",
    )


@pytest.fixture
def draft_template(central_coordinator, city):
    return actions.do_new_template_version(central_coordinator, city)


def publish_form(confirm=True):
    return {"confirm": "on"} if confirm else {}


# --- guidelines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["central_coordinator", *NOT_CENTRAL])
def test_it_shows_the_guidelines_in_force_to_all_staff(request, who, published):
    response = logged_in(request.getfixturevalue(who)).get(GUIDELINES)
    assert response.status_code == 200
    assert response.context["current"] == published
    assert "<h2>Syfte</h2>" in response.content.decode()  # the Markdown, rendered


def test_it_refuses_the_guidelines_to_a_partner_and_logs_it(partner):
    assert logged_in(partner).get(GUIDELINES).status_code == 403
    assert refusals(partner).filter(object_label="guidelines").exists()


def test_it_sends_an_anonymous_visitor_to_the_login(client):
    response = client.get(GUIDELINES)
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]


def test_it_lists_drafts_only_to_the_central_coordinator(central_coordinator, employee, draft):
    assert draft in logged_in(central_coordinator).get(GUIDELINES).context["versions"]
    assert draft not in logged_in(employee).get(GUIDELINES).context["versions"]


def test_it_shows_a_draft_to_the_central_coordinator_only(central_coordinator, employee, draft):
    url = f"{GUIDELINES}{draft.pk}/"
    assert logged_in(central_coordinator).get(url).status_code == 200
    assert logged_in(employee).get(url).status_code == 403
    assert refusals(employee).filter(object_id=str(draft.pk), detail="draft").exists()


def test_it_shows_an_old_published_version_to_staff(employee, published):
    response = logged_in(employee).get(f"{GUIDELINES}{published.pk}/")
    assert response.status_code == 200
    assert not response.context["can_edit"]


def test_it_answers_404_for_a_version_that_does_not_exist(central_coordinator):
    assert logged_in(central_coordinator).get(f"{GUIDELINES}99999/").status_code == 404


def test_the_central_coordinator_writes_a_new_version_from_the_latest(central_coordinator, published):
    client = logged_in(central_coordinator)
    page = client.get(f"{GUIDELINES}ny/")
    assert page.status_code == 200
    assert page.context["form"].initial["body"] == published.body
    response = client.post(
        f"{GUIDELINES}ny/",
        {
            "title": "Riktlinjer mot våldsbejakande extremism 2027",
            "title_en": "",
            "body": "## Syfte\n\nNy text.",
            "body_en": "",
            "effective_from": "2027-01-01",
            "adopted_by": "Kommunfullmäktige 2026-12-01",
        },
    )
    new = Guideline.objects.get(version=2)
    assert response.status_code == 302 and response["Location"] == f"{GUIDELINES}{new.pk}/"
    assert new.state == PublicationState.DRAFT
    assert AccessLogEntry.objects.filter(user=central_coordinator, action="change", detail="draft").exists()


def test_a_new_version_needs_a_title_and_a_text(central_coordinator, published):
    response = logged_in(central_coordinator).post(f"{GUIDELINES}ny/", {"title": "", "body": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "body"}
    assert not Guideline.objects.filter(version=2).exists()


def test_there_is_only_one_draft_at_a_time(central_coordinator, draft):
    response = logged_in(central_coordinator).get(f"{GUIDELINES}ny/")
    assert response["Location"] == f"{GUIDELINES}{draft.pk}/redigera/"


def test_the_central_coordinator_edits_a_draft(central_coordinator, draft):
    data = {"title": "Ändrad titel", "body": "Ny text", "effective_from": "2027-02-01"}
    logged_in(central_coordinator).post(f"{GUIDELINES}{draft.pk}/redigera/", data)
    draft.refresh_from_db()
    assert (draft.title, draft.effective_from) == ("Ändrad titel", dt.date(2027, 2, 1))


def test_a_published_version_cannot_be_edited(central_coordinator, published):
    client = logged_in(central_coordinator)
    response = client.post(f"{GUIDELINES}{published.pk}/redigera/", {"title": "x", "body": "y"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "Riktlinjer mot våldsbejakande extremism"


@pytest.mark.parametrize("who", NOT_CENTRAL)
def test_only_the_central_coordinator_writes_guidelines(request, who, draft):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    assert client.get(f"{GUIDELINES}ny/").status_code == 403
    assert client.post(f"{GUIDELINES}{draft.pk}/redigera/", {"title": "x", "body": "y"}).status_code == 403
    assert client.post(f"{GUIDELINES}{draft.pk}/publicera/", publish_form()).status_code == 403
    assert refusals(user).count() == 3
    draft.refresh_from_db()
    assert (draft.title, draft.state) == ("Riktlinjer 2027", PublicationState.DRAFT)


def test_publishing_needs_the_confirmation(central_coordinator, draft):
    response = logged_in(central_coordinator).post(f"{GUIDELINES}{draft.pk}/publicera/", publish_form(False))
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.state == PublicationState.DRAFT


def test_publishing_ends_the_version_in_force_the_day_before(central_coordinator, draft, published):
    client = logged_in(central_coordinator)
    assert client.get(f"{GUIDELINES}{draft.pk}/publicera/").status_code == 200
    response = client.post(f"{GUIDELINES}{draft.pk}/publicera/", publish_form())
    assert response["Location"] == GUIDELINES
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.state == PublicationState.PUBLISHED and draft.published_by == central_coordinator
    assert published.effective_to == dt.date(2026, 12, 31)


def test_publishing_without_an_effective_date_is_refused_with_a_message(central_coordinator, city):
    undated = actions.do_save_guideline_draft(central_coordinator, city, title="Utan datum", body="Text")
    response = logged_in(central_coordinator).post(f"{GUIDELINES}{undated.pk}/publicera/", publish_form())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    undated.refresh_from_db()
    assert undated.state == PublicationState.DRAFT


def test_the_guidelines_page_runs_a_bounded_number_of_queries(
    central_coordinator, draft, django_assert_max_num_queries
):
    client = logged_in(central_coordinator)
    with django_assert_max_num_queries(20):
        client.get(GUIDELINES)


# --- the plan template ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["central_coordinator", *NOT_CENTRAL])
def test_it_shows_the_template_sections_in_order_with_guidance_to_staff(request, who):
    response = logged_in(request.getfixturevalue(who)).get(TEMPLATE)
    assert response.status_code == 200
    codes = [s.code for s in response.context["sections"]]
    assert codes[:3] == ["definitions", "situation", "measures"] and len(codes) == 8
    assert "Sammanfatta lägesbilden" in response.content.decode()


def test_it_refuses_the_template_to_a_partner_and_logs_it(partner):
    assert logged_in(partner).get(TEMPLATE).status_code == 403
    assert refusals(partner).filter(object_label="plan template").exists()


def test_the_central_coordinator_makes_a_draft_version(central_coordinator, city):
    response = logged_in(central_coordinator).post(f"{TEMPLATE}ny-version/")
    draft = PlanTemplate.objects.get(city=city, version=2)
    assert response["Location"] == f"{TEMPLATE}{draft.pk}/"
    assert draft.state == PublicationState.DRAFT and draft.sections.count() == 8


def test_a_second_draft_is_not_made(central_coordinator, draft_template):
    response = logged_in(central_coordinator).post(f"{TEMPLATE}ny-version/")
    assert response["Location"] == f"{TEMPLATE}{draft_template.pk}/"
    assert PlanTemplate.objects.count() == 2


def test_making_a_version_is_a_post(central_coordinator):
    assert logged_in(central_coordinator).get(f"{TEMPLATE}ny-version/").status_code == 405


def test_a_draft_template_is_hidden_from_staff(employee, draft_template):
    assert draft_template not in logged_in(employee).get(TEMPLATE).context["versions"]
    assert logged_in(employee).get(f"{TEMPLATE}{draft_template.pk}/").status_code == 403
    assert refusals(employee).filter(detail="draft").exists()


def test_the_central_coordinator_edits_a_section_of_the_draft(central_coordinator, draft_template):
    section = draft_template.sections.get(code="exit")
    url = f"{TEMPLATE}avsnitt/{section.pk}/"
    client = logged_in(central_coordinator)
    assert client.get(url).status_code == 200
    data = {
        "title": "Avhopp och anhöriga",
        "title_en": "Exit",
        "guidance": "Ny vägledning",
        "guidance_en": "",
    }
    assert client.post(url, data)["Location"] == f"{TEMPLATE}{draft_template.pk}/"
    section.refresh_from_db()
    assert (section.title, section.guidance) == ("Avhopp och anhöriga", "Ny vägledning")


def test_a_section_needs_a_title(central_coordinator, draft_template):
    section = draft_template.sections.get(code="exit")
    response = logged_in(central_coordinator).post(f"{TEMPLATE}avsnitt/{section.pk}/", {"title": ""})
    assert "title" in response.context["form"].errors


def test_a_section_of_the_published_template_cannot_be_edited(central_coordinator, city):
    section = PlanTemplate.objects.get(city=city, version=1).sections.get(code="exit")
    data = {"title": "Ändrad", "guidance": "x"}
    response = logged_in(central_coordinator).post(f"{TEMPLATE}avsnitt/{section.pk}/", data)
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.title == "Avhopparverksamhet och stöd till anhöriga"


@pytest.mark.parametrize("who", NOT_CENTRAL)
def test_only_the_central_coordinator_changes_the_template(request, who, draft_template):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    section = draft_template.sections.get(code="exit")
    assert client.post(f"{TEMPLATE}ny-version/").status_code == 403
    assert client.post(f"{TEMPLATE}avsnitt/{section.pk}/", {"title": "x"}).status_code == 403
    assert client.post(f"{TEMPLATE}{draft_template.pk}/publicera/", publish_form()).status_code == 403
    assert refusals(user).count() == 3
    draft_template.refresh_from_db()
    assert draft_template.state == PublicationState.DRAFT


def test_a_section_that_does_not_exist_is_404(central_coordinator):
    assert logged_in(central_coordinator).get(f"{TEMPLATE}avsnitt/99999/").status_code == 404


def test_publishing_the_template_makes_it_the_one_in_force(central_coordinator, draft_template):
    client = logged_in(central_coordinator)
    assert client.post(f"{TEMPLATE}{draft_template.pk}/publicera/", publish_form(False)).status_code == 200
    response = client.post(f"{TEMPLATE}{draft_template.pk}/publicera/", publish_form())
    assert response["Location"] == TEMPLATE
    assert client.get(TEMPLATE).context["template"] == draft_template


# --- opening a planning year ------------------------------------------------------------------------------


def year_form(year=2027, **changes):
    data = {
        "year": year,
        "board_due": f"{year}-02-28",
        "review_due": f"{year}-03-31",
        "approval_due": f"{year}-04-30",
        "t1_due": f"{year}-05-31",
        "t2_due": f"{year}-09-30",
        "annual_due": f"{year + 1}-02-15",
    }
    return {**data, **changes}


def test_the_central_coordinator_opens_a_year_and_sees_how_many_plans(central_coordinator, city):
    client = logged_in(central_coordinator)
    page = client.get(NEW_YEAR)
    assert page.status_code == 200
    response = client.post(NEW_YEAR, year_form(), follow=True)
    year = PlanningYear.objects.get(city=city, year=2027)
    assert Plan.objects.filter(year=year).count() == 16
    assert year.t1_due == dt.date(2027, 5, 31) and year.opened_by == central_coordinator
    assert "16" in " ".join(str(m) for m in response.context["messages"])


def test_the_form_suggests_the_year_after_the_latest_open_one(central_coordinator, city):
    actions.do_open_planning_year(central_coordinator, city, 2025)
    actions.do_open_planning_year(central_coordinator, city, 2026)
    page = logged_in(central_coordinator).get(NEW_YEAR)
    assert page.context["form"].initial["year"] == 2027
    assert page.context["form"].initial["t1_due"] == dt.date(2027, 5, 31)
    assert [y.year for y in page.context["years"]] == [2026, 2025]
    assert [y.plan_count for y in page.context["years"]] == [16, 16]


def test_a_year_that_is_open_already_is_refused_with_a_message(central_coordinator, planning_year):
    response = logged_in(central_coordinator).post(NEW_YEAR, year_form(2026))
    assert response.status_code == 200
    assert "2026" in " ".join(response.context["form"].non_field_errors())


def test_deadlines_must_come_in_order(central_coordinator):
    response = logged_in(central_coordinator).post(NEW_YEAR, year_form(t2_due="2027-04-01"))
    assert "t2_due" in response.context["form"].errors
    assert not PlanningYear.objects.filter(year=2027).exists()


def test_every_deadline_is_needed(central_coordinator):
    response = logged_in(central_coordinator).post(NEW_YEAR, year_form(annual_due=""))
    assert "annual_due" in response.context["form"].errors


@pytest.mark.parametrize("who", NOT_CENTRAL)
def test_only_the_central_coordinator_opens_a_year(request, who):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    assert client.get(NEW_YEAR).status_code == 403
    assert client.post(NEW_YEAR, year_form()).status_code == 403
    assert refusals(user).count() == 2
    assert not PlanningYear.objects.exists()
