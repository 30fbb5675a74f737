"""Vega-Lite chart specs built in Python; `{% chart %}` (templatetags/charts.py) puts them on a page.

Each builder returns a plain Vega-Lite spec dict with the data inline, so a view or a test can inspect
it as JSON. The labels come from the caller, already translated (Swedish first). Numbers and dates
are formatted with the active language's conventions (Swedish: decimal comma, non-breaking space
between thousands). Colours reach 3:1 against white (WCAG 1.4.11) and stay apart in the common
colour-vision deficiencies. Every spec also carries, in `usermeta["table"]`, the same numbers as a
table: the tag renders it as the chart's text alternative and does not send it to the browser twice.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

Spec = dict[str, Any]
Row = Mapping[str, Any]

# Okabe and Ito's colour-blind-safe hues that reach 3:1 on white, then near-black and a violet.
CATEGORICAL = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#1b1f23", "#a56eff")
SINGLE = "#0b4f6c"  # the site's primary colour, 8.9:1 on white
# Light to dark in one hue: the order reads in any colour vision. The light end is not white, so
# that "no data" (white) stays apart from "few".
SEQUENTIAL = ("#d4e5ef", "#0b4f6c")
TEXT = "#1b1f23"
MUTED = "#4a5560"
GRID = "#dde3e8"
NO_DATA = "#ffffff"
# d3 format of numbers unless the caller gives one: grouped, as many decimals as the value has.
# (Plain "," would let Vega pick precision from the tick step and print 1000 as "1e+3".)
NUMBER = ",~f"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

# d3-format and d3-time-format locales, which Vega reads from config.locale.
NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "sv": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", "\u00a0kr"]},
}
TIME_LOCALES: dict[str, dict[str, Any]] = {
    "sv": {
        "dateTime": "%A den %d %B %Y %X",
        "date": "%Y-%m-%d",
        "time": "%H:%M:%S",
        "periods": ["fm", "em"],
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
        "months": [
            *("januari", "februari", "mars", "april", "maj", "juni"),
            *("juli", "augusti", "september", "oktober", "november", "december"),
        ],
        "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    },
    "en": {
        "dateTime": "%a %e %b %Y %X",
        "date": "%Y-%m-%d",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            *("January", "February", "March", "April", "May", "June"),
            *("July", "August", "September", "October", "November", "December"),
        ],
        "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    },
}


@dataclass(frozen=True)
class Field:
    """A column of the rows: its key, its label (translated by the caller) and an optional format.

    `format` is a d3 number format for values (",~f" grouped, ",.1f" one decimal, ".0%" percent) or a
    d3 time format for dates on a line chart's axis ("%b %Y").
    """

    name: str
    label: str | Promise
    format: str | None = None


class AreaLike(Protocol):
    code: str
    name: str
    geometry: Mapping[str, Any] | None


# --- numbers, colours, locale ---------------------------------------------------------------------


def chart_language(language: str | None = None) -> str:
    """ "sv" or "en": the language whose number and date conventions the charts use."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in NUMBER_LOCALES else "sv"


def locale_config(language: str | None = None) -> dict[str, Any]:
    """Vega's `config.locale` for the language (default: the active Django language)."""
    code = chart_language(language)
    return {"number": dict(NUMBER_LOCALES[code]), "time": dict(TIME_LOCALES[code])}


_FIXED = re.compile(r"^(?P<group>,?)\.(?P<digits>\d+)(?P<kind>[f%])$")


def format_number(value: Any, fmt: str | None = None) -> str:
    """A number as the chart shows it, in the active language: the table fallback uses this.

    Understands the d3 formats the builders use: ",~f" or "," (as is, grouped), ",d" (whole),
    ",.Nf" (N decimals) and ".N%" (percent); anything else is shown as the plain number.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    fmt = fmt or NUMBER
    match = _FIXED.match(fmt)
    if match and match["kind"] == "%":
        digits = int(match["digits"])
        number = formats.number_format(
            round(float(value) * 100, digits), digits, use_l10n=True, force_grouping=True
        )
        return f"{number}\u00a0%"
    if match:
        digits = int(match["digits"])
        return formats.number_format(round(float(value), digits), digits, use_l10n=True, force_grouping=True)
    if fmt in {"d", ",d"}:
        return formats.number_format(round(value), 0, use_l10n=True, force_grouping=True)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two "#rrggbb" colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _mix(start: str, end: str, t: float) -> str:
    a = [int(start.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    b = [int(end.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))


def _white_text_from(ramp: Sequence[str] = SEQUENTIAL) -> float:
    """Where along the (rgb-interpolated) ramp white text starts to read better than black text.

    Black, not TEXT: only black and white keep 4.5:1 on every shade, mid-ramp included.
    """
    for step in range(101):
        fill = _mix(ramp[0], ramp[-1], step / 100)
        if contrast_ratio(fill, "#ffffff") >= contrast_ratio(fill, "#000000"):
            return step / 100
    return 1.0


# --- spec parts -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return str(value) if value is not None else ""


def _plain(value: Any) -> Any:
    """A JSON value Vega reads as intended: numbers stay numbers, dates become ISO strings."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _ref(name: str) -> str:
    """A field reference for a row key: Vega-Lite reads "." and "[" as nested access."""
    return re.sub(r"([\\.\[\]])", r"\\\1", name)


def _rows(rows: Iterable[Row], fields: Sequence[Field | None]) -> list[dict[str, Any]]:
    keys = [f.name for f in fields if f is not None]
    return [{key: _plain(row.get(key)) for key in keys} for row in rows]


def _config() -> dict[str, Any]:
    return {
        "locale": locale_config(),
        "font": FONT,
        "background": "#ffffff",
        "padding": 8,
        "view": {"stroke": None},
        "title": {"color": TEXT, "fontSize": 16, "fontWeight": 600, "anchor": "start", "offset": 12},
        "axis": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": 12,
            "titleFontSize": 13,
            "titleFontWeight": 600,
            "domainColor": MUTED,
            "tickColor": MUTED,
            "gridColor": GRID,
            "labelLimit": 220,
        },
        "legend": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": 12,
            "titleFontSize": 13,
            "titleFontWeight": 600,
            "labelLimit": 220,
        },
        "range": {"category": list(CATEGORICAL), "heatmap": list(SEQUENTIAL), "ramp": list(SEQUENTIAL)},
        "text": {"color": TEXT, "fontSize": 12},
    }


def _base(
    values: Any, *, title: str | Promise | None, description: str | Promise | None, table: dict[str, Any]
) -> Spec:
    spec: Spec = {"$schema": SCHEMA}
    if title:
        spec["title"] = str(title)
    # Vega-Lite puts the description on the <svg> as its aria-label.
    spec["description"] = str(description or title or "")
    spec["data"] = {"values": values}
    spec["config"] = _config()
    spec["usermeta"] = {"table": table}
    return spec


def _quantitative(field: Field, **extra: Any) -> dict[str, Any]:
    channel = {"field": _ref(field.name), "type": "quantitative", "title": str(field.label)}
    channel.update(extra)
    return channel


def _nominal(field: Field, **extra: Any) -> dict[str, Any]:
    channel = {"field": _ref(field.name), "type": "nominal", "title": str(field.label), "sort": None}
    channel.update(extra)
    return channel


def _tooltip(*channels: dict[str, Any]) -> list[dict[str, Any]]:
    """Tooltip entries for encoding channels; numbers get the chart's locale-aware format."""
    tips = []
    for channel in channels:
        tip = {k: v for k, v in channel.items() if k in ("field", "type", "title", "timeUnit", "format")}
        if tip["type"] == "quantitative":
            tip.setdefault(
                "format", (channel.get("axis") or channel.get("legend") or {}).get("format", NUMBER)
            )
        tips.append(tip)
    return tips


def _unique(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


def _value_axis(data: list[dict[str, Any]], field: Field) -> dict[str, Any]:
    axis: dict[str, Any] = {"format": field.format or NUMBER}
    if all(isinstance(row.get(field.name), int | None) for row in data):
        axis["tickMinStep"] = 1  # counts: no ticks at 0.5
    return axis


def _table(
    rows: list[dict[str, Any]],
    category: Field,
    value: Field,
    series: Field | None = None,
) -> dict[str, Any]:
    """The chart's numbers as a table: one row per category, one column per series (if any)."""
    if series is None:
        return {
            "columns": [{"label": str(category.label)}, {"label": str(value.label), "numeric": True}],
            "rows": [[row.get(category.name), row.get(value.name)] for row in rows],
            "formats": [None, value.format],
            "value_label": "",
        }
    categories = _unique(row.get(category.name) for row in rows)
    names = _unique(row.get(series.name) for row in rows)
    cells = {(row.get(category.name), row.get(series.name)): row.get(value.name) for row in rows}
    return {
        "columns": [{"label": str(category.label)}]
        + [{"label": _text(name), "numeric": True} for name in names],
        "rows": [[c, *(cells.get((c, name)) for name in names)] for c in categories],
        "formats": [None] + [value.format] * len(names),
        "value_label": str(value.label),
    }


# --- builders -------------------------------------------------------------------------------------


def bar_chart(
    rows: Iterable[Row],
    x: Field,
    y: Field,
    color: Field | None = None,
    *,
    title: str | Promise | None = None,
    description: str | Promise | None = None,
    horizontal: bool = False,
    height: int = 300,
) -> Spec:
    """Bars of `y` (a number) for each `x` (a category), in the rows' order.

    With `color`, the bars of each category are grouped side by side, one colour per series.
    `horizontal=True` lays the bars sideways, for long category names such as units.
    """
    data = _rows(rows, [x, y, color])
    category = _nominal(x)
    value = _quantitative(y, axis=_value_axis(data, y))
    encoding: dict[str, Any] = {}
    if horizontal:
        category["axis"] = {"labelLimit": 260}
        encoding.update(y=category, x=value)
    else:
        category["axis"] = {"labelAngle": 0, "labelLimit": 160}
        encoding.update(x=category, y=value)
    if color is not None:
        series = _nominal(color, scale={"range": list(CATEGORICAL)}, legend={"orient": "top"})
        encoding["color"] = series
        encoding["yOffset" if horizontal else "xOffset"] = {"field": _ref(color.name), "sort": None}
        encoding["tooltip"] = _tooltip(category, series, value)
        mark: dict[str, Any] = {"type": "bar", "tooltip": True}
        layers = [{"mark": mark, "encoding": encoding}]
    else:
        encoding["tooltip"] = _tooltip(category, value)
        mark = {"type": "bar", "color": SINGLE, "tooltip": True}
        label_mark = (
            {"type": "text", "align": "left", "baseline": "middle", "dx": 4}
            if horizontal
            else {"type": "text", "align": "center", "baseline": "bottom", "dy": -3}
        )
        labels = {"text": {"field": _ref(y.name), "type": "quantitative", "format": y.format or NUMBER}}
        layers = [{"mark": mark}, {"mark": label_mark, "encoding": labels}]

    spec = _base(data, title=title, description=description, table=_table(data, x, y, color))
    spec["width"] = "container"
    if horizontal:
        # A height in pixels, not {"step": ...}: Vega-Lite warns when a step meets a container width.
        step = 28 if color is None else 16 * len(_unique(r[color.name] for r in data))
        spec["height"] = step * max(1, len(_unique(r[x.name] for r in data)))
    else:
        spec["height"] = height
    if color is not None:
        spec.update(layers[0])
    else:
        spec["encoding"] = encoding
        spec["layer"] = layers
    return spec


def line_chart(
    rows: Iterable[Row],
    x: Field,
    y: Field,
    color: Field | None = None,
    *,
    title: str | Promise | None = None,
    description: str | Promise | None = None,
    time_unit: str | None = None,
    height: int = 300,
) -> Spec:
    """A time series: `y` (a number) over `x` (dates or aware datetimes), one line per `color`.

    Dates (without time) are placed in UTC, so "2025-03-01" stays the first of March everywhere.
    `time_unit` ("yearmonth", "yearweek", ...) groups the axis ticks; `x.format` formats them.
    Each series also has its own dash pattern, so the lines are told apart without colour.
    """
    rows = list(rows)
    dates_only = all(
        isinstance(row.get(x.name), dt.date) and not isinstance(row.get(x.name), dt.datetime) for row in rows
    )
    data = _rows(rows, [x, y, color])
    when: dict[str, Any] = {"field": _ref(x.name), "type": "temporal", "title": str(x.label)}
    if dates_only or time_unit:
        when["timeUnit"] = {"unit": time_unit or "yearmonthdate", "utc": dates_only}
    if dates_only:
        when["scale"] = {"type": "utc"}
    axis: dict[str, Any] = {"labelAngle": 0, "grid": False}
    if x.format:
        axis["format"] = x.format
    when["axis"] = axis
    when_tooltip = dict(
        when, format=x.format or ("%Y-%m-%d" if dates_only or time_unit else "%Y-%m-%d %H:%M")
    )
    value = _quantitative(y, axis=_value_axis(data, y))
    encoding: dict[str, Any] = {"x": when, "y": value}
    mark: dict[str, Any] = {"type": "line", "strokeWidth": 2.5, "point": {"size": 50}, "tooltip": True}
    if color is None:
        mark["color"] = SINGLE
        mark["point"]["color"] = SINGLE
        encoding["tooltip"] = _tooltip(when_tooltip, value)
    else:
        series = _nominal(color, scale={"range": list(CATEGORICAL)}, legend={"orient": "top"})
        encoding["color"] = series
        encoding["strokeDash"] = {
            "field": _ref(color.name),
            "type": "nominal",
            "sort": None,
            "title": str(color.label),
            "legend": {"orient": "top"},
        }
        encoding["tooltip"] = _tooltip(when_tooltip, series, value)

    spec = _base(data, title=title, description=description, table=_table(data, x, y, color))
    spec["width"] = "container"
    spec["height"] = height
    spec["mark"] = mark
    spec["encoding"] = encoding
    return spec


def heatmap(
    rows: Iterable[Row],
    x: Field,
    y: Field,
    value: Field,
    *,
    title: str | Promise | None = None,
    description: str | Promise | None = None,
    show_values: bool = True,
) -> Spec:
    """A matrix of `value` for each `x` × `y` pair (for example themes × units), darker for more.

    The numbers are also written in the cells, in white or black, whichever reads better.
    Missing pairs and None values stay blank.
    """
    data = _rows(rows, [x, y, value])
    numbers = [r[value.name] for r in data if isinstance(r[value.name], int | float)]
    low = min([0, *numbers])
    high = max([low + 1, *numbers])
    threshold = low + (high - low) * _white_text_from()
    column = _nominal(x, axis={"orient": "top", "labelAngle": -35, "labelAlign": "left", "labelLimit": 180})
    row = _nominal(y, axis={"labelLimit": 260})
    shade = _quantitative(
        value,
        scale={"domain": [low, high], "range": list(SEQUENTIAL), "interpolate": "rgb"},
        legend={"orient": "right", "format": value.format or NUMBER, "gradientLength": 160},
    )
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 2, "tooltip": True},
            "encoding": {"color": shade, "tooltip": _tooltip(row, column, shade)},
        }
    ]
    if show_values:
        field = _ref(value.name)
        layers.append(
            {
                "mark": {"type": "text", "fontSize": 12},
                "encoding": {
                    "text": {"field": field, "type": "quantitative", "format": value.format or NUMBER},
                    "color": {
                        "condition": {
                            "test": f"datum[{_js_string(value.name)}] >= {threshold}",
                            "value": "#ffffff",
                        },
                        "value": "#000000",
                    },
                },
            }
        )
    spec = _base(data, title=title, description=description, table=_table(data, y, value, x))
    spec["width"] = "container"
    spec["height"] = 34 * max(1, len(_unique(r[y.name] for r in data)))
    spec["encoding"] = {"x": column, "y": row}
    spec["layer"] = layers
    return spec


def _js_string(text: str) -> str:
    """A Vega expression string literal (Vega expressions use JavaScript syntax)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _signed_area(ring: Sequence[Sequence[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def _d3_winding(geometry: Mapping[str, Any]) -> dict[str, Any]:
    """The geometry with d3-geo's ring order: outer rings clockwise, holes anticlockwise.

    GeoJSON (RFC 7946) asks for the opposite; d3 then reads an outer ring as "the whole globe but
    this area" and the map fills the frame. Rewinding works for data written either way.
    """

    def polygon(rings: Sequence[Sequence[Sequence[float]]]) -> list[list[list[float]]]:
        out = []
        for number, ring in enumerate(rings):
            ring = [list(point) for point in ring]
            clockwise = _signed_area(ring) < 0
            if clockwise != (number == 0):
                ring.reverse()
            out.append(ring)
        return out

    if geometry.get("type") == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry["coordinates"])}
    if geometry.get("type") == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [polygon(p) for p in geometry["coordinates"]]}
    return dict(geometry)


def area_features(areas: Iterable[AreaLike]) -> list[dict[str, Any]]:
    """GeoJSON features (properties: code, name) of areas with a polygon, ready for `area_map`."""
    return [
        {
            "type": "Feature",
            "properties": {"code": area.code, "name": str(area.name)},
            "geometry": _d3_winding(area.geometry),
        }
        for area in areas
        if area.geometry and area.geometry.get("type") in {"Polygon", "MultiPolygon"}
    ]


def area_map(
    features: Iterable[Mapping[str, Any]],
    values: Mapping[str, Any],
    value: Field,
    *,
    area_label: str | Promise | None = None,
    title: str | Promise | None = None,
    description: str | Promise | None = None,
    height: int = 460,
) -> Spec:
    """A choropleth of the areas: `values` by area code, darker for more, white for no value.

    `features` come from `area_features(Area.objects...)`. The Mercator projection is fitted to
    them; no map tiles are fetched. Areas without a value are drawn white and listed as "–".
    """
    shaped = []
    for feature in features:
        properties = dict(feature.get("properties") or {})
        properties["value"] = _plain(values.get(properties.get("code")))
        shaped.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    numbers = [f["properties"]["value"] for f in shaped if isinstance(f["properties"]["value"], int | float)]
    low = min([0, *numbers])
    high = max([low + 1, *numbers])
    area = Field("name", area_label or capfirst(gettext("area")))
    name = {"field": "properties.name", "type": "nominal", "title": str(area.label)}
    shade = {
        "field": "properties.value",
        "type": "quantitative",
        "title": str(value.label),
        "scale": {"domain": [low, high], "range": list(SEQUENTIAL), "interpolate": "rgb"},
        "legend": {"orient": "top-left", "format": value.format or NUMBER, "gradientLength": 160},
    }
    table_rows = sorted(
        ({"name": f["properties"].get("name"), "value": f["properties"]["value"]} for f in shaped),
        key=lambda r: str(r["name"]),
    )
    table = _table(table_rows, area, Field("value", value.label, value.format))
    spec = _base(shaped, title=title, description=description, table=table)
    spec["width"] = "container"
    spec["height"] = height
    spec["projection"] = {"type": "mercator"}
    spec["layer"] = [
        {
            # Areas without a value: white with a grey outline, so the city keeps its shape.
            "mark": {"type": "geoshape", "fill": NO_DATA, "stroke": MUTED, "strokeWidth": 0.6},
            "encoding": {"tooltip": [name]},
        },
        {
            "transform": [{"filter": "isValid(datum.properties.value)"}],
            "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.8, "tooltip": True},
            "encoding": {"color": shade, "tooltip": _tooltip(name, shade)},
        },
    ]
    return spec
