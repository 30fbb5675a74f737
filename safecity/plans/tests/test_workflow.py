import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from safecity.core.models import AccessLogEntry
from safecity.plans import actions
from safecity.plans.models import FollowUpCorrection, Measure, Plan, PlanEvent, PlanSection
from safecity.plans.tests.fixtures import status, theme

pytestmark = pytest.mark.django_db(transaction=False)


def test_opening_a_year_gives_every_unit_a_draft_plan(planning_year):
    plans = Plan.objects.filter(year=planning_year)
    assert plans.count() == 16  # 11 districts since 2023 and 5 specialist administrations
    assert set(plans.values_list("status", flat=True)) == {Plan.Status.DRAFT}
    assert PlanSection.objects.filter(plan__year=planning_year).count() == 16 * 8


def test_a_year_before_the_merger_gives_18_plans(central_coordinator, city):
    year = actions.do_open_planning_year(central_coordinator, city, 2023)
    assert Plan.objects.filter(year=year).count() == 18


def test_opening_a_year_twice_is_refused(central_coordinator, city, planning_year):
    with pytest.raises(ValidationError):
        actions.do_open_planning_year(central_coordinator, city, 2026)


def test_only_the_central_coordinator_opens_a_year(jarva_coordinator, city):
    with pytest.raises(PermissionDenied):
        actions.do_open_planning_year(jarva_coordinator, city, 2027)
    assert AccessLogEntry.objects.filter(user=jarva_coordinator, action="refused").exists()


def test_the_coordinators_are_told_by_a_link_only(
    jarva_coordinator, central_coordinator, city, django_capture_on_commit_callbacks
):
    jarva_coordinator.email = "coordinator@jarva.invalid"
    jarva_coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_open_planning_year(central_coordinator, city, 2027)
    sent = [m for m in mail.outbox if "coordinator@jarva.invalid" in m.to]
    assert len(sent) == 1
    assert "/planer/" in sent[0].body
    assert "Järva" not in sent[0].body and "Järva" not in sent[0].subject


def make_measure(user, plan, title="Föräldraträffar", **extra):
    data = {"title": title, "status": status("planned"), "themes": [theme(3)], **extra}
    return actions.do_save_measure(user, plan, **data)


def test_the_plan_goes_through_its_year(jarva_coordinator, jarva_manager, central_coordinator, jarva_plan):
    make_measure(jarva_coordinator, jarva_plan)
    actions.do_send_to_board(jarva_manager, jarva_plan)
    actions.do_record_board_decision(jarva_coordinator, jarva_plan, dt.date(2026, 2, 20), "SDN 2026/12")
    actions.do_comment(central_coordinator, jarva_plan, "Beskriv samverkan med polisen.")
    actions.do_return_plan(central_coordinator, jarva_plan)
    comment = jarva_plan.comments.get()
    with pytest.raises(ValidationError):
        actions.do_resubmit(jarva_coordinator, jarva_plan)
    actions.do_answer_comment(jarva_coordinator, comment, "Tillagt under Samverkan.")
    actions.do_resubmit(jarva_coordinator, jarva_plan)
    actions.do_approve(central_coordinator, jarva_plan)
    follow_up = actions.do_open_follow_up(jarva_coordinator, jarva_plan, "t1")
    jarva_plan.refresh_from_db()
    assert jarva_plan.status == Plan.Status.FOLLOW_UP
    assert jarva_plan.board_reference == "SDN 2026/12"
    steps = list(PlanEvent.objects.filter(plan=jarva_plan).values_list("to_status", flat=True))
    assert steps == [
        "draft",
        "sent_to_board",
        "adopted",
        "in_review",
        "returned",
        "in_review",
        "approved",
        "follow_up",
    ]
    assert follow_up.reports.count() == 1


def test_a_coordinator_cannot_edit_another_units_plan(sodermalm_coordinator, jarva_plan):
    with pytest.raises(PermissionDenied):
        make_measure(sodermalm_coordinator, jarva_plan)
    assert not Measure.objects.filter(plan=jarva_plan).exists()


def test_a_plan_sent_to_the_board_is_no_longer_editable(jarva_coordinator, jarva_plan):
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    with pytest.raises(PermissionDenied):
        make_measure(jarva_coordinator, jarva_plan)


def test_a_board_decision_in_the_future_is_refused(jarva_coordinator, jarva_plan):
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    with pytest.raises(ValidationError):
        actions.do_record_board_decision(jarva_coordinator, jarva_plan, dt.date(2099, 1, 1), "x")


def approved(plan, coordinator, central):
    actions.do_send_to_board(coordinator, plan)
    actions.do_record_board_decision(coordinator, plan, dt.date(2026, 2, 1), "ref")
    actions.do_comment(central, plan, "ok")
    actions.do_approve(central, plan)
    return plan


def test_weighted_progress_rolls_up_from_sub_measures(jarva_coordinator, jarva_plan):
    parent = make_measure(jarva_coordinator, jarva_plan, "Trygga skolor")
    make_measure(jarva_coordinator, jarva_plan, "A", parent=parent, weight=3, status=status("done"))
    make_measure(jarva_coordinator, jarva_plan, "B", parent=parent, weight=1, status=status("planned"))
    cancelled = make_measure(
        jarva_coordinator, jarva_plan, "C", parent=parent, weight=5, status=status("cancelled")
    )
    parent.refresh_from_db()
    assert parent.progress == 75  # (3 × 100 + 1 × 0) / 4; the cancelled one does not count
    assert cancelled.progress is None
    make_measure(
        jarva_coordinator,
        jarva_plan,
        "D",
        parent=parent,
        weight=4,
        manual_progress=50,
        status=status("ongoing"),
    )
    parent.refresh_from_db()
    assert parent.progress == 63  # (300 + 0 + 200) / 8 = 62.5 → 63


def test_next_year_carries_over_open_measures_only(jarva_coordinator, central_coordinator, jarva_plan, city):
    open_one = make_measure(jarva_coordinator, jarva_plan, "Pågår")
    make_measure(jarva_coordinator, jarva_plan, "Klar", status=status("done"))
    actions.do_save_indicator(
        jarva_coordinator, open_one, name="Deltagare", unit="st", baseline=10, target=40
    )
    section = jarva_plan.sections.get(section__code="situation")
    actions.do_save_section(jarva_coordinator, jarva_plan, section, "## Läget\n\nOroande trend.")
    next_year = actions.do_open_planning_year(central_coordinator, city, 2027)
    plan = Plan.objects.get(year=next_year, unit=jarva_plan.unit)
    titles = list(plan.measures.values_list("title", flat=True))
    assert titles == ["Pågår"]
    carried = plan.measures.get()
    assert carried.carried_from == open_one
    assert list(carried.themes.values_list("number", flat=True)) == [3]
    assert carried.indicators.get().target == 40
    assert plan.sections.get(section__code="situation").body == "## Läget\n\nOroande trend."
    assert plan.previous == jarva_plan


def test_a_merged_unit_inherits_both_predecessors_measures(central_coordinator, city, jarva_coordinator):
    from safecity.organisation.models import Unit

    old_year = actions.do_open_planning_year(central_coordinator, city, 2023)
    rinkeby = Plan.objects.get(year=old_year, unit__code="rinkeby-kista")
    spanga = Plan.objects.get(year=old_year, unit__code="spanga-tensta")
    Measure.objects.create(plan=rinkeby, title="Rinkeby-åtgärd", status=status("ongoing"))
    Measure.objects.create(plan=spanga, title="Tensta-åtgärd", status=status("ongoing"))
    new_year = actions.do_open_planning_year(central_coordinator, city, 2024)
    jarva = Plan.objects.get(year=new_year, unit=Unit.objects.get(code="jarva"))
    assert sorted(jarva.measures.values_list("title", flat=True)) == ["Rinkeby-åtgärd", "Tensta-åtgärd"]


def test_a_submitted_follow_up_is_locked_and_corrections_are_recorded(
    jarva_coordinator, central_coordinator, jarva_plan
):
    measure = make_measure(jarva_coordinator, jarva_plan)
    approved(jarva_plan, jarva_coordinator, central_coordinator)
    follow_up = actions.do_open_follow_up(jarva_coordinator, jarva_plan, "t1")
    report = follow_up.reports.get()
    actions.do_save_report(
        jarva_coordinator, report, status=status("ongoing"), comment="Två träffar", changes=""
    )
    actions.do_submit_follow_up(jarva_coordinator, follow_up)
    measure.refresh_from_db()
    assert measure.status.code == "ongoing" and measure.progress == 50
    with pytest.raises(ValidationError):
        actions.do_save_report(jarva_coordinator, report, status=status("done"), comment="", changes="")
    with pytest.raises(ValidationError):
        actions.do_correct_report(jarva_coordinator, report, "comment", "Tre träffar", "")
    actions.do_correct_report(jarva_coordinator, report, "comment", "Tre träffar", "Fel antal")
    correction = FollowUpCorrection.objects.get()
    assert (correction.old_value, correction.new_value, correction.by) == (
        "Två träffar",
        "Tre träffar",
        jarva_coordinator,
    )


def test_returning_needs_a_comment(jarva_coordinator, central_coordinator, jarva_plan):
    actions.do_send_to_board(jarva_coordinator, jarva_plan)
    actions.do_record_board_decision(jarva_coordinator, jarva_plan, dt.date(2026, 2, 1), "ref")
    with pytest.raises(ValidationError):
        actions.do_return_plan(central_coordinator, jarva_plan)
