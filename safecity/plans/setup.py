"""A city's plan configuration: focus areas, target groups, measure statuses, template, guidelines.

Read from safecity/plans/data/<city>/ (format in docs/plans-data.md). Idempotent: configuration
rows are updated in place; the template and guidelines are created as version 1 only when the
city has none, so later versions written in the platform are never overwritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from safecity.organisation.models import City

from .models import (
    FocusArea,
    Guideline,
    MeasureStatus,
    PlanTemplate,
    PublicationState,
    TargetGroup,
    TemplateSection,
)

DATA_ROOT = Path(__file__).resolve().parent / "data"


def _rows(folder: Path, name: str) -> list[dict]:
    path = folder / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@transaction.atomic
def load_plan_setup(city_code: str, folder: Path | None = None) -> dict[str, int]:
    city = City.objects.get(code=city_code)
    folder = folder or DATA_ROOT / city_code
    counts = {}
    for position, row in enumerate(_rows(folder, "focus_areas.csv"), start=1):
        FocusArea.objects.update_or_create(
            city=city,
            code=row["code"],
            defaults={"name": row["name_sv"], "name_en": row["name_en"], "position": position},
        )
    counts["focus_areas"] = FocusArea.objects.filter(city=city).count()
    for position, row in enumerate(_rows(folder, "target_groups.csv"), start=1):
        TargetGroup.objects.update_or_create(
            city=city,
            code=row["code"],
            defaults={"name": row["name_sv"], "name_en": row["name_en"], "position": position},
        )
    counts["target_groups"] = TargetGroup.objects.filter(city=city).count()
    for position, row in enumerate(_rows(folder, "statuses.csv"), start=1):
        MeasureStatus.objects.update_or_create(
            city=city,
            code=row["code"],
            defaults={
                "name": row["name_sv"],
                "name_en": row["name_en"],
                "position": position,
                "default_progress": int(row["default_progress"]) if row["default_progress"] else None,
                "is_closed": row["closed"].lower() in {"yes", "ja", "1", "true"},
            },
        )
    counts["statuses"] = MeasureStatus.objects.filter(city=city).count()

    template_file = folder / "template.json"
    if template_file.exists() and not PlanTemplate.objects.filter(city=city).exists():
        spec = json.loads(template_file.read_text(encoding="utf-8"))
        template = PlanTemplate.objects.create(
            city=city,
            version=1,
            title=spec["title"],
            state=PublicationState.PUBLISHED,
            published_at=timezone.now(),
        )
        for position, section in enumerate(spec["sections"], start=1):
            TemplateSection.objects.create(template=template, position=position, **section)
    counts["templates"] = PlanTemplate.objects.filter(city=city).count()

    guideline_file = folder / "guidelines.json"
    if guideline_file.exists() and not Guideline.objects.filter(city=city).exists():
        spec = json.loads(guideline_file.read_text(encoding="utf-8"))
        Guideline.objects.create(
            city=city,
            version=1,
            title=spec["title"],
            title_en=spec.get("title_en", ""),
            body=spec["body"],
            body_en=spec.get("body_en", ""),
            effective_from=dt.date.fromisoformat(spec["effective_from"])
            if spec.get("effective_from")
            else None,
            adopted_by=spec.get("adopted_by", ""),
            state=PublicationState.PUBLISHED,
            published_at=timezone.now(),
        )
    counts["guidelines"] = Guideline.objects.filter(city=city).count()
    return counts
