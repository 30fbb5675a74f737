"""The pages of one plan: the list, the plan, its sections and measures, the board and the review."""

import datetime as dt

import pytest

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.plans import actions
from safecity.plans.models import Indicator, Measure, Milestone, Plan, PlanSection, ReviewComment
from safecity.plans.tests.fixtures import status, theme
from safecity.plans.tests.plan_pages import measure, reload

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"plans:{name}", args=args)


def refused(user) -> bool:
    return AccessLogEntry.objects.filter(user=user, action="refused").exists()


# --- the list of plans -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["central_coordinator", "jarva_coordinator", "jarva_manager", "employee", "intake_officer"]
)
def test_the_list_renders_for_everyone_who_works_with_plans(role, request, planning_year):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(url("index")).status_code == 200


@pytest.mark.parametrize("role", ["partner", "dpo", "administrator", "no_role_user"])
def test_the_list_is_refused_and_logged_for_others(role, request, planning_year):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(url("index")).status_code == 403
    assert refused(user)


def test_the_list_needs_login(client):
    response = client.get(url("index"))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_the_list_puts_the_own_plan_first_with_its_next_step(jarva_coordinator, jarva_plan):
    response = logged_in(jarva_coordinator).get(url("index"))
    (year, own, others) = response.context["years"][0]
    assert year == 2026
    assert [row.plan for row in own] == [jarva_plan]
    assert own[0].step.label == "Skriv planen"
    assert others == []  # no other plan is approved yet
    assert "Skriv planen" in response.content.decode()


def test_the_next_step_follows_the_plan_through_its_year(jarva_coordinator, central_coordinator, jarva_plan):
    client = logged_in(jarva_coordinator)

    def step():
        return client.get(url("index")).context["years"][0][1][0].step

    measure(jarva_coordinator, jarva_plan)
    assert step().label == "Skicka till nämnden"
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    assert step().label == "Registrera nämndbeslutet"
    actions.do_record_board_decision(jarva_coordinator, jarva_plan, dt.date(2026, 2, 1), "SDN 2026/1")
    assert not step().mine
    actions.do_comment(central_coordinator, jarva_plan, "Mer om samverkan.")
    actions.do_return_plan(central_coordinator, jarva_plan)
    assert step().label == "Svara på kommentarer"
    comment = jarva_plan.comments.get()
    actions.do_answer_comment(jarva_coordinator, comment, "Klart.")
    actions.do_resubmit(jarva_coordinator, jarva_plan)
    actions.do_approve(central_coordinator, jarva_plan)
    assert step().label == "Gör T1-uppföljningen"
    assert step().url == url("follow_up", jarva_plan.pk, "t1")


def test_the_central_coordinator_sees_every_plan_and_what_to_review(
    central_coordinator, adopted_plan, planning_year
):
    response = logged_in(central_coordinator).get(url("index"))
    year, own, others = response.context["years"][0]
    assert own == [] and len(others) == 16
    review = [row for row in others if row.plan == adopted_plan][0]
    assert review.step.mine and review.step.label == "Granska planen"


def test_other_units_see_approved_plans_only(sodermalm_coordinator, approved_plan, planning_year):
    response = logged_in(sodermalm_coordinator).get(url("index"))
    year, own, others = response.context["years"][0]
    assert [row.plan.unit.code for row in own] == ["sodermalm"]
    assert [row.plan for row in others] == [approved_plan]


def test_the_list_stays_within_a_few_queries(
    central_coordinator, jarva_coordinator, jarva_plan, django_assert_max_num_queries
):
    for number in range(60):
        measure(jarva_coordinator, jarva_plan, f"Åtgärd {number}")
    client = logged_in(central_coordinator)
    client.get(url("index"))
    with django_assert_max_num_queries(20):
        assert client.get(url("index")).status_code == 200


# --- one plan --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["central_coordinator", "jarva_coordinator", "jarva_manager"])
def test_a_draft_plan_renders_for_its_unit_and_the_centre(role, request, jarva_plan):
    user = request.getfixturevalue(role)
    response = logged_in(user).get(url("detail", jarva_plan.pk))
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(user=user, action="view", object_type="plans.plan").exists()


@pytest.mark.parametrize(
    "role", ["sodermalm_coordinator", "employee", "intake_officer", "partner", "dpo", "administrator"]
)
def test_a_draft_plan_is_refused_to_everyone_else(role, request, jarva_plan):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(url("detail", jarva_plan.pk)).status_code == 403
    assert refused(user)


@pytest.mark.parametrize("role", ["sodermalm_coordinator", "employee", "intake_officer"])
def test_an_approved_plan_is_read_by_other_staff(role, request, approved_plan):
    user = request.getfixturevalue(role)
    response = logged_in(user).get(url("detail", approved_plan.pk))
    assert response.status_code == 200
    can = response.context["can"]
    assert not (can.edit or can.review or can.send_to_board or can.answer)


@pytest.mark.parametrize("role", ["partner", "dpo", "administrator"])
def test_an_approved_plan_is_still_refused_to_partners_and_the_dpo(role, request, approved_plan):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(url("detail", approved_plan.pk)).status_code == 403
    assert refused(user)


def test_a_forged_plan_id_is_404(jarva_coordinator, jarva_plan):
    assert logged_in(jarva_coordinator).get(url("detail", 999999)).status_code == 404


def test_the_plan_shows_its_sections_in_template_order_with_guidance_for_the_writer(
    jarva_coordinator, jarva_plan
):
    section = jarva_plan.sections.get(section__code="situation")
    actions.do_save_section(jarva_coordinator, jarva_plan, section, "## Läget\n\nOroande trend i **Tensta**.")
    response = logged_in(jarva_coordinator).get(url("detail", jarva_plan.pk))
    body = response.content.decode()
    codes = [s.section.code for s in response.context["sections"]]
    assert codes == list(jarva_plan.year.template.sections.values_list("code", flat=True))
    assert "<h2>Läget</h2>" in body and "<strong>Tensta</strong>" in body
    assert 'class="guidance"' in body
    assert url("section_edit", jarva_plan.pk, section.pk) in body


def test_readers_do_not_get_guidance_or_edit_buttons(sodermalm_coordinator, approved_plan):
    body = logged_in(sodermalm_coordinator).get(url("detail", approved_plan.pk)).content.decode()
    assert 'class="guidance"' not in body
    assert "/avsnitt/" not in body and "/atgarder/ny/" not in body and "/till-namnden/" not in body


def test_script_in_markdown_is_rendered_harmless(jarva_coordinator, jarva_plan):
    section = jarva_plan.sections.get(section__code="situation")
    evil = '<script>alert("x")</script>\n\n[klick](javascript:alert(1)) <img src=x onerror=alert(2)>'
    actions.do_save_section(jarva_coordinator, jarva_plan, section, evil)
    measure(jarva_coordinator, jarva_plan, "Åtgärd", description="<script>steal()</script> **ok**")
    body = logged_in(jarva_coordinator).get(url("detail", jarva_plan.pk)).content.decode()
    main = body[body.index('<main id="main"') :]
    assert "<script" not in main
    assert "javascript:" not in main
    assert "onerror" not in main
    assert "<strong>ok</strong>" in main


def test_the_measures_show_as_a_tree_with_tags_and_weighted_progress(jarva_coordinator, jarva_plan):
    parent = measure(jarva_coordinator, jarva_plan, "Trygga skolor", prevention_level="specific")
    measure(
        jarva_coordinator, jarva_plan, "A", parent=parent, weight=3, status=status("done"), themes=[theme(3)]
    )
    measure(jarva_coordinator, jarva_plan, "B", parent=parent, weight=1)
    ind = Indicator.objects.create(measure=parent, name="Deltagare", unit="st", baseline=10, target=40)
    Milestone.objects.create(measure=parent, title="Upphandling klar", due=dt.date(2026, 5, 1))
    response = logged_in(jarva_coordinator).get(url("detail", jarva_plan.pk))
    tree = response.context["measures"]
    assert [m.title for m in tree] == ["Trygga skolor"]
    assert [(m.number, m.title) for m in tree[0].sub] == [("1.1", "A"), ("1.2", "B")]
    body = response.content.decode()
    assert f'<progress id="progress-{parent.pk}" max="100" value="75"' in body
    assert "Specifik prevention" in body or "specifik prevention" in body.lower()
    assert ind.name in body and "Upphandling klar" in body
    assert body.index(">A<") < body.index(">B<") if ">A<" in body else True


def test_the_stepper_shows_the_seven_steps(jarva_coordinator, returned_plan):
    response = logged_in(jarva_coordinator).get(url("detail", returned_plan.pk))
    steps = response.context["steps"]
    assert len(steps) == 7
    assert [s.state for s in steps] == ["done", "done", "done", "done", "current", "upcoming", "upcoming"]
    assert 'aria-current="step"' in response.content.decode()


def test_the_returned_step_is_skipped_when_the_plan_went_straight_through(jarva_coordinator, approved_plan):
    response = logged_in(jarva_coordinator).get(url("detail", approved_plan.pk))
    assert [s.state for s in response.context["steps"]][3:] == ["done", "skipped", "current", "upcoming"]


def test_the_plan_with_60_measures_stays_within_a_few_queries(
    jarva_coordinator, jarva_plan, django_assert_max_num_queries
):
    parents = [
        measure(jarva_coordinator, jarva_plan, f"Åtgärd {n}", themes=[theme(1), theme(3)]) for n in range(20)
    ]
    for n in range(40):
        child = measure(jarva_coordinator, jarva_plan, f"Delåtgärd {n}", parent=parents[n % 20])
        Indicator.objects.create(measure=child, name=f"Indikator {n}", baseline=1, target=2)
        Milestone.objects.create(measure=child, title=f"Milstolpe {n}", due=dt.date(2026, 6, 1))
    client = logged_in(jarva_coordinator)
    client.get(url("detail", jarva_plan.pk))
    with django_assert_max_num_queries(30):
        response = client.get(url("detail", jarva_plan.pk))
    assert response.status_code == 200
    assert response.context["measure_count"] == 60


def test_the_history_lists_every_step(jarva_coordinator, adopted_plan):
    response = logged_in(jarva_coordinator).get(url("detail", adopted_plan.pk))
    assert [e.to_status for e in response.context["events"]] == ["draft", "sent_to_board", "adopted"]
    assert "SDN 2026/12" in response.content.decode()


# --- writing a section ------------------------------------------------------------------------------------


def situation(plan) -> PlanSection:
    return plan.sections.get(section__code="situation")


def test_the_coordinator_writes_a_section(jarva_coordinator, jarva_plan):
    client = logged_in(jarva_coordinator)
    section = situation(jarva_plan)
    page = client.get(url("section_edit", jarva_plan.pk, section.pk))
    assert page.status_code == 200
    assert section.section.guidance[:40] in page.content.decode()
    response = client.post(url("section_edit", jarva_plan.pk, section.pk), {"body": "## Läget\n\n- ett"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/planer/{jarva_plan.pk}/#section-situation")
    section.refresh_from_db()
    assert section.body == "## Läget\n\n- ett" and section.updated_by == jarva_coordinator


def test_preview_without_javascript_shows_the_text_and_saves_nothing(jarva_coordinator, jarva_plan):
    section = situation(jarva_plan)
    response = logged_in(jarva_coordinator).post(
        url("section_edit", jarva_plan.pk, section.pk), {"body": "## Rubrik", "preview": "1"}
    )
    assert response.status_code == 200
    assert "<h2>Rubrik</h2>" in response.content.decode()
    section.refresh_from_db()
    assert section.body == ""


def test_the_htmx_preview_returns_the_sanitised_fragment_only(jarva_coordinator, jarva_plan):
    response = logged_in(jarva_coordinator).post(
        url("section_preview", jarva_plan.pk),
        {"body": "## Rubrik\n\n<script>x()</script>"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Rubrik</h2>" in body and "<script" not in body and "<html" not in body


@pytest.mark.parametrize(
    "role", ["central_coordinator", "sodermalm_coordinator", "jarva_manager", "employee"]
)
def test_others_cannot_write_a_section(role, request, jarva_plan):
    user = request.getfixturevalue(role)
    section = situation(jarva_plan)
    client = logged_in(user)
    assert client.get(url("section_edit", jarva_plan.pk, section.pk)).status_code == 403
    assert client.post(url("section_edit", jarva_plan.pk, section.pk), {"body": "x"}).status_code == 403
    assert client.post(url("section_preview", jarva_plan.pk), {"body": "x"}).status_code == 403
    section.refresh_from_db()
    assert section.body == ""
    assert refused(user)


def test_a_section_of_another_plan_is_404(jarva_coordinator, jarva_plan, sodermalm_plan):
    other = situation(sodermalm_plan)
    assert logged_in(jarva_coordinator).get(url("section_edit", jarva_plan.pk, other.pk)).status_code == 404


def test_a_plan_at_the_board_cannot_be_written(jarva_coordinator, adopted_plan):
    section = situation(adopted_plan)
    response = logged_in(jarva_coordinator).post(
        url("section_edit", adopted_plan.pk, section.pk), {"body": "x"}
    )
    assert response.status_code == 403


# --- measures ---------------------------------------------------------------------------------------------


def measure_post(**overrides):
    data = {
        "title": "Dialogträffar för unga",
        "description": "Träffar i **Tensta**.",
        "prevention_level": "general",
        "themes": [str(theme(3).pk)],
        "status": str(status("planned").pk),
        "weight": "1",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Första träffen",
        "milestones-0-due": "2026-03-01",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-name": "Deltagare",
        "indicators-0-unit": "st",
        "indicators-0-baseline": "12,5",
        "indicators-0-target": "40",
        "indicators-0-direction": "increase",
    }
    data.update(overrides)
    return data


def test_the_coordinator_adds_a_measure_with_a_milestone_and_an_indicator(jarva_coordinator, jarva_plan):
    client = logged_in(jarva_coordinator)
    assert client.get(url("measure_new", jarva_plan.pk)).status_code == 200
    response = client.post(url("measure_new", jarva_plan.pk), measure_post())
    assert response.status_code == 302, response.context and response.context["errors"]
    created = Measure.objects.get(plan=jarva_plan)
    assert response["Location"].endswith(f"#measure-{created.pk}")
    assert list(created.themes.values_list("number", flat=True)) == [3]
    assert created.progress == 0 and created.position == 1
    assert created.milestones.get().title == "Första träffen"
    indicator = created.indicators.get()
    assert (indicator.name, str(indicator.baseline), indicator.target) == ("Deltagare", "12.50", 40)


def test_validation_errors_name_the_field_and_nothing_is_saved(jarva_coordinator, jarva_plan):
    response = logged_in(jarva_coordinator).post(
        url("measure_new", jarva_plan.pk),
        measure_post(title="", start="2026-05-01", end="2026-01-01", **{"indicators-0-name": ""}),
    )
    assert response.status_code == 200
    errors = response.context["errors"]
    messages = [(e["context"], e["label"], e["message"]) for e in errors]
    assert ("", "Titel", "Ge åtgärden en titel.") in messages
    assert any(e["anchor"] == "id_end" for e in errors)
    assert any(e["context"] == "Indikator 1" and e["anchor"] == "id_indicators-0-name" for e in errors)
    body = response.content.decode()
    assert 'class="error-summary"' in body and 'href="#id_title"' in body
    assert 'aria-invalid="true"' in body and 'aria-describedby="id_title_error"' in body
    assert not Measure.objects.filter(plan=jarva_plan).exists()


def test_a_sub_measure_hangs_under_a_measure_of_the_same_plan_only(
    jarva_coordinator, jarva_plan, sodermalm_plan, sodermalm_coordinator
):
    foreign = measure(sodermalm_coordinator, sodermalm_plan, "Södermalms åtgärd")
    response = logged_in(jarva_coordinator).post(
        url("measure_new", jarva_plan.pk), measure_post(parent=foreign.pk)
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    parent = measure(jarva_coordinator, jarva_plan, "Huvudåtgärd")
    response = logged_in(jarva_coordinator).post(
        url("measure_new", jarva_plan.pk), measure_post(parent=parent.pk, weight="2")
    )
    assert response.status_code == 302
    assert parent.children.get().weight == 2


def test_a_measure_with_sub_measures_cannot_become_one(jarva_coordinator, jarva_plan):
    parent = measure(jarva_coordinator, jarva_plan, "Huvud")
    measure(jarva_coordinator, jarva_plan, "Del", parent=parent)
    other = measure(jarva_coordinator, jarva_plan, "Annan")
    response = logged_in(jarva_coordinator).post(
        url("measure_edit", parent.pk),
        measure_post(
            parent=other.pk, **{"milestones-0-title": "", "milestones-0-due": "", "indicators-0-name": ""}
        ),
    )
    assert response.status_code == 200 and "parent" in response.context["form"].errors


def test_editing_changes_rows_and_deletes_marked_ones(jarva_coordinator, jarva_plan):
    created = measure(jarva_coordinator, jarva_plan, "Gammal titel")
    kept = Indicator.objects.create(measure=created, name="Deltagare", baseline=1, target=2)
    gone = Milestone.objects.create(measure=created, title="Bort", due=dt.date(2026, 4, 1))
    client = logged_in(jarva_coordinator)
    page = client.get(url("measure_edit", created.pk))
    assert page.status_code == 200 and "Gammal titel" in page.content.decode()
    data = measure_post(
        title="Ny titel",
        **{
            "milestones-TOTAL_FORMS": "2",
            "milestones-INITIAL_FORMS": "1",
            "milestones-0-id": str(gone.pk),
            "milestones-0-title": "Bort",
            "milestones-0-due": "2026-04-01",
            "milestones-0-DELETE": "on",
            "milestones-1-title": "",
            "milestones-1-due": "",
            "indicators-TOTAL_FORMS": "2",
            "indicators-INITIAL_FORMS": "1",
            "indicators-0-id": str(kept.pk),
            "indicators-0-name": "Deltagare totalt",
            "indicators-0-baseline": "1",
            "indicators-0-target": "5",
            "indicators-0-direction": "increase",
            "indicators-1-name": "",
            "indicators-1-direction": "increase",
        },
    )
    response = client.post(url("measure_edit", created.pk), data)
    assert response.status_code == 302, response.context["errors"]
    created.refresh_from_db()
    assert created.title == "Ny titel"
    assert not created.milestones.exists()
    assert list(created.indicators.values_list("name", "target")) == [("Deltagare totalt", 5)]


def test_a_row_of_another_measure_cannot_be_smuggled_in(jarva_coordinator, jarva_plan):
    mine = measure(jarva_coordinator, jarva_plan, "Min")
    other = measure(jarva_coordinator, jarva_plan, "Annan")
    foreign = Indicator.objects.create(measure=other, name="Annans", baseline=1, target=2)
    data = measure_post(
        **{
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "1",
            "indicators-0-id": str(foreign.pk),
            "indicators-0-name": "Kapad",
        }
    )
    logged_in(jarva_coordinator).post(url("measure_edit", mine.pk), data)
    foreign.refresh_from_db()
    assert foreign.name == "Annans" and foreign.measure == other  # the row is taken as a new one at most
    assert not mine.indicators.exclude(name="Kapad").exists()


def test_add_a_row_without_javascript_saves_and_comes_back_with_an_empty_row(jarva_coordinator, jarva_plan):
    response = logged_in(jarva_coordinator).post(
        url("measure_new", jarva_plan.pk), measure_post(add_row="indicators")
    )
    created = Measure.objects.get(plan=jarva_plan)
    assert response["Location"] == url("measure_edit", created.pk) + "#indicators"
    page = logged_in(jarva_coordinator).get(response["Location"])
    assert page.context["indicators"].total_form_count() == 2  # the saved one and an empty one


def test_the_htmx_row_endpoint_returns_a_numbered_row_and_the_new_count(jarva_coordinator):
    response = logged_in(jarva_coordinator).get(
        url("measure_part_row", "indicators"), {"indicators-TOTAL_FORMS": "2"}
    )
    body = response.content.decode()
    assert 'name="indicators-2-name"' in body
    assert 'name="indicators-TOTAL_FORMS" value="3"' in body and 'hx-swap-oob="true"' in body
    assert logged_in(jarva_coordinator).get(url("measure_part_row", "other")).status_code == 404


@pytest.mark.parametrize("role", ["central_coordinator", "sodermalm_coordinator", "jarva_manager", "partner"])
def test_others_cannot_add_edit_or_delete_measures(role, request, jarva_plan, jarva_coordinator):
    user = request.getfixturevalue(role)
    existing = measure(jarva_coordinator, jarva_plan, "Orörd")
    client = logged_in(user)
    assert client.get(url("measure_new", jarva_plan.pk)).status_code == 403
    assert client.post(url("measure_new", jarva_plan.pk), measure_post()).status_code == 403
    assert client.post(url("measure_edit", existing.pk), measure_post(title="Ändrad")).status_code == 403
    assert client.post(url("measure_delete", existing.pk)).status_code == 403
    existing.refresh_from_db()
    assert existing.title == "Orörd" and Measure.objects.filter(plan=jarva_plan).count() == 1
    assert refused(user)


def test_forged_measure_ids_are_404(jarva_coordinator):
    client = logged_in(jarva_coordinator)
    assert client.get(url("measure_edit", 999999)).status_code == 404
    assert client.post(url("measure_delete", 999999)).status_code == 404


def test_deleting_asks_first_and_names_the_sub_measures(jarva_coordinator, jarva_plan):
    parent = measure(jarva_coordinator, jarva_plan, "Huvud")
    measure(jarva_coordinator, jarva_plan, "Delåtgärden", parent=parent)
    client = logged_in(jarva_coordinator)
    page = client.get(url("measure_delete", parent.pk))
    assert page.status_code == 200 and "Delåtgärden" in page.content.decode()
    assert Measure.objects.filter(plan=jarva_plan).count() == 2
    response = client.post(url("measure_delete", parent.pk))
    assert response.status_code == 302
    assert not Measure.objects.filter(plan=jarva_plan).exists()


# --- the board -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["jarva_coordinator", "jarva_manager"])
def test_the_unit_sends_the_plan_to_the_board_after_a_confirm_page(role, request, jarva_plan):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    page = client.get(url("send_to_board", jarva_plan.pk))
    assert page.status_code == 200 and page.context["button"]
    assert reload(jarva_plan).status == Plan.Status.DRAFT
    assert client.post(url("send_to_board", jarva_plan.pk)).status_code == 302
    assert reload(jarva_plan).status == Plan.Status.SENT_TO_BOARD


@pytest.mark.parametrize(
    "role", ["central_coordinator", "sodermalm_coordinator", "employee", "partner", "dpo"]
)
def test_others_cannot_send_the_plan_to_the_board(role, request, jarva_plan):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    assert client.get(url("send_to_board", jarva_plan.pk)).status_code == 403
    assert client.post(url("send_to_board", jarva_plan.pk)).status_code == 403
    assert reload(jarva_plan).status == Plan.Status.DRAFT
    assert refused(user)


def test_sending_twice_is_refused_and_the_page_goes_back_to_the_plan(jarva_coordinator, jarva_plan):
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    client = logged_in(jarva_coordinator)
    assert client.get(url("send_to_board", jarva_plan.pk))["Location"] == url("detail", jarva_plan.pk)
    assert client.post(url("send_to_board", jarva_plan.pk)).status_code == 403
    assert refused(jarva_coordinator)


def test_the_board_decision_is_recorded_with_date_and_reference(jarva_coordinator, jarva_plan):
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    client = logged_in(jarva_coordinator)
    assert client.get(url("board_decision", jarva_plan.pk)).status_code == 200
    response = client.post(
        url("board_decision", jarva_plan.pk), {"date": "2026-02-20", "reference": "SDN 2026/12"}
    )
    assert response.status_code == 302
    plan = reload(jarva_plan)
    assert (plan.status, plan.board_decision_date, plan.board_reference) == (
        Plan.Status.ADOPTED,
        dt.date(2026, 2, 20),
        "SDN 2026/12",
    )


def test_a_board_decision_needs_a_past_date_and_a_reference(jarva_coordinator, jarva_plan):
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    response = logged_in(jarva_coordinator).post(
        url("board_decision", jarva_plan.pk), {"date": "2099-01-01", "reference": ""}
    )
    assert response.status_code == 200
    labels = {e["anchor"] for e in response.context["errors"]}
    assert labels == {"id_date", "id_reference"}
    assert reload(jarva_plan).status == Plan.Status.SENT_TO_BOARD


@pytest.mark.parametrize("role", ["central_coordinator", "sodermalm_coordinator", "employee"])
def test_others_cannot_record_the_board_decision(role, request, jarva_plan, jarva_coordinator):
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    user = request.getfixturevalue(role)
    response = logged_in(user).post(
        url("board_decision", jarva_plan.pk), {"date": "2026-02-20", "reference": "x"}
    )
    assert response.status_code == 403
    assert reload(jarva_plan).status == Plan.Status.SENT_TO_BOARD


# --- the central review -----------------------------------------------------------------------------------


def test_the_central_coordinator_comments_on_a_section(central_coordinator, adopted_plan):
    section = adopted_plan.year.template.sections.get(code="cooperation")
    client = logged_in(central_coordinator)
    page = client.get(url("comment", adopted_plan.pk), {"avsnitt": section.pk})
    assert page.status_code == 200 and page.context["form"]["section"].value() == str(section.pk)
    response = client.post(url("comment", adopted_plan.pk), {"section": section.pk, "body": "Beskriv SSPF."})
    assert response["Location"].endswith("#section-cooperation")
    comment = ReviewComment.objects.get()
    assert (comment.section, comment.body, comment.author) == (section, "Beskriv SSPF.", central_coordinator)
    assert reload(adopted_plan).status == Plan.Status.IN_REVIEW
    body = client.get(url("detail", adopted_plan.pk)).content.decode()
    assert "Beskriv SSPF." in body


def test_a_comment_on_the_whole_plan(central_coordinator, adopted_plan):
    response = logged_in(central_coordinator).post(
        url("comment", adopted_plan.pk), {"section": "", "body": "Bra."}
    )
    assert response["Location"].endswith("#comments")
    assert ReviewComment.objects.get().section is None


def test_an_empty_comment_is_refused_with_a_message(central_coordinator, adopted_plan):
    response = logged_in(central_coordinator).post(url("comment", adopted_plan.pk), {"body": ""})
    assert response.status_code == 200
    assert response.context["errors"][0]["message"] == "Skriv kommentaren."
    assert not ReviewComment.objects.exists()


@pytest.mark.parametrize(
    "role", ["jarva_coordinator", "sodermalm_coordinator", "jarva_manager", "employee", "dpo"]
)
def test_only_the_central_coordinator_reviews(role, request, adopted_plan):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    assert client.post(url("comment", adopted_plan.pk), {"body": "x"}).status_code == 403
    assert client.post(url("return", adopted_plan.pk)).status_code == 403
    assert client.post(url("approve", adopted_plan.pk)).status_code == 403
    assert reload(adopted_plan).status == Plan.Status.ADOPTED
    assert not ReviewComment.objects.exists()
    assert refused(user)


def test_a_draft_cannot_be_reviewed(central_coordinator, jarva_plan):
    client = logged_in(central_coordinator)
    assert client.get(url("comment", jarva_plan.pk)).status_code == 403
    assert client.post(url("approve", jarva_plan.pk)).status_code == 403
    assert reload(jarva_plan).status == Plan.Status.DRAFT


def test_returning_needs_an_open_comment(central_coordinator, adopted_plan):
    client = logged_in(central_coordinator)
    assert client.get(url("return", adopted_plan.pk))["Location"] == url("detail", adopted_plan.pk)
    response = client.post(url("return", adopted_plan.pk), follow=True)
    assert "kommentar" in response.content.decode()
    assert reload(adopted_plan).status == Plan.Status.ADOPTED


def test_the_plan_is_returned_answered_resubmitted_and_approved(
    central_coordinator, jarva_coordinator, adopted_plan
):
    central = logged_in(central_coordinator)
    unit = logged_in(jarva_coordinator)
    central.post(url("comment", adopted_plan.pk), {"body": "Mer om samverkan."})
    assert central.get(url("return", adopted_plan.pk)).status_code == 200
    central.post(url("return", adopted_plan.pk), {"note": "Se kommentaren."})
    plan = reload(adopted_plan)
    assert plan.status == Plan.Status.RETURNED
    assert plan.events.last().note == "Se kommentaren."

    detail = unit.get(url("detail", plan.pk))
    assert detail.context["can"].answer and not detail.context["can"].resubmit
    comment = ReviewComment.objects.get()
    assert unit.post(url("resubmit", plan.pk)).status_code == 302
    assert reload(plan).status == Plan.Status.RETURNED  # unanswered comment: not sent
    assert unit.get(url("answer", plan.pk, comment.pk)).status_code == 200
    unit.post(url("answer", plan.pk, comment.pk), {"reply": "Tillagt under Samverkan."})
    comment.refresh_from_db()
    assert comment.reply == "Tillagt under Samverkan." and comment.replied_by == jarva_coordinator
    assert unit.get(url("detail", plan.pk)).context["can"].resubmit
    unit.post(url("resubmit", plan.pk))
    assert reload(plan).status == Plan.Status.IN_REVIEW

    assert central.get(url("approve", plan.pk)).status_code == 200
    central.post(url("approve", plan.pk))
    plan = reload(plan)
    assert plan.status == Plan.Status.APPROVED and plan.approved_by == central_coordinator


@pytest.mark.parametrize("role", ["central_coordinator", "sodermalm_coordinator", "jarva_manager"])
def test_only_the_unit_coordinator_answers(role, request, returned_plan):
    user = request.getfixturevalue(role)
    comment = returned_plan.comments.get()
    client = logged_in(user)
    assert client.post(url("answer", returned_plan.pk, comment.pk), {"reply": "x"}).status_code == 403
    assert client.post(url("resubmit", returned_plan.pk)).status_code == 403
    comment.refresh_from_db()
    assert comment.reply == ""
    assert refused(user)


def test_a_comment_of_another_plan_is_404(
    jarva_coordinator, returned_plan, sodermalm_plan, central_coordinator
):
    other = ReviewComment.objects.create(plan=sodermalm_plan, author=central_coordinator, body="x")
    response = logged_in(jarva_coordinator).post(url("answer", returned_plan.pk, other.pk), {"reply": "x"})
    assert response.status_code == 404


def test_the_buttons_are_only_those_the_person_may_use(
    jarva_coordinator, jarva_manager, central_coordinator, jarva_plan
):
    draft_unit = logged_in(jarva_coordinator).get(url("detail", jarva_plan.pk)).content.decode()
    assert url("send_to_board", jarva_plan.pk) in draft_unit
    assert url("approve", jarva_plan.pk) not in draft_unit
    draft_central = logged_in(central_coordinator).get(url("detail", jarva_plan.pk)).content.decode()
    assert url("send_to_board", jarva_plan.pk) not in draft_central
    assert url("approve", jarva_plan.pk) not in draft_central
    manager = logged_in(jarva_manager).get(url("detail", jarva_plan.pk)).content.decode()
    assert url("send_to_board", jarva_plan.pk) in manager and url("measure_new", jarva_plan.pk) not in manager
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    actions.do_record_board_decision(jarva_coordinator, jarva_plan, dt.date(2026, 2, 1), "x")
    adopted_central = logged_in(central_coordinator).get(url("detail", jarva_plan.pk)).content.decode()
    assert url("approve", jarva_plan.pk) in adopted_central
    assert url("return", jarva_plan.pk) not in adopted_central  # no comment to send back yet
    adopted_unit = logged_in(jarva_coordinator).get(url("detail", jarva_plan.pk)).content.decode()
    assert (
        url("approve", jarva_plan.pk) not in adopted_unit
        and url("measure_new", jarva_plan.pk) not in adopted_unit
    )


# --- partners ---------------------------------------------------------------------------------------------


def test_a_partner_sees_only_shared_measures_of_approved_plans_of_their_units(
    partner, jarva_coordinator, central_coordinator, jarva_plan, sodermalm_coordinator, sodermalm_plan
):
    from safecity.plans.tests.plan_pages import approve

    shared = measure(
        jarva_coordinator, jarva_plan, "Delad åtgärd", shared_with_partners=True, description="Öppen text"
    )
    measure(jarva_coordinator, jarva_plan, "Intern åtgärd")
    measure(sodermalm_coordinator, sodermalm_plan, "Södermalm delad", shared_with_partners=True)
    client = logged_in(partner)
    assert list(client.get(url("shared")).context["measures"]) == []  # not approved yet
    approve(jarva_plan, jarva_coordinator, central_coordinator)
    approve(sodermalm_plan, sodermalm_coordinator, central_coordinator)
    response = client.get(url("shared"))
    assert list(response.context["measures"]) == [shared]
    body = response.content.decode()
    assert "Delad åtgärd" in body and "Öppen text" in body
    assert "Intern åtgärd" not in body and "Södermalm delad" not in body
    assert f"/planer/{jarva_plan.pk}/" not in body  # nothing else of the plan


@pytest.mark.parametrize("role", ["jarva_coordinator", "central_coordinator", "employee", "dpo"])
def test_shared_measures_are_for_partners(role, request):
    user = request.getfixturevalue(role)
    assert logged_in(user).get(url("shared")).status_code == 403
    assert refused(user)


# --- navigation ---------------------------------------------------------------------------------------------


def nav_urls(user):
    return [item["url"] for item in logged_in(user).get("/start/").context["nav_items"]]


def test_the_menu_has_action_plans_for_staff_and_shared_measures_for_partners(
    jarva_coordinator, employee, partner, dpo
):
    assert "/planer/" in nav_urls(jarva_coordinator) and "/planer/" in nav_urls(employee)
    assert "/planer/" not in nav_urls(partner) and "/planer/delade/" in nav_urls(partner)
    assert "/planer/" not in nav_urls(dpo)


def test_only_the_longest_matching_menu_item_is_current(central_coordinator, planning_year):
    items = logged_in(central_coordinator).get("/planer/riktlinjer/").context["nav_items"]
    assert [i["url"] for i in items if i["active"]] == ["/planer/riktlinjer/"]
    items = logged_in(central_coordinator).get("/planer/").context["nav_items"]
    assert [i["url"] for i in items if i["active"]] == ["/planer/"]


def test_the_plan_links_its_documents_and_the_import_for_the_writer(
    jarva_coordinator, central_coordinator, jarva_plan
):
    unit = logged_in(jarva_coordinator).get(url("detail", jarva_plan.pk)).content.decode()
    assert url("plan_pdf", jarva_plan.pk) in unit and url("plan_xlsx", jarva_plan.pk) in unit
    assert url("import", jarva_plan.pk) in unit
    central = logged_in(central_coordinator).get(url("detail", jarva_plan.pk)).content.decode()
    assert url("plan_pdf", jarva_plan.pk) in central and url("import", jarva_plan.pk) not in central
