"""Which unit a new signal goes to: the first matching routing rule, else the district of its area on
the day it happened, else the central office. Merged units pass their signals to their successor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from safecity.organisation.models import Area, Unit

from .models import RoutingRule


@dataclass(frozen=True)
class Route:
    unit: Unit
    rule: RoutingRule | None
    district: Unit | None


def central_office() -> Unit:
    unit = Unit.objects.valid_on().filter(kind=Unit.Kind.CENTRAL).order_by("pk").first()
    if unit is None:
        unit = Unit.objects.filter(kind=Unit.Kind.CENTRAL).order_by("pk").first()
    if unit is None:
        raise Unit.DoesNotExist("No central office is configured; signals have nowhere to go.")
    return unit


def _matches(rule: RoutingRule, kind: str, source: str, area: Area | None) -> bool:
    if rule.kind and rule.kind != kind:
        return False
    if rule.source and rule.source != source:
        return False
    area_ids = {a.pk for a in rule.areas.all()}
    if area_ids and (area is None or area.pk not in area_ids):
        return False
    return True


def route(*, kind: str, source: str, area: Area | None, occurred_on: dt.date) -> Route:
    district = area.unit_on(occurred_on) if area else None
    rules = RoutingRule.objects.filter(is_active=True).select_related("target").prefetch_related("areas")
    for rule in rules:
        if _matches(rule, kind, source, area):
            return Route(rule.target.current(), rule, district)
    if district is not None:
        return Route(district.current(), None, district)
    return Route(central_office(), None, district)
