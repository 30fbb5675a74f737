"""The contacts a reader needs, and the guide text with its placeholders filled in.

A guide's steps name contacts by placeholder — {coordinator}, {intake}, {police} — and each reader
gets their own: staff those of their home unit (or of the area they pick), citizens those of the
district of the area they pick. Placeholders are replaced after the Markdown has been sanitised,
and only in text between tags, with HTML built from escaped contact fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from safecity.core import richtext
from safecity.organisation import directory
from safecity.organisation.models import Area, Contact, Unit

PLACEHOLDERS = {
    "coordinator": Contact.Kind.COORDINATOR,
    "intake": Contact.Kind.INTAKE,
    "police": Contact.Kind.POLICE,
}
PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
TAG = re.compile(r"(<[^>]*>)")


@dataclass
class ReaderContacts:
    """Whose contacts fill a guide: the unit they belong to, the area that led there, by kind."""

    unit: Unit | None = None
    area: Area | None = None
    by_kind: dict[str, Contact] = field(default_factory=dict)

    def get(self, kind: str) -> Contact | None:
        return self.by_kind.get(kind)

    @property
    def intake(self) -> Contact | None:
        return self.get(Contact.Kind.INTAKE)


def contacts_for(*, unit: Unit | None = None, area: Area | None = None, public_only: bool) -> ReaderContacts:
    """The first contact of each kind of `area`'s district (when given) or else of `unit`."""
    if area is not None:
        unit = area.unit_on()
    if unit is None:
        return ReaderContacts(area=area)
    by_kind: dict[str, Contact] = {}
    for contact in directory.contacts_for(unit, public_only=public_only):
        by_kind.setdefault(contact.kind, contact)
    return ReaderContacts(unit=unit, area=area, by_kind=by_kind)


def tel(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def _interpolate(message: str, **parts: SafeString) -> SafeString:
    """A translated sentence with safe HTML parts put into its %(name)s slots; the sentence is escaped."""
    return mark_safe(conditional_escape(message) % parts)  # noqa: S308 - escaped text, format_html parts


def _missing(kind: str) -> SafeString:
    if kind == Contact.Kind.POLICE:
        return _interpolate(
            _("the police on %(phone)s"), phone=format_html('<a href="tel:11414">{}</a>', "114 14")
        )
    text = {
        Contact.Kind.COORDINATOR: _("the coordinator against violent extremism in your district"),
        Contact.Kind.INTAKE: _("social services intake in your district"),
    }[kind]
    return format_html('<em class="contact-missing">{}</em>', text)


def contact_inline(contact: Contact | None, kind: str, *, hours: bool = True) -> SafeString:
    """One contact inside a sentence: name, telephone link, opening hours. Every field is escaped."""
    if contact is None:
        return _missing(kind)
    name = format_html('<strong class="contact-name">{}</strong>', contact.display_title)
    if contact.phone:
        name = format_html('{}, <a href="tel:{}">{}</a>', name, tel(contact.phone), contact.phone)
    if hours and contact.display_opening_hours:
        name = format_html("{} ({})", name, contact.display_opening_hours)
    return format_html('<span class="contact-inline">{}</span>', name)


def fill(html: str, contacts: ReaderContacts, *, hours: bool = True) -> SafeString:
    """Sanitised HTML with each placeholder in its text (never inside a tag) replaced by a contact."""

    def contact(match: re.Match) -> str:
        kind = PLACEHOLDERS[match.group(1)]
        return str(contact_inline(contacts.get(kind), kind, hours=hours))

    parts = TAG.split(str(html))
    for index in range(0, len(parts), 2):
        parts[index] = PLACEHOLDER.sub(contact, parts[index])
    return mark_safe("".join(parts))  # noqa: S308 - sanitised Markdown with escaped contact HTML


def render(markdown_text: str, contacts: ReaderContacts, *, hours: bool = True) -> SafeString:
    """Markdown → sanitised HTML → contacts filled in (without opening hours on the printed sheet,
    which lists them once in its contact box)."""
    return fill(richtext.render(markdown_text), contacts, hours=hours)


def signal_report_url() -> str:
    """Where to report a signal, or "" while the intake module is not installed."""
    try:
        return reverse("intake:report")
    except NoReverseMatch:
        return ""
