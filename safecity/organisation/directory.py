"""The "who do I contact?" directory: area → unit of the day → contacts, and the area map."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.core.cache import cache

from .models import Area, AreaAssignment, City, Contact, Unit


def areas_for_picker():
    return Area.objects.order_by("name").only("code", "name")


def districts_with_areas(day=None) -> list[tuple[Unit, list[Area]]]:
    assignments = (
        AreaAssignment.objects.valid_on(day)
        .select_related("unit", "area")
        .filter(unit__kind=Unit.Kind.DISTRICT)
        .order_by("unit__name", "area__name")
    )
    grouped: dict[int, tuple[Unit, list[Area]]] = {}
    for a in assignments:
        grouped.setdefault(a.unit_id, (a.unit, []))[1].append(a.area)
    return list(grouped.values())


def contacts_for(unit: Unit, *, public_only: bool) -> list[Contact]:
    contacts = unit.contacts.all()
    if public_only:
        contacts = contacts.filter(is_public=True)
    return list(contacts)


def central_contacts(*, public_only: bool) -> list[Contact]:
    contacts = Contact.objects.filter(unit__kind=Unit.Kind.CENTRAL)
    if public_only:
        contacts = contacts.filter(is_public=True)
    return list(contacts.select_related("unit"))


@dataclass
class MapArea:
    code: str
    name: str
    path: str
    unit_id: int | None


def _project(lon: float, lat: float, ref_lat: float) -> tuple[float, float]:
    return lon * math.cos(math.radians(ref_lat)), -lat


def map_areas(city: City, day=None, width: float = 600.0) -> tuple[list[MapArea], float, float]:
    """SVG paths of the city's areas, fitted to `width`; cached because polygons rarely change."""
    unit_by_area = dict(
        AreaAssignment.objects.valid_on(day).filter(area__city=city).values_list("area_id", "unit_id")
    )
    key = f"area-map:{city.pk}:{Area.objects.filter(city=city).count()}:{width}"
    shapes = cache.get(key)
    if shapes is None:
        shapes = _build_shapes(city, width)
        cache.set(key, shapes, 3600)
    areas = [MapArea(code, name, path, unit_by_area.get(pk)) for pk, code, name, path in shapes[0]]
    return areas, shapes[1], shapes[2]


def _rings(geometry: dict):
    if geometry.get("type") == "Polygon":
        yield from geometry["coordinates"]
    elif geometry.get("type") == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def _build_shapes(city: City, width: float):
    areas = list(Area.objects.filter(city=city).exclude(geometry=None).order_by("name"))
    points = [pt for a in areas for ring in _rings(a.geometry) for pt in ring]
    if not points:
        return [], width, 0.0
    ref_lat = sum(p[1] for p in points) / len(points)
    projected = [_project(x, y, ref_lat) for x, y in points]
    min_x = min(p[0] for p in projected)
    max_x = max(p[0] for p in projected)
    min_y = min(p[1] for p in projected)
    max_y = max(p[1] for p in projected)
    scale = width / (max_x - min_x)
    height = (max_y - min_y) * scale
    shapes = []
    for area in areas:
        parts = []
        for ring in _rings(area.geometry):
            coords = [_project(x, y, ref_lat) for x, y in ring]
            xy = [f"{(x - min_x) * scale:.1f},{(y - min_y) * scale:.1f}" for x, y in coords]
            parts.append("M" + "L".join(xy) + "Z")
        shapes.append((area.pk, area.code, area.name, "".join(parts)))
    return shapes, width, round(height, 1)
