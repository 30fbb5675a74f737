"""The follow-up pages: T1, T2 and the annual report, locking on submission, corrections."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.plans import actions
from safecity.plans.models import (
    FollowUp,
    FollowUpCorrection,
    Indicator,
    IndicatorValue,
    Plan,
    YouthParticipation,
)
from safecity.plans.tests.fixtures import status, theme
from safecity.plans.tests.plan_pages import approve, measure, reload

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"plans:{name}", args=args)


@pytest.fixture
def youth_measure(jarva_coordinator, jarva_plan):
    return measure(jarva_coordinator, jarva_plan, "Ungdomsråd", themes=[theme(3)])


@pytest.fixture
def indicator(youth_measure):
    return Indicator.objects.create(
        measure=youth_measure, name="Deltagare", unit="st", baseline=10, target=40
    )


@pytest.fixture
def plan(jarva_plan, jarva_coordinator, central_coordinator, youth_measure, indicator):
    return approve(jarva_plan, jarva_coordinator, central_coordinator)


def sheet_post(follow_up, **overrides) -> dict:
    report = follow_up.reports.get()
    measure_id = report.measure_id
    ind = report.measure.indicators.get()
    data = {
        f"r{report.pk}-status": str(status("ongoing").pk),
        f"r{report.pk}-progress": str(report.progress),
        f"r{report.pk}-comment": "Två träffar hölls.",
        f"r{report.pk}-changes": "Ny lokal.",
        f"i{ind.pk}-value": "17,5",
        f"i{ind.pk}-note": "räknat i mars",
        f"y{measure_id}-13_15_girl": "4",
        f"y{measure_id}-13_15_boy": "6",
        "summary-summary": "En bra start.",
    }
    data.update(overrides)
    return data


def opened(coordinator, plan, period="t1") -> FollowUp:
    logged_in(coordinator).get(url("follow_up", plan.pk, period))
    return FollowUp.objects.get(plan=plan, period=period)


def test_the_first_visit_by_the_coordinator_opens_the_follow_up(jarva_coordinator, plan):
    response = logged_in(jarva_coordinator).get(url("follow_up", plan.pk, "t1"))
    assert response.status_code == 200
    follow_up = FollowUp.objects.get(plan=plan, period="t1")
    assert follow_up.reports.count() == 1
    assert reload(plan).status == Plan.Status.FOLLOW_UP
    sheet = response.context["sheet"]
    assert sheet.editable and sheet.lines[0].youth_form is not None
    body = response.content.decode()
    assert "Deltagare" in body and f'name="y{sheet.lines[0].measure.pk}-13_15_girl"' in body


def test_the_draft_is_saved_with_values_and_participation(jarva_coordinator, plan, indicator):
    follow_up = opened(jarva_coordinator, plan)
    response = logged_in(jarva_coordinator).post(url("follow_up", plan.pk, "t1"), sheet_post(follow_up))
    assert response.status_code == 302
    report = follow_up.reports.get()
    assert (report.status.code, report.progress, report.comment) == ("ongoing", 50, "Två träffar hölls.")
    value = IndicatorValue.objects.get(indicator=indicator, year=2026, period="t1")
    assert (value.value, value.note) == (Decimal("17.5"), "räknat i mars")
    counts = {(p.age_band, p.gender): p.count for p in YouthParticipation.objects.filter(period="t1")}
    assert counts == {("13-15", "girl"): 4, ("13-15", "boy"): 6}
    follow_up.refresh_from_db()
    assert follow_up.summary == "En bra start." and not follow_up.is_locked


def test_a_progress_typed_by_hand_is_kept(jarva_coordinator, plan):
    follow_up = opened(jarva_coordinator, plan)
    report = follow_up.reports.get()
    logged_in(jarva_coordinator).post(
        url("follow_up", plan.pk, "t1"), sheet_post(follow_up, **{f"r{report.pk}-progress": "60"})
    )
    report.refresh_from_db()
    assert report.progress == 60


def test_bad_input_names_the_measure_and_field_and_saves_nothing(jarva_coordinator, plan, indicator):
    follow_up = opened(jarva_coordinator, plan)
    report = follow_up.reports.get()
    data = sheet_post(follow_up, **{f"r{report.pk}-progress": "140", f"i{indicator.pk}-value": "mycket"})
    response = logged_in(jarva_coordinator).post(url("follow_up", plan.pk, "t1"), data)
    assert response.status_code == 400
    errors = response.context["sheet"].errors
    assert {e["anchor"] for e in errors} == {f"id_r{report.pk}-progress", f"id_i{indicator.pk}-value"}
    assert all(e["context"] == "1 Ungdomsråd" for e in errors)
    report.refresh_from_db()
    assert report.comment == "" and not IndicatorValue.objects.exists()


def test_save_and_submit_goes_to_the_confirm_page_and_locks(jarva_coordinator, plan, youth_measure):
    follow_up = opened(jarva_coordinator, plan)
    client = logged_in(jarva_coordinator)
    response = client.post(url("follow_up", plan.pk, "t1"), sheet_post(follow_up, submit="1"))
    assert response["Location"] == url("follow_up_submit", plan.pk, "t1")
    assert client.get(response["Location"]).status_code == 200
    follow_up.refresh_from_db()
    assert not follow_up.is_locked
    client.post(url("follow_up_submit", plan.pk, "t1"))
    follow_up.refresh_from_db()
    assert follow_up.is_locked and follow_up.submitted_by == jarva_coordinator
    youth_measure.refresh_from_db()
    assert youth_measure.status.code == "ongoing" and youth_measure.progress == 50

    page = client.get(url("follow_up", plan.pk, "t1"))
    sheet = page.context["sheet"]
    assert not sheet.editable and sheet.correcting
    body = page.content.decode()
    assert 'name="r' not in body  # no line form after submission
    assert "17,5" in body and "Två träffar hölls." in body


def test_a_submitted_follow_up_cannot_be_changed_except_by_correction(jarva_coordinator, plan, indicator):
    follow_up = opened(jarva_coordinator, plan)
    client = logged_in(jarva_coordinator)
    client.post(url("follow_up", plan.pk, "t1"), sheet_post(follow_up))
    client.post(url("follow_up_submit", plan.pk, "t1"))
    report = follow_up.reports.get()

    response = client.post(
        url("follow_up", plan.pk, "t1"), sheet_post(follow_up, **{f"r{report.pk}-comment": "X"})
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.comment == "Två träffar hölls."
    with pytest.raises(Exception):  # noqa: B017 - the action refuses values of a locked period
        actions.do_record_indicator_value(jarva_coordinator, indicator, 2026, "t1", 99)
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal("17.5")
    assert client.post(url("follow_up_submit", plan.pk, "t1")).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.is_locked

    prefix = f"c{report.pk}"
    response = client.post(
        url("follow_up_correct", plan.pk, "t1", report.pk),
        {
            f"{prefix}-field": "comment",
            f"{prefix}-value": "Tre träffar hölls.",
            f"{prefix}-reason": "Fel antal",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.comment == "Tre träffar hölls."
    response = client.post(
        url("follow_up_correct", plan.pk, "t1", report.pk),
        {
            f"{prefix}-field": f"indicator:{indicator.pk}",
            f"{prefix}-value": "19",
            f"{prefix}-reason": "Efterregistrering",
        },
    )
    assert IndicatorValue.objects.get(indicator=indicator).value == 19
    response = client.post(
        url("follow_up_correct", plan.pk, "t1", report.pk),
        {
            f"{prefix}-field": "status",
            f"{prefix}-status": str(status("done").pk),
            f"{prefix}-reason": "Avslutad",
        },
    )
    report.refresh_from_db()
    assert report.status.code == "done"
    corrections = list(
        FollowUpCorrection.objects.values_list("field", "old_value", "new_value", "reason", "by")
    )
    assert corrections == [
        ("comment", "Två träffar hölls.", "Tre träffar hölls.", "Fel antal", jarva_coordinator.pk),
        (f"indicator:{indicator.pk}", "17.50", "19", "Efterregistrering", jarva_coordinator.pk),
        ("status", "Pågående", "Genomförd", "Avslutad", jarva_coordinator.pk),
    ]
    body = client.get(url("follow_up", plan.pk, "t1")).content.decode()
    assert "Fel antal" in body and "Efterregistrering" in body and "Deltagare" in body


def test_a_correction_needs_a_reason_and_a_valid_value(jarva_coordinator, plan):
    follow_up = opened(jarva_coordinator, plan)
    client = logged_in(jarva_coordinator)
    client.post(url("follow_up_submit", plan.pk, "t1"))
    report = follow_up.reports.get()
    prefix = f"c{report.pk}"
    response = client.post(
        url("follow_up_correct", plan.pk, "t1", report.pk),
        {f"{prefix}-field": "progress", f"{prefix}-value": "250", f"{prefix}-reason": ""},
    )
    assert response.status_code == 400
    anchors = {e["anchor"] for e in response.context["sheet"].errors}
    assert anchors == {f"id_{prefix}-value", f"id_{prefix}-reason"}
    assert not FollowUpCorrection.objects.exists()


def test_a_correction_before_submission_is_refused(jarva_coordinator, plan):
    follow_up = opened(jarva_coordinator, plan)
    report = follow_up.reports.get()
    prefix = f"c{report.pk}"
    response = logged_in(jarva_coordinator).post(
        url("follow_up_correct", plan.pk, "t1", report.pk),
        {f"{prefix}-field": "comment", f"{prefix}-value": "x", f"{prefix}-reason": "y"},
    )
    assert response.status_code == 400
    assert not FollowUpCorrection.objects.exists()


@pytest.mark.parametrize(
    "role", ["central_coordinator", "jarva_manager", "sodermalm_coordinator", "employee"]
)
def test_others_read_a_started_follow_up_but_cannot_change_it(role, request, jarva_coordinator, plan):
    follow_up = opened(jarva_coordinator, plan)
    user = request.getfixturevalue(role)
    client = logged_in(user)
    page = client.get(url("follow_up", plan.pk, "t1"))
    assert page.status_code == 200 and not page.context["sheet"].editable
    report = follow_up.reports.get()
    assert client.post(url("follow_up", plan.pk, "t1"), sheet_post(follow_up)).status_code == 403
    assert client.post(url("follow_up_submit", plan.pk, "t1")).status_code == 403
    prefix = f"c{report.pk}"
    correction = {f"{prefix}-field": "comment", f"{prefix}-value": "x", f"{prefix}-reason": "y"}
    assert client.post(url("follow_up_correct", plan.pk, "t1", report.pk), correction).status_code == 403
    report.refresh_from_db()
    follow_up.refresh_from_db()
    assert report.comment == "" and not follow_up.is_locked
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


def test_others_do_not_open_a_follow_up(central_coordinator, plan):
    assert logged_in(central_coordinator).get(url("follow_up", plan.pk, "t2")).status_code == 404
    assert not FollowUp.objects.filter(period="t2").exists()


@pytest.mark.parametrize("role", ["partner", "dpo", "administrator"])
def test_follow_ups_are_refused_to_partners_and_the_dpo(role, request, jarva_coordinator, plan):
    opened(jarva_coordinator, plan)
    user = request.getfixturevalue(role)
    assert logged_in(user).get(url("follow_up", plan.pk, "t1")).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action="refused").exists()


def test_a_draft_plan_has_no_follow_up(jarva_coordinator, jarva_plan):
    client = logged_in(jarva_coordinator)
    assert client.get(url("follow_up", jarva_plan.pk, "t1")).status_code == 404
    assert client.post(url("follow_up", jarva_plan.pk, "t1"), {}).status_code == 403
    assert not FollowUp.objects.exists()


def test_an_unknown_period_or_plan_is_404(jarva_coordinator, plan):
    client = logged_in(jarva_coordinator)
    assert client.get(url("follow_up", plan.pk, "t3")).status_code == 404
    assert client.get(url("follow_up", 999999, "t1")).status_code == 404


def test_a_report_of_another_follow_up_is_404(jarva_coordinator, plan):
    t1 = opened(jarva_coordinator, plan, "t1")
    opened(jarva_coordinator, plan, "t2")
    client = logged_in(jarva_coordinator)
    client.post(url("follow_up_submit", plan.pk, "t2"))
    other = t1.reports.get()
    response = client.post(url("follow_up_correct", plan.pk, "t2", other.pk), {})
    assert response.status_code == 404


def test_parent_measures_take_their_progress_from_the_sub_measures(
    jarva_coordinator, central_coordinator, jarva_plan
):
    parent = measure(jarva_coordinator, jarva_plan, "Huvud")
    measure(jarva_coordinator, jarva_plan, "Del", parent=parent, status=status("done"))
    approve(jarva_plan, jarva_coordinator, central_coordinator)
    response = logged_in(jarva_coordinator).get(url("follow_up", jarva_plan.pk, "annual"))
    lines = response.context["sheet"].lines
    assert [line.measure.title for line in lines] == ["Huvud", "Del"]
    assert "progress" not in lines[0].form.fields and "progress" in lines[1].form.fields
    assert lines[0].youth_form is None  # not a youth measure


def test_the_plan_page_links_the_follow_ups(jarva_coordinator, central_coordinator, plan):
    body = logged_in(jarva_coordinator).get(url("detail", plan.pk)).content.decode()
    assert url("follow_up", plan.pk, "t1") in body and url("follow_up", plan.pk, "annual") in body
    central = logged_in(central_coordinator).get(url("detail", plan.pk)).content.decode()
    assert url("follow_up", plan.pk, "t1") not in central  # nothing started yet


def test_the_follow_up_page_stays_within_a_few_queries(
    jarva_coordinator, central_coordinator, jarva_plan, django_assert_max_num_queries
):
    for n in range(60):
        m = measure(jarva_coordinator, jarva_plan, f"Åtgärd {n}", themes=[theme(3)])
        Indicator.objects.create(measure=m, name=f"Indikator {n}", baseline=1, target=2)
    approve(jarva_plan, jarva_coordinator, central_coordinator)
    client = logged_in(jarva_coordinator)
    client.get(url("follow_up", jarva_plan.pk, "t1"))
    with django_assert_max_num_queries(35):
        assert client.get(url("follow_up", jarva_plan.pk, "t1")).status_code == 200


def test_the_due_date_and_lateness_are_shown(jarva_coordinator, plan):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    plan.year.t1_due = yesterday
    plan.year.save()
    response = logged_in(jarva_coordinator).get(url("follow_up", plan.pk, "t1"))
    assert response.context["due"] == yesterday and response.context["late"]


def test_milestones_are_marked_done_in_the_follow_up(jarva_coordinator, plan, youth_measure):
    from safecity.plans.models import Milestone

    milestone = Milestone.objects.create(
        measure=youth_measure, title="Första träffen", due=dt.date(2026, 3, 1)
    )
    follow_up = opened(jarva_coordinator, plan)
    client = logged_in(jarva_coordinator)
    future = {f"m{milestone.pk}-done_on": "2099-01-01"}
    response = client.post(url("follow_up", plan.pk, "t1"), sheet_post(follow_up, **future))
    assert response.status_code == 400
    assert [e["anchor"] for e in response.context["sheet"].errors] == [f"id_m{milestone.pk}-done_on"]
    client.post(
        url("follow_up", plan.pk, "t1"), sheet_post(follow_up, **{f"m{milestone.pk}-done_on": "2026-03-02"})
    )
    milestone.refresh_from_db()
    assert milestone.done_on == dt.date(2026, 3, 2)
