"""Places: which area a point on the map lies in, and the map's projection for picking a point.

Areas carry GeoJSON polygons in WGS84 ([longitude, latitude] pairs). An even-odd ray-casting test is
enough for a city's few hundred neighbourhoods; no GIS library is needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from safecity.organisation.models import Area, City

# Three decimals of a degree: about 110 m north-south, 55 m east-west in Stockholm.
POINT_DECIMALS = Decimal("0.001")


def round_coordinate(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(POINT_DECIMALS, rounding=ROUND_HALF_UP)


def _in_ring(lon: float, lat: float, ring) -> bool:
    inside = False
    count = len(ring)
    j = count - 1
    for i in range(count):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat):
            crossing = (xj - xi) * (lat - yi) / (yj - yi) + xi
            if lon < crossing:
                inside = not inside
        j = i
    return inside


def _polygons(geometry: dict | None):
    if not geometry:
        return
    if geometry.get("type") == "Polygon":
        yield geometry["coordinates"]
    elif geometry.get("type") == "MultiPolygon":
        yield from geometry["coordinates"]


def contains(geometry: dict | None, lat: float, lon: float) -> bool:
    """True when the point lies inside the polygon(s): inside an outer ring and outside its holes."""
    for polygon in _polygons(geometry):
        if not polygon:
            continue
        outer, holes = polygon[0], polygon[1:]
        if _in_ring(lon, lat, outer) and not any(_in_ring(lon, lat, hole) for hole in holes):
            return True
    return False


def _bbox(geometry: dict | None) -> tuple[float, float, float, float] | None:
    points = [pt for polygon in _polygons(geometry) for ring in polygon[:1] for pt in ring]
    if not points:
        return None
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def area_at(lat: float, lon: float, areas=None) -> Area | None:
    """The area containing the point, or None when it lies outside every area."""
    lat, lon = float(lat), float(lon)
    candidates = (
        areas
        if areas is not None
        else Area.objects.exclude(geometry=None).only("pk", "code", "name", "geometry")
    )
    for area in candidates:
        box = _bbox(area.geometry)
        if box is None or not (box[0] <= lon <= box[2] and box[1] <= lat <= box[3]):
            continue
        if contains(area.geometry, lat, lon):
            return area
    return None


@dataclass(frozen=True)
class Projection:
    """How organisation.directory.map_areas draws the map, so a click can be turned back into a point."""

    ref_lat: float
    min_x: float
    min_y: float
    scale: float

    def to_point(self, x: float, y: float) -> tuple[float, float]:
        lon = (x / self.scale + self.min_x) / math.cos(math.radians(self.ref_lat))
        lat = -(y / self.scale + self.min_y)
        return lat, lon

    def to_map(self, lat: float, lon: float) -> tuple[float, float]:
        x = lon * math.cos(math.radians(self.ref_lat))
        return (x - self.min_x) * self.scale, (-lat - self.min_y) * self.scale


def map_projection(city: City, width: float = 600.0) -> Projection | None:
    """The same fit as organisation.directory._build_shapes (equirectangular, scaled to `width`)."""
    points = [
        pt
        for geometry in Area.objects.filter(city=city)
        .exclude(geometry=None)
        .values_list("geometry", flat=True)
        for polygon in _polygons(geometry)
        for ring in polygon
        for pt in ring
    ]
    if not points:
        return None
    ref_lat = sum(p[1] for p in points) / len(points)
    factor = math.cos(math.radians(ref_lat))
    xs = [p[0] * factor for p in points]
    ys = [-p[1] for p in points]
    scale = width / (max(xs) - min(xs))
    return Projection(ref_lat=ref_lat, min_x=min(xs), min_y=min(ys), scale=scale)
