"""One chart of each kind with made-up but plausible numbers, for test_charts.py and chart_urls.py."""

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

from safecity.core import charts
from safecity.core.charts import Field

STOCKHOLM_AREAS = (
    Path(__file__).resolve().parents[2] / "organisation" / "data" / "stockholm" / "areas.geojson"
)

UNITS = ["Järva", "Södermalm", "Rinkeby-Kista", "Skärholmen", "Hägersten-Älvsjö", "Östermalm"]
THEMES = ["Våldsbejakande extremism", "Näthat", "Desinformation", "Hot mot förtroendevalda"]


def stockholm_areas() -> list[SimpleNamespace]:
    features = json.loads(STOCKHOLM_AREAS.read_text(encoding="utf-8"))["features"]
    return [
        SimpleNamespace(code=f["properties"]["code"], name=f["properties"]["name"], geometry=f["geometry"])
        for f in features
    ]


def chart_specs() -> dict[str, dict]:
    """One spec of each kind, with made-up but plausible numbers (deterministic)."""
    unit, theme, count = Field("unit", "Enhet"), Field("theme", "Tema"), Field("count", "Antal signaler")
    per_unit = [{"unit": u, "count": c} for u, c in zip(UNITS, [1234.5, 87, 342, 12, 0, 56], strict=True)]
    per_unit_theme = [
        {"unit": u, "theme": t, "count": (i * 7 + j * 13) % 40}
        for i, u in enumerate(UNITS[:3])
        for j, t in enumerate(THEMES[:3])
    ]
    months = [dt.date(2024, m, 1) for m in range(1, 13)]
    trend = [
        {"month": m, "source": s, "count": base + (i * 5 + k * 11) % 17}
        for k, (s, base) in enumerate([("Medarbetare", 20), ("Invånare", 8)])
        for i, m in enumerate(months)
    ]
    matrix = [
        {"unit": u, "theme": t, "measures": (i * 3 + j * 5) % 11}
        for i, u in enumerate(UNITS)
        for j, t in enumerate(THEMES)
        if (i, j) != (3, 2)
    ]
    areas = stockholm_areas()
    values = {a.code: (n * 37) % 90 for n, a in enumerate(areas) if n % 9}
    return {
        "bar": charts.bar_chart(per_unit, unit, count, title="Signaler per enhet 2024", horizontal=True),
        "grouped": charts.bar_chart(per_unit_theme, unit, count, theme, title="Signaler per enhet och tema"),
        "line": charts.line_chart(
            trend,
            Field("month", "Månad", "%b %Y"),
            count,
            Field("source", "Källa"),
            title="Signaler per månad",
            time_unit="yearmonth",
        ),
        "matrix": charts.heatmap(
            matrix, theme, unit, Field("measures", "Antal insatser"), title="Insatser per enhet och tema"
        ),
        "area_map": charts.area_map(
            charts.area_features(areas),
            values,
            Field("count", "Antal signaler"),
            title="Signaler per stadsdel",
        ),
    }
