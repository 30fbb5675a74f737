"""A point inside an area's polygon maps to that area (property tests), and a click on the map comes
back as the same point."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from safecity.intake import geo
from safecity.organisation.models import Area, City


def rect(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def grid_areas(columns: int, rows: int, x0=17.8, y0=59.2, size=0.02):
    """Adjacent square areas, like neighbourhoods that share their borders."""
    areas = []
    for i in range(columns):
        for j in range(rows):
            polygon = rect(x0 + i * size, y0 + j * size, x0 + (i + 1) * size, y0 + (j + 1) * size)
            areas.append(
                SimpleNamespace(code=f"{i}-{j}", geometry={"type": "Polygon", "coordinates": [polygon]})
            )
    return areas


inner = st.floats(min_value=0.001, max_value=0.999)


@settings(max_examples=300, deadline=None)
@given(
    columns=st.integers(1, 6),
    rows=st.integers(1, 6),
    pick=st.data(),
    fx=inner,
    fy=inner,
)
def test_a_point_inside_a_cell_maps_to_that_cell(columns, rows, pick, fx, fy):
    areas = grid_areas(columns, rows)
    i = pick.draw(st.integers(0, columns - 1))
    j = pick.draw(st.integers(0, rows - 1))
    lon = 17.8 + (i + fx) * 0.02
    lat = 59.2 + (j + fy) * 0.02
    assert geo.area_at(lat, lon, areas).code == f"{i}-{j}"


@st.composite
def convex_polygon_and_inner_point(draw):
    """A convex polygon (points on a circle, in order) and a point strictly inside (a convex mix)."""
    n = draw(st.integers(3, 12))
    angles = sorted(draw(st.lists(st.floats(0, 6.28), min_size=n, max_size=n, unique=True)))
    assume(all(b - a > 0.05 for a, b in zip(angles, angles[1:], strict=False)))
    assume(6.28 - angles[-1] + angles[0] > 0.05)
    import math

    cx, cy, r = 18.0, 59.3, 0.05
    ring = [[cx + r * math.cos(a), cy + r * math.sin(a)] for a in angles]
    weights = draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n))
    total = sum(weights)
    x = sum(w * p[0] for w, p in zip(weights, ring, strict=True)) / total
    y = sum(w * p[1] for w, p in zip(weights, ring, strict=True)) / total
    return ring + [ring[0]], (y, x)


@settings(max_examples=300, deadline=None)
@given(convex_polygon_and_inner_point())
def test_a_point_inside_a_convex_polygon_is_inside(case):
    ring, (lat, lon) = case
    geometry = {"type": "Polygon", "coordinates": [ring]}
    assert geo.contains(geometry, lat, lon)
    area = SimpleNamespace(code="x", geometry=geometry)
    assert geo.area_at(lat, lon, [area]) is area


@settings(max_examples=200, deadline=None)
@given(fx=inner, fy=inner)
def test_a_point_in_a_hole_is_outside_and_in_the_area_filling_it(fx, fy):
    outer = rect(18.0, 59.0, 18.3, 59.3)
    hole = rect(18.1, 59.1, 18.2, 59.2)
    ring_area = SimpleNamespace(code="ring", geometry={"type": "Polygon", "coordinates": [outer, hole]})
    island = SimpleNamespace(code="island", geometry={"type": "Polygon", "coordinates": [hole]})
    lat, lon = 59.1 + fy * 0.1, 18.1 + fx * 0.1
    assert geo.area_at(lat, lon, [ring_area, island]).code == "island"


def test_multipolygons_and_points_outside(db):
    geometry = {"type": "MultiPolygon", "coordinates": [[rect(0, 0, 1, 1)], [rect(5, 5, 6, 6)]]}
    assert geo.contains(geometry, 5.5, 5.5)
    assert not geo.contains(geometry, 3, 3)
    assert not geo.contains(None, 0.5, 0.5)


@pytest.mark.parametrize(
    "lat, lon, code",
    [(59.3885, 17.9265, "rinkeby"), (59.3255, 18.0710, "gamla-stan"), (59.4027, 17.9450, "kista")],
)
def test_real_places_in_stockholm(db, lat, lon, code):
    assert geo.area_at(lat, lon).code == code


def test_every_stockholm_area_owns_the_points_inside_it(db):
    """For every real area: points of a grid over its bounding box that lie inside it map to it
    (and so to no overlapping neighbour)."""
    areas = list(Area.objects.exclude(geometry=None).order_by("code"))
    checked = 0
    for area in areas:
        box = geo._bbox(area.geometry)
        for fx in (0.2, 0.35, 0.5, 0.65, 0.8):
            for fy in (0.2, 0.35, 0.5, 0.65, 0.8):
                lon = box[0] + fx * (box[2] - box[0])
                lat = box[1] + fy * (box[3] - box[1])
                if geo.contains(area.geometry, lat, lon):
                    assert geo.area_at(lat, lon, areas) == area, (area.code, lat, lon)
                    checked += 1
    assert checked > len(areas)


def test_a_click_on_the_map_comes_back_as_the_point(db):
    projection = geo.map_projection(City.objects.get(code="stockholm"))
    x, y = projection.to_map(59.3885, 17.9265)
    lat, lon = projection.to_point(x, y)
    assert abs(lat - 59.3885) < 1e-9 and abs(lon - 17.9265) < 1e-9
    assert 0 <= x <= 600


def test_rounding_to_about_a_hundred_metres():
    assert str(geo.round_coordinate(59.38849)) == "59.388"
    assert str(geo.round_coordinate(17.9265)) == "17.927"
