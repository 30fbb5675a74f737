"""Placeholders in the guide text become the reader's own contacts, safely escaped."""

from __future__ import annotations

import pytest

from safecity.guidance import contacts
from safecity.organisation.models import Area, Contact, Unit

pytestmark = pytest.mark.django_db


def test_it_fills_in_the_contacts_of_a_unit(jarva):
    reader = contacts.contacts_for(unit=jarva, public_only=True)
    html = str(contacts.render("1. Ring {intake}.\n2. Säg till {coordinator}.\n3. Polisen: {police}", reader))
    assert "Socialtjänstens mottagning, Järva" in html
    assert "Samordnare mot våldsbejakande extremism, Järva" in html
    assert "{" not in html
    assert 'href="tel:0850800508"' in html


def test_it_fills_in_the_contacts_of_the_district_of_a_picked_area():
    area = Area.objects.get(code="bagarmossen")
    reader = contacts.contacts_for(area=area, public_only=True)
    assert reader.unit.code == "skarpnack"
    assert "Skarpnäck" in str(contacts.render("Ring {intake}.", reader))


def test_different_units_get_different_contacts(jarva, sodermalm):
    text = "Ring {coordinator}."
    jarva_html = str(contacts.render(text, contacts.contacts_for(unit=jarva, public_only=False)))
    sodermalm_html = str(contacts.render(text, contacts.contacts_for(unit=sodermalm, public_only=False)))
    assert "Järva" in jarva_html and "Södermalm" not in jarva_html
    assert "Södermalm" in sodermalm_html and "Järva" not in sodermalm_html


def test_it_says_whom_to_look_for_when_no_area_is_picked():
    html = str(contacts.render("Ring {intake}. Eller {police}.", contacts.contacts_for(public_only=True)))
    assert "contact-missing" in html
    assert 'href="tel:11414"' in html


def test_a_unit_without_an_intake_contact_gets_the_generic_text():
    education = Unit.objects.get(code="utbildningsforvaltningen")
    html = str(contacts.render("Ring {intake}.", contacts.contacts_for(unit=education, public_only=False)))
    assert "contact-missing" in html


def test_it_escapes_the_contact_fields(jarva):
    Contact.objects.filter(unit=jarva, kind=Contact.Kind.INTAKE).update(
        title='<script>alert("x")</script>',
        phone='08"><img src=x onerror=alert(1)>',
        opening_hours="<b>8–16</b>",
    )
    html = str(contacts.render("Ring {intake}.", contacts.contacts_for(unit=jarva, public_only=True)))
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="tel:081"' in html  # only digits reach the link


def test_it_leaves_placeholders_inside_tags_alone(jarva):
    reader = contacts.contacts_for(unit=jarva, public_only=True)
    html = str(contacts.render("[länk](https://example.org/{intake}) och {unknown}", reader))
    assert 'href="https://example.org/{intake}"' in html
    assert "{unknown}" in html


def test_the_markdown_is_sanitised_before_the_contacts_go_in(jarva):
    reader = contacts.contacts_for(unit=jarva, public_only=True)
    html = str(contacts.render("<script>alert(1)</script> {intake} <a href='javascript:x'>x</a>", reader))
    assert "<script>" not in html and "javascript:" not in html
    assert "Socialtjänstens mottagning, Järva" in html


def test_staff_see_internal_contacts_and_the_public_only_public_ones(jarva):
    Contact.objects.filter(unit=jarva, kind=Contact.Kind.COORDINATOR).update(is_public=False)
    assert contacts.contacts_for(unit=jarva, public_only=False).get(Contact.Kind.COORDINATOR) is not None
    assert contacts.contacts_for(unit=jarva, public_only=True).get(Contact.Kind.COORDINATOR) is None


@pytest.mark.urls("safecity.guidance.tests.urls_without_intake")
def test_there_is_no_signal_link_before_the_intake_module_exists():
    assert contacts.signal_report_url() == ""


@pytest.mark.urls("safecity.guidance.tests.urls_with_intake")
def test_the_signal_link_leads_to_the_intake_form():
    assert contacts.signal_report_url() == "/test-intake/rapportera/"
