"""A city's situations and first guides, read from safecity/guidance/data/<city>/guides.json.

Idempotent: situations are updated in place; a guide is created as a published version 1 only when
the situation has no version for that audience yet, so versions written in the platform are never
overwritten. Steps and "what not to do" are lists in the file and Markdown lists in the database.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from safecity.organisation.models import City

from .models import Audience, Guide, GuideState, Situation

DATA_ROOT = Path(__file__).resolve().parent / "data"
# Path words of the guide pages; a situation cannot use them as its code.
RESERVED_CODES = {"personal", "redigera", "versioner"}
ENDINGS = {"signal": "ends_with_signal", "concern": "ends_with_concern", "112": "ends_with_112"}


class GuidanceDataError(ValueError):
    pass


def numbered(lines: list[str] | str) -> str:
    if isinstance(lines, str):
        return lines
    return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1))


def bulleted(lines: list[str] | str) -> str:
    if isinstance(lines, str):
        return lines
    return "\n".join(f"- {line}" for line in lines)


def months_ahead(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def _guide_fields(spec: dict, review_by: dt.date) -> dict:
    unknown = set(spec.get("endings", [])) - set(ENDINGS)
    if unknown:
        raise GuidanceDataError(f"unknown endings {sorted(unknown)}; use {sorted(ENDINGS)}")
    fields = {
        "title": spec["title"],
        "title_en": spec.get("title_en", ""),
        "intro": spec.get("intro", ""),
        "intro_en": spec.get("intro_en", ""),
        "steps": numbered(spec["steps"]),
        "steps_en": numbered(spec.get("steps_en", "")),
        "dont": bulleted(spec.get("dont", "")),
        "dont_en": bulleted(spec.get("dont_en", "")),
        "review_by": review_by,
    }
    for name, field in ENDINGS.items():
        fields[field] = name in spec.get("endings", [])
    return fields


@transaction.atomic
def load_guidance(city_code: str, path: Path | None = None) -> dict[str, int]:
    city = City.objects.get(code=city_code)
    path = path or DATA_ROOT / city_code / "guides.json"
    spec = json.loads(path.read_text(encoding="utf-8"))
    review_by = months_ahead(timezone.localdate(), int(spec.get("review_months", 12)))
    created = 0
    for position, item in enumerate(spec["situations"], start=1):
        code = item["code"]
        if code in RESERVED_CODES:
            raise GuidanceDataError(f"situation {position}: the code '{code}' is reserved")
        situation, _new = Situation.objects.update_or_create(
            city=city,
            code=code,
            defaults={
                "title": item["title"],
                "title_en": item.get("title_en", ""),
                "summary": item.get("summary", ""),
                "summary_en": item.get("summary_en", ""),
                "position": position,
            },
        )
        for audience, guide_spec in item.get("guides", {}).items():
            if audience not in Audience.values:
                raise GuidanceDataError(f"situation '{code}': unknown audience '{audience}'")
            if Guide.objects.filter(situation=situation, audience=audience).exists():
                continue
            try:
                fields = _guide_fields(guide_spec, review_by)
            except (KeyError, GuidanceDataError) as exc:
                raise GuidanceDataError(f"situation '{code}', {audience} guide: {exc}") from exc
            Guide.objects.create(
                situation=situation,
                audience=audience,
                version=1,
                state=GuideState.PUBLISHED,
                published_at=timezone.now(),
                **fields,
            )
            created += 1
    return {"situations": Situation.objects.filter(city=city).count(), "guides created": created}
