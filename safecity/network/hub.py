"""The network hub: importing other cities' profile documents and reading them side by side.

A document is imported whole or not at all: read (size cap, JSON with line and column), validated
against the schema (schema.py), then stored as one HubProfile row keyed by the city's id. A newer
publication replaces the stored one; an older one is refused. This city's own latest published
profile is shown in the hub without importing (read through document.public_document).

Fetching from an address: only http and https, ten seconds, the same size cap, and no addresses in
private, loopback or link-local ranges (the server must not be usable to probe its own network)
unless NETWORK_HUB_ALLOW_PRIVATE_URLS is on. Redirects are checked the same way.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.organisation.access import log_access

from .models import HubProfile
from .schema import MAX_DOCUMENT_BYTES, DocumentError, parse_document, validate_document

FETCH_TIMEOUT = 10
DEMO_DIR = Path(__file__).resolve().parent / "data" / "demo"


# --- reading an address ---------------------------------------------------------------------------


def allow_private_urls() -> bool:
    return bool(getattr(settings, "NETWORK_HUB_ALLOW_PRIVATE_URLS", False))


def check_url(url: str) -> None:
    """Refuse other schemes and, unless allowed, hosts that resolve to non-public addresses."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DocumentError(_("Only http and https addresses can be imported."))
    if allow_private_urls():
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise DocumentError(_("The host %(host)s was not found.") % {"host": parts.hostname}) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise DocumentError(
                _("The address %(host)s is in a private or local network and cannot be imported from.")
                % {"host": parts.hostname}
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, max_bytes: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The body at `url`, at most `max_bytes` long, or DocumentError with the reason."""
    check_url(url)
    opener = urllib.request.build_opener(_CheckedRedirects)
    headers = {"Accept": "application/json", "User-Agent": "SafeCity-hub/1"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (scheme checked above)
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 (scheme checked above)
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise DocumentError(_too_large(int(length), max_bytes))
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise DocumentError(
            _("The address answered with HTTP status %(status)s; nothing was imported.")
            % {"status": exc.code}
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DocumentError(
            _("The address could not be read (%(reason)s); nothing was imported.") % {"reason": reason}
        ) from None
    if len(body) > max_bytes:
        raise DocumentError(_too_large(len(body), max_bytes))
    return body


def _too_large(size: int, max_bytes: int) -> str:
    return _("The file is too large (%(size)s kB); a profile may be at most %(max)s kB.") % {
        "size": size // 1024,
        "max": max_bytes // 1024,
    }


# --- importing ------------------------------------------------------------------------------------


def published_at_of(doc: dict) -> dt.datetime:
    value = parse_datetime(doc["published_at"])
    if value is None:
        raise DocumentError(
            _("published_at: %(value)s is not a date and time") % {"value": doc["published_at"]}
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def do_import_document(
    user, doc: dict, *, source_url: str = "", source_filename: str = "", is_demo: bool = False
) -> tuple[HubProfile, bool]:
    """Store a validated document; returns (hub profile, created). All or nothing."""
    validate_document(doc)
    published = published_at_of(doc)
    city = doc["city"]
    with transaction.atomic():
        existing = HubProfile.objects.select_for_update().filter(city_id=city["id"]).first()
        if existing is not None and existing.published_at and published < existing.published_at:
            raise DocumentError(
                _(
                    "This profile of %(city)s was published %(new)s, which is older than the one you have "
                    "(published %(old)s); nothing was changed."
                )
                % {
                    "city": existing.city_name,
                    "new": timezone.localtime(published).strftime("%Y-%m-%d %H:%M"),
                    "old": timezone.localtime(existing.published_at).strftime("%Y-%m-%d %H:%M"),
                }
            )
        hub = existing or HubProfile(city_id=city["id"])
        hub.city_name = city["name"].get("sv") or city["id"]
        hub.country = city.get("country", "")
        hub.schema_version = doc["schema_version"]
        hub.source_url = source_url
        hub.source_filename = source_filename[:255]
        hub.is_demo = is_demo
        hub.published_at = published
        hub.imported_by = user if getattr(user, "is_authenticated", False) else None
        hub.document = doc
        hub.save()
        if user is not None and getattr(user, "is_authenticated", False):
            log_access(
                user,
                Action.CHANGE if existing else Action.CREATE,
                obj=hub,
                detail=source_url or source_filename or "document",
            )
    return hub, existing is None


def do_remove_hub_profile(user, city_id: str) -> str:
    """Remove an imported city from the hub; returns its name. Its own site keeps publishing it."""
    with transaction.atomic():
        profile = HubProfile.objects.select_for_update().filter(city_id=city_id).first()
        if profile is None:
            raise HubProfile.DoesNotExist(city_id)
        name = profile.city_name
        log_access(user, Action.DELETE, obj=profile, detail=profile.source_url or profile.source_filename)
        profile.delete()
    return name


def import_bytes(user, data: bytes, **kwargs) -> tuple[HubProfile, bool]:
    return do_import_document(user, parse_document(data), **kwargs)


def import_url(user, url: str, **kwargs) -> tuple[HubProfile, bool]:
    return import_bytes(user, fetch(url), source_url=url, **kwargs)


def demo_files() -> list[Path]:
    return sorted(DEMO_DIR.glob("*.json"))


def load_hub_demo(user=None) -> list[HubProfile]:
    """Import the fictional demo cities (idempotent: the same file updates the same row)."""
    loaded = []
    for path in demo_files():
        hub, _created = import_bytes(user, path.read_bytes(), source_filename=path.name, is_demo=True)
        loaded.append(hub)
    return loaded


# --- reading the hub ------------------------------------------------------------------------------


def _is_text(value) -> bool:
    return (
        isinstance(value, dict)
        and "sv" in value
        and all(isinstance(k, str) and re.fullmatch(r"[a-z]{2}", k) for k in value)
        and all(isinstance(v, str) for v in value.values())
    )


def localise(value, lang: str | None = None):
    """Every localised text in `value` as the string in the active language (Swedish if missing)."""
    lang = lang or (translation.get_language() or "sv")[:2]
    if _is_text(value):
        return value.get(lang) or value.get("sv") or ""
    if isinstance(value, dict):
        return {key: localise(item, lang) for key, item in value.items()}
    if isinstance(value, list):
        return [localise(item, lang) for item in value]
    return value


@dataclass
class HubCity:
    """One city in the hub: an imported profile or this city's own published one."""

    city_id: str
    document: dict
    published_at: dt.datetime | None
    is_own: bool = False
    is_demo: bool = False
    imported_at: dt.datetime | None = None
    source: str = ""
    doc: dict = field(default_factory=dict)  # localised

    @property
    def name(self) -> str:
        return self.doc["city"]["name"]


def own_city():
    from safecity.organisation.models import City

    return City.objects.order_by("pk").first()


def own_entry() -> HubCity | None:
    """This city's latest published profile with its approved good practices, or None."""
    from .document import public_document  # h5's module; read lazily

    city = own_city()
    if city is None:
        return None
    doc = public_document(city)
    if doc is None:
        return None
    try:
        published = published_at_of(doc)
    except (DocumentError, KeyError, TypeError):
        published = None
    return HubCity(city_id=doc["city"]["id"], document=doc, published_at=published, is_own=True)


def hub_cities(lang: str | None = None) -> list[HubCity]:
    """Every city in the hub, this city first, then by name."""
    own = own_entry()
    cities = [own] if own else []
    rows = HubProfile.objects.order_by("city_name")
    if own:
        rows = rows.exclude(city_id=own.city_id)
    for row in rows:
        cities.append(
            HubCity(
                city_id=row.city_id,
                document=row.document,
                published_at=row.published_at,
                is_demo=row.is_demo,
                imported_at=row.imported_at,
                source=row.source_url or row.source_filename,
            )
        )
    for city in cities:
        city.doc = localise(city.document, lang)
    return cities


def find_city(city_id: str, lang: str | None = None) -> HubCity | None:
    for city in hub_cities(lang):
        if city.city_id == city_id:
            return city
    return None


def themes_of(cities: list[HubCity]) -> list[dict]:
    """The four themes by number with their name, from the first document that names them."""
    names: dict[int, str] = {}
    for city in cities:
        for theme in city.doc.get("themes", []):
            names.setdefault(theme["number"], theme["name"])
    return [{"number": n, "name": names.get(n, str(n))} for n in (1, 2, 3, 4)]


def comparison(cities: list[HubCity]) -> list[dict]:
    """Rows: one per theme, with each city's active-measure count and its initiatives in that theme."""
    rows = []
    for theme in themes_of(cities):
        cells = []
        for city in cities:
            count = next(
                (t["active_measures"] for t in city.doc.get("themes", []) if t["number"] == theme["number"]),
                None,
            )
            initiatives = [i for i in city.doc.get("initiatives", []) if i["theme"] == theme["number"]]
            cells.append({"city": city, "count": count, "initiatives": initiatives})
        rows.append({"theme": theme, "cells": cells})
    return rows


@dataclass
class PracticeHit:
    city: HubCity
    practice: dict


def search_practices(
    cities: list[HubCity], *, q="", theme=None, focus_area="", level="", target_group="", city_id=""
):
    """Good practices of every city in the hub matching all given filters (text in any language)."""
    needle = q.strip().casefold()
    hits = []
    for city in cities:
        if city_id and city.city_id != city_id:
            continue
        originals = {p.get("id"): p for p in city.document.get("good_practices", [])}
        for practice in city.doc.get("good_practices", []):
            if theme and theme not in practice.get("themes", []):
                continue
            if focus_area and focus_area not in practice.get("focus_areas", []):
                continue
            if level and practice.get("prevention_level") != level:
                continue
            if target_group and target_group not in [g["code"] for g in practice.get("target_groups", [])]:
                continue
            if needle and needle not in _all_text(originals.get(practice.get("id"), practice)):
                continue
            hits.append(PracticeHit(city=city, practice=practice))
    return hits


def _all_text(value) -> str:
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, dict):
        return " ".join(_all_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_all_text(v) for v in value)
    return ""


def facets(cities: list[HubCity]) -> dict[str, list[tuple[str, str]]]:
    """Choices for the practice search: focus areas and target groups found in the documents."""
    focus, groups = {}, {}
    for city in cities:
        names = {f["code"]: f["name"] for f in city.doc.get("focus_areas", [])}
        for practice in city.doc.get("good_practices", []):
            for code in practice.get("focus_areas", []):
                focus.setdefault(code, f"{names.get(code, code)} ({city.name})")
            for group in practice.get("target_groups", []):
                groups.setdefault(group["code"], group["name"])
    return {
        "focus_areas": sorted(focus.items(), key=lambda kv: kv[1]),
        "target_groups": sorted(groups.items(), key=lambda kv: kv[1]),
    }
