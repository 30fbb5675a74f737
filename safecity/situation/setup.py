"""Bundled configuration of the situational picture per city: names of areas as they appear in texts."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from safecity.organisation.models import Area

from .models import AreaName

AREA_NAMES = Path(__file__).resolve().parent / "data" / "area_names"
YES = {"yes", "ja", "1", "true"}


class SetupError(Exception):
    pass


@transaction.atomic
def load_area_names(city_code: str, path: Path | None = None) -> int:
    """Load ``data/area_names/<city>.csv`` (area,name,case_sensitive,note); loading twice changes nothing.
    Raises SetupError naming the line of an unknown area; then nothing is loaded."""
    path = path or AREA_NAMES / f"{city_code}.csv"
    if not path.exists():
        return 0
    areas = {area.code: area for area in Area.objects.filter(city__code=city_code)}
    rows = []
    problems = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            area = areas.get((row.get("area") or "").strip())
            if area is None:
                problems.append(f"{path.name}, line {reader.line_num}: unknown area {row.get('area')!r}")
                continue
            rows.append((area, row))
    if problems:
        raise SetupError("\n".join(problems))
    for area, row in rows:
        AreaName.objects.update_or_create(
            area=area,
            name=" ".join(row["name"].split()),
            defaults={
                "case_sensitive": (row.get("case_sensitive") or "").strip().lower() in YES,
                "note": (row.get("note") or "").strip()[:300],
            },
        )
    return len(rows)
