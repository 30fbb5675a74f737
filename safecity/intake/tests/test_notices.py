"""Concern notices: recorded by the unit's social services intake, de-identified, counted for coordinators
with small numbers suppressed. Every page refuses every other role and unit, and logs it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from conftest import logged_in, make_person
from safecity.core.models import AccessLogEntry
from safecity.intake import actions_notices, stats
from safecity.intake.forms_notices import NoticeForm
from safecity.intake.models import ConcernNotice, Decision
from safecity.organisation.models import Role

ALL_ROLES = [
    "central_coordinator",
    "jarva_coordinator",
    "sodermalm_coordinator",
    "jarva_manager",
    "employee",
    "intake_officer",
    "sodermalm_intake",
    "partner",
    "dpo",
    "administrator",
]
RECORDS = {"intake_officer"}
SEES_JARVA_COUNTS = {"central_coordinator", "jarva_coordinator", "intake_officer"}
SEES_SOME_COUNTS = SEES_JARVA_COUNTS | {"sodermalm_coordinator", "sodermalm_intake"}


@pytest.fixture
def sodermalm_intake(db):
    return make_person("sodermalm.intake", Role.INTAKE, "sodermalm", "social-services")


def data(unit, **fields) -> actions_notices.NoticeData:
    values = {
        "received_on": dt.date(2025, 3, 3),
        "unit": unit,
        "sector": "school",
        "age_band": "13-15",
        "milieu": "right_wing",
        "decision": "investigation",
        "decided_on": dt.date(2025, 3, 10),
        "note": "",
        **fields,
    }
    return actions_notices.NoticeData(**values)


@pytest.fixture
def notice(intake_officer, jarva):
    return actions_notices.do_record_notice(intake_officer, data(jarva, note="Oro via skolans kurator."))


def form_data(unit, **fields) -> dict:
    values = {
        "unit": unit.pk,
        "received_on": "2025-03-03",
        "sector": "school",
        "age_band": "16-17",
        "milieu": "islamist",
        "decision": "pending",
        "decided_on": "",
        "note": "",
        **fields,
    }
    return values


def refused(user) -> bool:
    return AccessLogEntry.objects.filter(
        user=user, action="refused", object_type="intake.concernnotice"
    ).exists()


# --- recording --------------------------------------------------------------------------------------------


def test_an_intake_officer_records_a_notice(intake_officer, jarva):
    client = logged_in(intake_officer)
    assert client.get(reverse("intake:notice_new")).status_code == 200
    response = client.post(reverse("intake:notice_new"), form_data(jarva, note="Kom via elevhälsan."))
    assert response.status_code == 302 and response["Location"] == reverse("intake:notices")
    notice = ConcernNotice.objects.get()
    assert (notice.unit, notice.age_band, notice.sector, notice.milieu, notice.decision) == (
        jarva,
        "16-17",
        "school",
        "islamist",
        "pending",
    )
    assert notice.recorded_by == intake_officer and notice.note == "Kom via elevhälsan."
    entry = AccessLogEntry.objects.get(action="create", object_type="intake.concernnotice")
    assert entry.user == intake_officer and entry.unit == jarva and entry.role == "intake"


def test_the_form_has_no_field_for_names_or_identity_numbers(jarva):
    from safecity.organisation.models import Unit

    names = set(NoticeForm(units=Unit.objects.filter(pk=jarva.pk)).fields)
    assert names == {"unit", "received_on", "age_band", "sector", "milieu", "decision", "decided_on", "note"}
    model_fields = {f.name for f in ConcernNotice._meta.get_fields()}
    assert not model_fields & {
        "name",
        "first_name",
        "last_name",
        "personnummer",
        "identity_number",
        "address",
    }


@pytest.mark.parametrize(
    "note",
    [
        "Gäller 19811218-9876 i årskurs 9.",
        "Ring mamman på 070-123 45 67.",
        "Mejla kalle@example.se om detta.",
    ],
)
def test_personal_data_in_the_note_is_refused_and_shown(intake_officer, jarva, note):
    response = logged_in(intake_officer).post(reverse("intake:notice_new"), form_data(jarva, note=note))
    assert response.status_code == 400
    assert not ConcernNotice.objects.exists()
    page = response.content.decode()
    assert "pii-found" in page and "<mark" in page


def test_the_action_runs_the_guard_too(intake_officer, jarva):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions_notices.do_record_notice(intake_officer, data(jarva, note="pnr 811218-9876"))
    assert not ConcernNotice.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"decision": "pending", "decided_on": "2025-03-05"}, "decided_on"),
        ({"decision": "no_action", "decided_on": ""}, "decided_on"),
        ({"decision": "no_action", "decided_on": "2025-03-01"}, "decided_on"),
        ({"received_on": "2999-01-01"}, "received_on"),
        ({"sector": ""}, "sector"),
        ({"age_band": "7"}, "age_band"),
    ],
)
def test_inconsistent_dates_and_choices_are_refused_by_field(intake_officer, jarva, fields, error_field):
    response = logged_in(intake_officer).post(reverse("intake:notice_new"), form_data(jarva, **fields))
    assert response.status_code == 400
    assert response.context["form"].errors.get(error_field)
    assert not ConcernNotice.objects.exists()


def test_the_note_is_encrypted_at_rest(notice):
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM intake_concernnotice WHERE id = %s", [notice.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("enc1:") and "kurator" not in raw


def test_an_intake_officer_records_the_decision_later(intake_officer, jarva):
    notice = actions_notices.do_record_notice(
        intake_officer, data(jarva, decision="pending", decided_on=None)
    )
    client = logged_in(intake_officer)
    page = client.get(reverse("intake:notice_edit", args=[notice.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("intake:notice_edit", args=[notice.pk]),
        form_data(jarva, decision="police_report", decided_on="2025-03-20", received_on="2025-03-03"),
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.decision == "police_report" and notice.decided_on == dt.date(2025, 3, 20)
    change = AccessLogEntry.objects.get(
        action="change", object_id=str(notice.pk), detail__startswith="changed"
    )
    assert "decision" in change.detail and "police_report" not in change.detail


def test_an_officer_cannot_move_a_notice_to_a_unit_they_do_not_work_in(notice, intake_officer, sodermalm):
    response = logged_in(intake_officer).post(
        reverse("intake:notice_edit", args=[notice.pk]), form_data(sodermalm)
    )
    assert response.status_code == 400
    notice.refresh_from_db()
    assert notice.unit.code == "jarva"


def test_an_officer_of_two_units_chooses_the_unit(jarva, sodermalm):
    from safecity.organisation.models import RoleAssignment

    officer = make_person("two.units", Role.INTAKE, "jarva", "social-services")
    RoleAssignment.objects.create(user=officer, role=Role.INTAKE, unit=sodermalm)
    page = logged_in(officer).get(reverse("intake:notice_new"))
    assert 'select name="unit"' in page.content.decode()
    response = logged_in(officer).post(reverse("intake:notice_new"), form_data(sodermalm))
    assert response.status_code == 302
    assert ConcernNotice.objects.get().unit == sodermalm


# --- who sees what ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_list(request, role, notice):
    user = request.getfixturevalue(role)
    response = logged_in(user).get(reverse("intake:notices"))
    if role in RECORDS:
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == [notice]
        assert AccessLogEntry.objects.filter(
            user=user, action="view", object_label="concern notices"
        ).exists()
    elif role == "sodermalm_intake":
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == []
    else:
        assert response.status_code == 403
        assert refused(user)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_form_for_a_new_notice(request, role, jarva, sodermalm):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    get = client.get(reverse("intake:notice_new"))
    post = client.post(reverse("intake:notice_new"), form_data(jarva))
    if role in RECORDS:
        assert get.status_code == 200 and post.status_code == 302
    elif role == "sodermalm_intake":
        # Her own unit only: a Järva notice is refused, not saved.
        assert get.status_code == 200 and post.status_code in (400, 403)
        assert not ConcernNotice.objects.filter(unit=jarva).exists()
    else:
        assert get.status_code == 403 and post.status_code == 403
        assert refused(user)
        assert not ConcernNotice.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_single_notice(request, role, notice):
    user = request.getfixturevalue(role)
    client = logged_in(user)
    url = reverse("intake:notice_edit", args=[notice.pk])
    get = client.get(url)
    post = client.post(url, form_data(notice.unit, decision="no_action", decided_on="2025-03-04"))
    notice.refresh_from_db()
    if role in RECORDS:
        assert get.status_code == 200 and post.status_code == 302
        assert AccessLogEntry.objects.filter(user=user, action="view", object_id=str(notice.pk)).exists()
        assert notice.decision == "no_action"
    else:
        assert get.status_code == 403 and post.status_code == 403
        assert notice.decision == "investigation"
        assert (
            AccessLogEntry.objects.filter(user=user, action="refused", object_id=str(notice.pk)).count() == 2
        )
        assert "kurator" not in get.content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_counts(request, role, notice, jarva):
    user = request.getfixturevalue(role)
    response = logged_in(user).get(reverse("intake:notice_counts"), {"unit": "jarva", "year": "2025"})
    if role in SEES_JARVA_COUNTS:
        assert response.status_code == 200
        assert response.context["unit"] == jarva and response.context["total"] == "<5"
        assert AccessLogEntry.objects.filter(
            user=user, action="view", object_type="intake.concernnotice", object_label="concern notice counts"
        ).exists()
    else:
        assert response.status_code == 403
        assert refused(user)


@pytest.mark.parametrize("role", sorted(SEES_SOME_COUNTS))
def test_the_counts_page_opens_on_the_own_unit(request, role, notice):
    user = request.getfixturevalue(role)
    response = logged_in(user).get(reverse("intake:notice_counts"))
    assert response.status_code == 200
    unit = response.context["unit"]
    if role == "central_coordinator":
        assert unit is None  # the whole city
    else:
        assert unit.code == ("sodermalm" if role.startswith("sodermalm") else "jarva")


def test_coordinators_never_see_a_single_notice(notice, jarva_coordinator):
    page = logged_in(jarva_coordinator).get(reverse("intake:notice_counts"), {"year": "2025"})
    html = page.content.decode()
    assert notice.reference not in html and "kurator" not in html
    assert reverse("intake:notice_edit", args=[notice.pk]) not in html


def test_forged_ids_are_not_found(intake_officer, notice):
    client = logged_in(intake_officer)
    assert client.get(reverse("intake:notice_edit", args=[notice.pk + 1000])).status_code == 404


def test_the_public_is_sent_to_log_in(notice):
    from django.test import Client

    for url in (reverse("intake:notices"), reverse("intake:notice_new"), reverse("intake:notice_counts")):
        response = Client().get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_an_intake_officer_without_the_second_factor_gets_nothing(notice, intake_officer):
    response = logged_in(intake_officer, verified=False).get(reverse("intake:notices"))
    assert response.status_code in (302, 403)
    assert notice.reference not in response.content.decode()


def test_the_list_is_a_bounded_number_of_queries(intake_officer, jarva, django_assert_max_num_queries):
    for day in range(1, 25):
        actions_notices.do_record_notice(intake_officer, data(jarva, received_on=dt.date(2025, 1, day)))
    client = logged_in(intake_officer)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("intake:notices"), {"decision": "investigation", "year": "2025"})
    assert len(response.context["page"].object_list) == 24


# --- counts ------------------------------------------------------------------------------------------------


@pytest.fixture
def many(intake_officer, sodermalm_intake, jarva, sodermalm):
    rows = (
        [("2025-01-10", "school", "13-15", "right_wing", "investigation")] * 7
        + [("2025-02-02", "police", "16-17", "islamist", "police_report")] * 2
        + [("2025-02-20", "relatives", "21+", "unknown", "pending")] * 6
    )
    for received, sector, age, milieu, decision in rows:
        day = dt.date.fromisoformat(received)
        actions_notices.do_record_notice(
            intake_officer,
            data(
                jarva,
                received_on=day,
                sector=sector,
                age_band=age,
                milieu=milieu,
                decision=decision,
                decided_on=None if decision == "pending" else day,
            ),
        )
    actions_notices.do_record_notice(sodermalm_intake, data(sodermalm, received_on=dt.date(2025, 1, 3)))


def test_raw_counts_by_dimension(many, jarva):
    assert stats.notice_counts(unit=jarva, by=("decision",)) == [
        {"decision": "investigation", "count": 7},
        {"decision": "pending", "count": 6},
        {"decision": "police_report", "count": 2},
    ]
    assert stats.notice_counts(by=("unit",)) == [
        {"unit": "jarva", "count": 15},
        {"unit": "sodermalm", "count": 1},
    ]
    assert stats.notice_counts(unit=jarva, by=("month",)) == [
        {"month": dt.date(2025, 1, 1), "count": 7},
        {"month": dt.date(2025, 2, 1), "count": 8},
    ]


def test_suppressed_counts_hide_small_numbers(many, jarva):
    rows = stats.suppressed_notice_counts(unit=jarva, by=("milieu",))
    assert {r["milieu"]: r["count"] for r in rows} == {"islamist": "<5", "right_wing": 7, "unknown": 6}


def test_a_lone_small_count_cannot_be_worked_out_from_the_total(many, jarva):
    tables = stats.notice_tables(jarva, dt.date(2025, 1, 1), dt.date(2025, 2, 28))
    assert tables["total"] == 15
    decision = {row["decision"]: row["count"] for row in tables["tables"]["decision"]}
    # police_report (2) is small; with the total shown, the smallest other count (pending, 6) is hidden too.
    assert decision == {
        "investigation": 7,
        "police_report": "<5",
        "no_action": 0,
        "exit_programme": 0,
        "pending": "<5",
    }
    months = tables["tables"]["month"]
    assert [row["month"] for row in months] == [dt.date(2025, 1, 1), dt.date(2025, 2, 1)]


def test_a_small_total_is_suppressed(many, sodermalm):
    tables = stats.notice_tables(sodermalm, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert tables["total"] == "<5"


def test_suppress_table_rules():
    rows = [{"k": "a", "count": 3}, {"k": "b", "count": 10}, {"k": "c", "count": 0}]
    shown, total = stats.suppress_table(rows, threshold=5)
    assert [r["count"] for r in shown] == ["<5", "<5", 0] and total == 13
    rows = [{"k": "a", "count": 3}, {"k": "b", "count": 2}, {"k": "c", "count": 9}]
    shown, total = stats.suppress_table(rows, threshold=5)
    assert [r["count"] for r in shown] == ["<5", "<5", 9] and total == 14
    shown, total = stats.suppress_table([{"k": "a", "count": 0}], threshold=5)
    assert shown == [{"k": "a", "count": 0}] and total == 0


def test_the_counts_page_shows_the_suppressed_tables(many, jarva_coordinator):
    response = logged_in(jarva_coordinator).get(reverse("intake:notice_counts"), {"year": "2025"})
    assert response.status_code == 200
    assert response.context["total"] == 15
    decision = next(t for t in response.context["tables"] if t["name"] == "decision")
    assert [row["count"] for row in decision["rows"]] == [7, "<5", 0, 0, "<5"]
    assert "&lt;5" in response.content.decode()


def test_the_central_coordinator_sees_the_city_or_any_unit(many, central_coordinator):
    client = logged_in(central_coordinator)
    city = client.get(reverse("intake:notice_counts"), {"year": "2025"})
    assert city.context["total"] == 16
    unit = client.get(reverse("intake:notice_counts"), {"year": "2025", "unit": "sodermalm"})
    assert unit.status_code == 200 and unit.context["total"] == "<5"


def test_a_unit_coordinator_cannot_ask_for_another_unit(many, jarva_coordinator):
    response = logged_in(jarva_coordinator).get(reverse("intake:notice_counts"), {"unit": "sodermalm"})
    assert response.status_code == 403
    assert refused(jarva_coordinator)


def test_counting_is_one_query_per_table(many, jarva, django_assert_max_num_queries):
    with django_assert_max_num_queries(5 + 3):  # + the unit's predecessors
        stats.notice_tables(jarva, dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_a_decision_can_be_pending_without_a_date_only(intake_officer, jarva):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions_notices.do_record_notice(intake_officer, data(jarva, decision=Decision.PENDING))
