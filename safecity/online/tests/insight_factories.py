"""Items and narratives for the insight tests, created directly (no classifier involved)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from safecity.online.models import Narrative, OnlineItem

_numbers = itertools.count(1)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_item(
    unit, day: dt.date, *, label="hateful", target="", text="", platform="facebook", language="sv", **fields
):
    number = next(_numbers)
    return OnlineItem.objects.create(
        unit=unit,
        fingerprint=f"fp-{number:08d}",
        platform=platform,
        posted_at=fields.pop("posted_at", at(day)),
        text=text or f"inlägg nummer {number}",
        language=language,
        label=label,
        target=target,
        **fields,
    )


def make_narrative(unit, *, first_seen: dt.date, claim="", keywords="", title="Ett narrativ", **fields):
    return Narrative.objects.create(
        unit=unit, title=title, claim=claim or title, keywords=keywords, first_seen=first_seen, **fields
    )
