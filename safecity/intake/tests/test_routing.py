"""Routing: rules first (in order), then the district of the area on that day, then the central office.
The coordinators are told by a link, never the content."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from safecity.intake import actions
from safecity.intake.models import RoutingRule
from safecity.intake.tests.conftest import report
from safecity.organisation.models import Unit


def submit(**fields):
    return actions.do_submit_signal(None, report(**fields)).signal


def test_by_area_to_the_district_of_that_day(rinkeby, jarva):
    signal = submit(area=rinkeby, occurred_on=dt.date(2025, 3, 14))
    assert signal.unit == jarva
    assert signal.district == jarva
    assert signal.routed_by is None


def test_before_a_merger_the_old_district_is_recorded_and_its_successor_handles_it(rinkeby, jarva):
    signal = submit(area=rinkeby, occurred_on=dt.date(2022, 5, 1))
    assert signal.district.code == "rinkeby-kista"
    assert signal.unit == jarva


def test_by_kind_to_a_specialist_administration(rinkeby):
    education = Unit.objects.get(code="utbildningsforvaltningen")
    RoutingRule.objects.create(position=1, name="Skolor", kind="facility_incident", target=education)
    signal = submit(area=rinkeby, kind="facility_incident")
    assert signal.unit == education
    assert signal.routed_by.name == "Skolor"
    assert signal.district.code == "jarva"  # still counted for the district's picture
    other = submit(area=rinkeby, kind="propaganda")
    assert other.unit.code == "jarva"


def test_an_area_rule_overrides_the_district(rinkeby):
    central = Unit.objects.get(code="stadsledningskontoret")
    rule = RoutingRule.objects.create(position=1, name="Rinkeby centralt", target=central)
    rule.areas.add(rinkeby)
    assert submit(area=rinkeby).unit == central


def test_the_first_matching_rule_wins_and_inactive_rules_are_skipped(rinkeby):
    culture = Unit.objects.get(code="kulturforvaltningen")
    sports = Unit.objects.get(code="idrottsforvaltningen")
    social = Unit.objects.get(code="socialforvaltningen")
    RoutingRule.objects.create(position=1, name="Av", kind="threat", target=social, is_active=False)
    RoutingRule.objects.create(position=2, name="Först", kind="threat", target=culture)
    RoutingRule.objects.create(position=3, name="Sedan", kind="threat", target=sports)
    assert submit(area=rinkeby, kind="threat").unit == culture


def test_without_a_place_to_the_central_office(db):
    signal = submit(area=None, kind="online_hate")
    assert signal.unit.code == "stadsledningskontoret"
    assert signal.district is None


def test_a_rule_to_a_merged_unit_goes_to_its_successor(rinkeby, jarva):
    old = Unit.objects.get(code="rinkeby-kista")
    RoutingRule.objects.create(position=1, name="Gammal", target=old)
    assert submit(area=rinkeby).unit == jarva


def test_the_coordinators_get_a_link_and_no_content(
    rinkeby, jarva_coordinator, sodermalm_coordinator, django_capture_on_commit_callbacks
):
    jarva_coordinator.email = "samordnare@jarva.invalid"
    jarva_coordinator.save()
    sodermalm_coordinator.email = "samordnare@sodermalm.invalid"
    sodermalm_coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        signal = submit(area=rinkeby, description="Klistermärken med hakkors vid Rinkeby torg.")
    assert [m.to for m in mail.outbox] == [["samordnare@jarva.invalid"]]
    sent = mail.outbox[0]
    assert f"/rapportera/signaler/{signal.pk}/" in sent.body
    for secret in ("hakkors", "Rinkeby", "propaganda", "Järva", "klistermärken"):
        assert secret.lower() not in (sent.subject + sent.body).lower()


def test_the_central_office_is_handled_by_the_central_coordinators(
    db, central_coordinator, jarva_coordinator, django_capture_on_commit_callbacks
):
    central_coordinator.email = "central@stad.invalid"
    central_coordinator.save()
    jarva_coordinator.email = "samordnare@jarva.invalid"
    jarva_coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(area=None)
    assert [m.to for m in mail.outbox] == [["central@stad.invalid"]]


def test_administrators_configure_rules_in_the_admin(administrator):
    from conftest import logged_in

    client = logged_in(administrator)
    assert client.get("/admin/intake/routingrule/").status_code == 200
    assert client.get("/admin/intake/routingrule/add/").status_code == 200
    assert client.get("/admin/intake/label/").status_code == 200
    # Signals themselves are read only through the checked pages, never the admin.
    assert client.get("/admin/intake/signal/").status_code == 404


def test_the_administrator_has_no_permission_on_signals(administrator):
    assert administrator.has_perm("intake.change_routingrule")
    assert administrator.has_perm("intake.add_label")
    assert not administrator.has_perm("intake.view_signal")
    assert not administrator.has_perm("intake.view_message")
