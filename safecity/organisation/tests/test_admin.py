import pytest
from django.contrib.auth import get_user_model

from conftest import logged_in
from safecity.core.models import AccessLogEntry
from safecity.organisation.models import Role, RoleAssignment, Unit

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "/admin/organisation/unit/",
    "/admin/organisation/area/",
    "/admin/organisation/function/",
    "/admin/organisation/contact/",
    "/admin/organisation/roleassignment/",
    "/admin/organisation/city/",
    "/admin/accounts/user/",
]


@pytest.mark.parametrize("url", CHANGELISTS)
def test_the_administrator_opens_every_list_in_the_admin(administrator, url):
    response = logged_in(administrator).get(url)
    assert response.status_code == 200


def test_the_admin_is_in_swedish(administrator):
    body = logged_in(administrator).get("/admin/").content.decode()
    assert "Organisation" in body
    assert "Enheter" in body or "enheter" in body


def test_an_administrator_who_skipped_the_second_factor_is_stopped(administrator):
    response = logged_in(administrator, verified=False).get("/admin/organisation/unit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/tvastegsverifiering/")


def test_the_admin_refuses_a_coordinator(central_coordinator):
    response = logged_in(central_coordinator).get("/admin/organisation/unit/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_administrator_edits_a_unit_and_the_change_is_audited(administrator):
    unit = Unit.objects.get(code="farsta")
    url = f"/admin/organisation/unit/{unit.pk}/change/"
    client = logged_in(administrator)
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        {
            "name": "Farsta",
            "name_en": "Farsta district",
            "city": unit.city_id,
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "populations-TOTAL_FORMS": "0",
            "populations-INITIAL_FORMS": "0",
        }
    )
    data.pop("successor", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    unit.refresh_from_db()
    assert unit.name_en == "Farsta district"
    entry = AccessLogEntry.objects.get(user=administrator, action="change", object_type="organisation.unit")
    assert entry.changes["name_en"] == ["Farsta", "Farsta district"]


def test_the_administrator_gives_a_person_a_role_in_the_admin(administrator, no_role_user):
    client = logged_in(administrator)
    response = client.post(
        "/admin/organisation/roleassignment/add/",
        {"user": no_role_user.pk, "role": Role.EMPLOYEE, "unit": Unit.objects.get(code="jarva").pk},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=no_role_user, role=Role.EMPLOYEE).exists()
    assert AccessLogEntry.objects.filter(
        user=administrator, action="create", object_type="organisation.roleassignment"
    ).exists()


def test_a_unit_role_without_a_unit_is_refused_with_a_reason(administrator, no_role_user):
    response = logged_in(administrator).post(
        "/admin/organisation/roleassignment/add/", {"user": no_role_user.pk, "role": Role.UNIT_COORDINATOR}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"]
    assert not RoleAssignment.objects.filter(user=no_role_user).exists()


def test_a_password_change_is_audited_without_the_password(administrator, employee):
    client = logged_in(administrator)
    url = f"/admin/accounts/user/{employee.pk}/password/"
    response = client.post(url, {"password1": "Another-long-pass-99", "password2": "Another-long-pass-99"})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.check_password("Another-long-pass-99")
    for entry in AccessLogEntry.objects.filter(user=administrator):
        assert "Another-long-pass-99" not in str(entry.changes)


def test_demo_accounts_are_created_once_per_role(settings, capsys):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    demo_users = get_user_model().objects.filter(is_demo=True)
    assert demo_users.count() == 14
    roles = set(RoleAssignment.objects.filter(user__is_demo=True).values_list("role", flat=True))
    assert roles == set(Role.values)
    assert "demo-SafeCity-2026" in out
    units = set(RoleAssignment.objects.filter(user__is_demo=True).values_list("unit__code", flat=True))
    assert {"jarva", "sodermalm", "utbildningsforvaltningen"} <= units


def test_demo_totp_prints_the_code_the_login_accepts(settings, capsys):
    from django.core.management import call_command
    from django.test import Client

    from safecity.organisation.demo import DEMO_PASSWORD

    settings.DEBUG = True
    call_command("load_demo")
    capsys.readouterr()
    call_command("demo_totp", "coord.jarva")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    client = Client()
    client.post("/konto/logga-in/", {"username": "coord.jarva", "password": DEMO_PASSWORD})
    client.post("/konto/tvastegsverifiering/", {"token": code})
    assert client.get("/organisation/enheter/jarva/personal/").status_code == 200


def test_demo_totp_refuses_a_non_demo_account(settings, jarva_coordinator):
    from django.core.management import CommandError, call_command

    settings.DEBUG = True
    with pytest.raises(CommandError):
        call_command("demo_totp", jarva_coordinator.username)


def test_an_administrator_cannot_give_themselves_a_role_in_the_admin(administrator):
    response = logged_in(administrator).post(
        "/admin/organisation/roleassignment/add/", {"user": administrator.pk, "role": Role.DPO}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"]
    assert not RoleAssignment.objects.filter(user=administrator, role=Role.DPO).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/plans/measurestatus/",
        "/admin/plans/focusarea/",
        "/admin/plans/targetgroup/",
        "/admin/competence/programme/",
        "/admin/competence/coveragetarget/",
        "/admin/alliances/agreement/",
    ],
)
def test_the_administrator_configures_plans_competence_and_agreements(administrator, url):
    assert logged_in(administrator).get(url).status_code == 200


def test_the_administrator_never_edits_plans_themselves(administrator):
    from safecity.accounts.backends import RolePermissionBackend

    backend = RolePermissionBackend()
    assert not backend.has_perm(administrator, "plans.change_plan")
    assert not backend.has_perm(administrator, "plans.change_measure")
    assert backend.has_perm(administrator, "plans.change_measurestatus")
