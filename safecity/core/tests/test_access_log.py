import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from conftest import logged_in
from safecity.core.access_log import log_access
from safecity.core.models import AccessLogEntry, AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(employee):
    return log_access(
        employee, AccessLogEntry.Action.VIEW, object_type="test.thing", object_id=7, label="a thing"
    )


def test_an_entry_cannot_be_changed(entry):
    entry.detail = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_the_log_cannot_be_changed_or_deleted_in_bulk(entry):
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(detail="tampered")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).detail == ""


def test_a_person_with_log_entries_cannot_be_deleted(entry, employee):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        get_user_model().objects.filter(pk=employee.pk).delete()


def test_the_admin_offers_no_add_change_or_delete(entry, administrator):
    from django.contrib import admin

    model_admin = admin.site._registry[AccessLogEntry]
    request = type("R", (), {"user": administrator})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_the_dpo_reads_the_log_and_the_reading_is_logged(dpo, entry):
    response = logged_in(dpo).get("/atkomstlogg/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "test.thing:7" in body
    assert AccessLogEntry.objects.filter(user=dpo, object_type="core.accesslogentry", action="view").exists()


def test_the_dpo_filters_by_person_unit_type_action_and_dates(
    dpo, employee, jarva_coordinator, jarva, sodermalm
):
    log_access(employee, "view", object_type="a.one", object_id=1, unit=jarva)
    log_access(jarva_coordinator, "change", object_type="a.two", object_id=2, unit=jarva)
    log_access(employee, "view", object_type="a.one", object_id=3, unit=sodermalm)
    past = AccessLogEntry(
        at=timezone.now() - dt.timedelta(days=40),
        username="x",
        action="view",
        object_type="a.one",
        object_id="4",
    )
    past.save()
    client = logged_in(dpo)

    def ids(**query):
        page = client.get("/atkomstlogg/", query).context["page"]
        return sorted(e.object_id for e in page if e.object_type.startswith("a."))

    assert ids(person=employee.pk) == ["1", "3"]
    assert ids(unit=jarva.pk) == ["1", "2"]
    assert ids(object_type="a.two") == ["2"]
    assert ids(action="change") == ["2"]
    today = timezone.localdate()
    assert ids(date_from=today - dt.timedelta(days=41), date_to=today - dt.timedelta(days=39)) == ["4"]
    assert ids(date_from=today, date_to=today) == ["1", "2", "3"]


def test_a_start_date_after_the_end_date_is_explained(dpo):
    response = logged_in(dpo).get("/atkomstlogg/", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(response.context["page"]) == 0


def test_the_dpo_exports_the_filtered_log_as_csv(dpo, employee, jarva):
    log_access(employee, "view", object_type="a.one", object_id=1, unit=jarva, label="Järva thing")
    log_access(employee, "view", object_type="a.two", object_id=2, unit=jarva)
    response = logged_in(dpo).get("/atkomstlogg.csv", {"object_type": "a.one"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2
    assert rows[1][1] == employee.username
    assert rows[1][3] == "Järva"
    assert rows[1][5:8] == ["a.one", "1", "Järva thing"]
    export = AccessLogEntry.objects.get(user=dpo, action="export")
    assert "object_type=a.one" in export.detail


@pytest.mark.parametrize(
    "member",
    ["central_coordinator", "jarva_coordinator", "employee", "partner", "administrator", "intake_officer"],
)
def test_everyone_but_the_dpo_is_refused_the_log_and_its_export(request, member):
    user = request.getfixturevalue(member)
    client = logged_in(user)
    assert client.get("/atkomstlogg/").status_code == 403
    assert client.get("/atkomstlogg.csv").status_code == 403
    assert (
        AccessLogEntry.objects.filter(user=user, action="refused", object_type="core.accesslogentry").count()
        == 2
    )


def test_an_anonymous_visitor_is_sent_to_login():
    from django.test import Client

    response = Client().get("/atkomstlogg/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def test_the_log_page_uses_a_bounded_number_of_queries(dpo, employee, jarva, django_assert_max_num_queries):
    for number in range(60):
        log_access(employee, "view", object_type="a.one", object_id=number, unit=jarva)
    client = logged_in(dpo)
    with django_assert_max_num_queries(25):
        client.get("/atkomstlogg/")


def test_the_log_shows_roles_in_words_not_codes(dpo, jarva_coordinator, jarva):
    from django.utils import translation

    logged_in(jarva_coordinator).get("/organisation/enheter/jarva/personal/")
    body = logged_in(dpo).get("/atkomstlogg/").content.decode()
    with translation.override("sv"):
        label = translation.gettext("unit coordinator")
    assert label.capitalize() in body or label[0].upper() + label[1:] in body
    assert ">unit_coordinator<" not in body


def test_the_csv_export_neutralises_spreadsheet_formulas(dpo):
    log_access(None, "login_failed", object_type="accounts.user", label='=HYPERLINK("http://x")')
    text = b"".join(logged_in(dpo).get("/atkomstlogg.csv").streaming_content).decode()
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


def test_an_invalid_filter_exports_nothing_rather_than_everything(dpo, employee):
    log_access(employee, "view", object_type="a.one", object_id=1)
    response = logged_in(dpo).get("/atkomstlogg.csv", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert len(rows) == 1  # the header only
