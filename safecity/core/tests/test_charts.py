"""Charts: the spec builders, the {% chart %} tag and, in the browser, drawing under our CSP."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from decimal import Decimal
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.utils import translation

from safecity.core import charts
from safecity.core.charts import Field
from safecity.core.tests.chart_samples import chart_specs, stockholm_areas
from safecity.organisation.loader import load
from safecity.organisation.models import Area

SCHEMA = Path(__file__).parent / "data" / "vega-lite-schema.json"
REPO_ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"

UNIT, COUNT = Field("unit", "Enhet"), Field("count", "Antal")
ROWS = [{"unit": "Järva", "count": 1234.5}, {"unit": "Södermalm", "count": 87}]


@cache
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def schema_errors(spec: dict) -> list[str]:
    """Readable Vega-Lite schema errors: the deepest ones under each anyOf."""

    def leaves(error):
        if not error.context:
            return [f"{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}"]
        return [leaf for sub in error.context for leaf in leaves(sub)]

    as_json = json.loads(json.dumps(spec))  # what json_script sends
    return [leaf for error in validator().iter_errors(as_json) for leaf in leaves(error)][:10]


def render_chart(spec: dict, chart_id: str = "chart", label: str = "Diagram") -> str:
    template = Template("{% load charts %}{% chart spec chart_id label %}")
    return template.render(Context({"spec": spec, "chart_id": chart_id, "label": label}))


class TableReader(HTMLParser):
    """The text of each table row's cells, in order."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.caption = ""
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_caption:
            self.caption += data


def table_of(html: str) -> TableReader:
    reader = TableReader()
    reader.feed(html)
    return reader


def spec_of(html: str, spec_id: str = "chart-spec") -> dict:
    match = re.search(rf'<script id="{spec_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no JSON script block #{spec_id}"
    return json.loads(match[1])


# --- the builders ---------------------------------------------------------------------------------


def every_kind() -> dict[str, dict]:
    specs = chart_specs()
    specs["bar_vertical"] = charts.bar_chart(ROWS, UNIT, COUNT)
    specs["line_datetimes"] = charts.line_chart(
        [{"at": dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC), "count": 3}], Field("at", "Tid"), COUNT
    )
    return specs


@pytest.mark.parametrize("kind", list(every_kind()))
def test_it_builds_valid_vega_lite(kind):
    with translation.override("sv"):
        spec = every_kind()[kind]
    assert spec["$schema"] == charts.SCHEMA
    assert schema_errors(spec) == []


def test_it_formats_numbers_the_swedish_way_in_swedish():
    with translation.override("sv"):
        spec = charts.bar_chart(ROWS, UNIT, COUNT)
        assert charts.format_number(1234567.5) == "1\u00a0234\u00a0567,5"
        assert charts.format_number(0.125, ".1%") == "12,5\u00a0%"
        assert charts.format_number(Decimal("2.50"), ",.2f") == "2,50"
        assert charts.format_number(None) == "–"
    number = spec["config"]["locale"]["number"]
    assert number["decimal"] == "," and number["thousands"] == "\u00a0"
    assert spec["config"]["locale"]["time"]["months"][0] == "januari"


def test_it_formats_numbers_the_english_way_in_english():
    with translation.override("en"):
        spec = charts.bar_chart(ROWS, UNIT, COUNT)
        assert charts.format_number(1234567.5) == "1,234,567.5"
    number = spec["config"]["locale"]["number"]
    assert number["decimal"] == "." and number["thousands"] == ","
    assert spec["config"]["locale"]["time"]["months"][0] == "January"


def test_its_colours_reach_3_to_1_against_white():
    for colour in (*charts.CATEGORICAL, charts.SINGLE, charts.SEQUENTIAL[-1], charts.MUTED):
        assert charts.contrast_ratio(colour, "#ffffff") >= 3, colour
    assert charts.contrast_ratio(charts.TEXT, "#ffffff") >= 4.5


def test_its_heatmap_numbers_stay_readable_on_every_shade():
    threshold = charts._white_text_from()
    for step in range(101):
        fill = charts._mix(charts.SEQUENTIAL[0], charts.SEQUENTIAL[-1], step / 100)
        text = "#ffffff" if step / 100 >= threshold else "#000000"
        assert charts.contrast_ratio(fill, text) >= 4.5, (fill, text)


def test_it_uses_the_callers_format_for_shares():
    rows = [{"unit": "Järva", "share": 0.125}, {"unit": "Skärholmen", "share": 0.5}]
    with translation.override("sv"):
        spec = charts.bar_chart(rows, UNIT, Field("share", "Andel", ".1%"))
        html = render_chart(spec)
    assert spec["encoding"]["y"]["axis"] == {"format": ".1%"}, "no whole-number ticks for shares"
    assert schema_errors(spec) == []
    assert table_of(html).rows[1:] == [["Järva", "12,5\u00a0%"], ["Skärholmen", "50,0\u00a0%"]]


def test_it_keeps_numbers_numbers_and_dates_iso():
    spec = charts.line_chart(
        [{"day": dt.date(2025, 1, 31), "n": Decimal("1.5")}], Field("day", "Dag"), Field("n", "Antal")
    )
    assert spec["data"]["values"] == [{"day": "2025-01-31", "n": 1.5}]
    assert spec["encoding"]["x"]["scale"] == {"type": "utc"}, "dates stay on their day in every time zone"


def test_it_escapes_dots_in_field_names():
    spec = charts.bar_chart([{"a.b": "x", "n": 1}], Field("a.b", "A"), COUNT)
    assert spec["encoding"]["x"]["field"] == "a\\.b"


def test_it_rewinds_rfc7946_polygons_for_d3():
    anticlockwise = [[18.0, 59.0], [18.1, 59.0], [18.1, 59.1], [18.0, 59.1], [18.0, 59.0]]
    hole_clockwise = [[18.02, 59.02], [18.02, 59.05], [18.05, 59.05], [18.05, 59.02], [18.02, 59.02]]
    area = Area(
        code="a", name="A", geometry={"type": "Polygon", "coordinates": [anticlockwise, hole_clockwise]}
    )
    (feature,) = charts.area_features([area, Area(code="b", name="B", geometry=None)])
    outer, hole = feature["geometry"]["coordinates"]
    assert charts._signed_area(outer) < 0, "outer ring clockwise"
    assert charts._signed_area(hole) > 0, "hole anticlockwise"
    assert feature["properties"] == {"code": "a", "name": "A"}


@pytest.mark.django_db
def test_it_maps_the_loaded_areas_with_values_by_code():
    if not Area.objects.exists():  # an earlier live-server test flushed the database
        load("stockholm")
    areas = Area.objects.exclude(geometry=None)
    values = {"rinkeby": 42, "husby": None}
    with translation.override("sv"):
        spec = charts.area_map(charts.area_features(areas), values, Field("n", "Antal signaler"))
    features = spec["data"]["values"]
    assert len(features) == areas.count() > 100
    by_code = {f["properties"]["code"]: f["properties"]["value"] for f in features}
    assert by_code["rinkeby"] == 42 and by_code["husby"] is None and by_code["akalla"] is None
    assert spec["projection"] == {"type": "mercator"}
    assert schema_errors(spec) == []
    html = render_chart(spec)
    rows = {row[0]: row[1] for row in table_of(html).rows[1:]}
    assert rows["Rinkeby"] == "42" and rows["Husby"] == "–"
    assert table_of(html).rows[0] == ["Stadsdel", "Antal signaler"]


# --- the tag --------------------------------------------------------------------------------------


def test_the_tag_escapes_script_endings_in_the_data():
    attack = '</script><script>alert("x")</script><b>'
    spec = charts.bar_chart([{"unit": attack, "count": 1}], UNIT, COUNT, title=attack)
    html = render_chart(spec)
    assert "</script><script>" not in html
    assert "<b>" not in html
    assert html.count("</script>") == 1, "only the JSON block's own end tag"
    assert spec_of(html)["data"]["values"][0]["unit"] == attack, "the browser gets the text back intact"
    assert table_of(html).rows[1][0] == attack, "the table shows it as text"


def test_the_fallback_table_holds_the_numbers():
    with translation.override("sv"):
        html = render_chart(charts.bar_chart(ROWS, UNIT, COUNT), label="Signaler per enhet")
    table = table_of(html)
    assert table.caption.strip() == "Signaler per enhet"
    assert table.rows == [["Enhet", "Antal"], ["Järva", "1\u00a0234,5"], ["Södermalm", "87"]]
    assert '<th scope="row">Järva</th>' in html


def test_the_fallback_table_of_a_series_has_a_column_per_series():
    rows = [
        {"month": dt.date(2025, 1, 1), "source": "Medarbetare", "count": 3},
        {"month": dt.date(2025, 1, 1), "source": "Invånare", "count": 1},
        {"month": dt.date(2025, 2, 1), "source": "Medarbetare", "count": 5},
    ]
    spec = charts.line_chart(rows, Field("month", "Månad"), COUNT, Field("source", "Källa"))
    table = table_of(render_chart(spec))
    assert table.rows == [
        ["Månad", "Medarbetare", "Invånare"],
        ["2025-01-01", "3", "1"],
        ["2025-02-01", "5", "–"],
    ]
    assert "(Antal)" in table.caption


def test_the_heatmap_table_is_a_matrix():
    rows = [
        {"unit": "Järva", "theme": "Näthat", "n": 3},
        {"unit": "Järva", "theme": "Desinformation", "n": 0},
        {"unit": "Skärholmen", "theme": "Näthat", "n": 12},
    ]
    spec = charts.heatmap(rows, Field("theme", "Tema"), Field("unit", "Enhet"), Field("n", "Insatser"))
    assert table_of(render_chart(spec)).rows == [
        ["Enhet", "Näthat", "Desinformation"],
        ["Järva", "3", "0"],
        ["Skärholmen", "12", "–"],
    ]


def test_the_tag_labels_the_chart_and_links_the_spec():
    spec = charts.bar_chart(ROWS, UNIT, COUNT, description="Järva har flest signaler.")
    html = render_chart(spec, chart_id="units", label="Signaler per enhet")
    assert 'data-chart="units-spec"' in html and 'id="units-spec"' in html
    assert 'aria-labelledby="units-label"' in html and 'aria-describedby="units-description"' in html
    assert "Järva har flest signaler." in html
    assert "usermeta" not in spec_of(html, "units-spec"), "the table goes as HTML, not twice"


def test_the_tag_names_an_untitled_chart_by_its_label():
    html = render_chart(charts.bar_chart(ROWS, UNIT, COUNT), label="Signaler per enhet")
    assert spec_of(html)["description"] == "Signaler per enhet"


def test_the_tag_refuses_an_id_that_is_not_an_html_id():
    with pytest.raises(TemplateSyntaxError):
        render_chart(charts.bar_chart(ROWS, UNIT, COUNT), chart_id='x" onclick="alert(1)')


@pytest.mark.django_db
def test_pages_without_charts_load_no_chart_scripts():
    html = Client().get("/").content.decode()
    assert "vega" not in html and "charts.js" not in html


@pytest.mark.django_db
@pytest.mark.urls("safecity.core.tests.chart_urls")
def test_the_chart_page_loads_the_scripts_in_order():
    html = Client().get("/test/diagram/").content.decode()
    order = ["vega.min.js", "vega-interpreter.js", "vega-lite.min.js", "vega-embed.min.js", "js/charts.js"]
    positions = [html.index(name) for name in order]
    assert positions == sorted(positions)
    assert html.index("vega.min.js") > html.index("</footer>"), "at the end of the body"


# --- in the browser -------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP-VIOLATION " + event.violatedDirective + " " + event.blockedURI + " " + event.sample);
});
"""
# Draws a chart the way vega-embed does by default, with Vega's eval-based expression compiler.
CONTROL = """
const element = document.createElement("div");
element.id = "control";
document.querySelector("main").append(element);
const spec = JSON.parse(document.getElementById("units-bar-spec").textContent);
vegaEmbed(element, spec, {renderer: "svg", actions: false, defaultStyle: false, tooltip: false}).then(
  () => { element.dataset.outcome = "drawn"; },
  (error) => { element.dataset.outcome = String(error); },
);
"""
CHART_IDS = ["units-bar", "units-themes-bar", "signals-trend", "units-themes", "areas-map"]


@pytest.fixture
def browser_page(live_server):
    from safecity.core.tests.browser import shared_sync_playwright as sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need the system Chromium at {CHROMIUM}", pytrace=False)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
            context.add_init_script(CSP_LISTENER)
            page = context.new_page()
            page.messages = []
            page.on("console", lambda m: page.messages.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda error: page.messages.append(f"pageerror: {error}"))
            yield page
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.mark.browser
@pytest.mark.urls("safecity.core.tests.chart_urls")
def test_every_kind_of_chart_draws_under_the_csp(browser_page, live_server):
    page = browser_page
    response = page.goto(live_server.url + "/test/diagram/")
    assert response is not None and response.status == 200
    csp = response.headers["content-security-policy"]
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp

    for chart_id in CHART_IDS:
        page.wait_for_selector(f"#{chart_id}.chart-drawn svg.marks", timeout=15_000)
        svg = page.locator(f"#{chart_id} svg.marks")
        assert svg.locator("path, rect, text").count() > 3, f"{chart_id} drew nothing"
        name = page.locator(f"#{chart_id} [role=graphics-document]").get_attribute("aria-label")
        assert name, f"{chart_id} has no accessible name"

    # Swedish number formats, drawn by Vega itself (the bar labels and the axis).
    assert "1\u00a0234,5" in page.locator("#units-bar svg.marks").text_content()
    assert "jan" in page.locator("#signals-trend svg.marks").text_content().lower()
    # Every area with a polygon is on the map.
    assert page.locator("#areas-map svg.marks path[aria-roledescription='geoshape']").count() >= len(
        stockholm_areas()
    )
    # The export menu offers only PNG and SVG, nothing that needs the network.
    view = page.locator("#units-bar")
    labels = [view.get_attribute("data-label-png"), view.get_attribute("data-label-svg")]
    assert sorted(view.locator(".vega-actions a").all_text_contents()) == sorted(labels)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "charts.png", full_page=True)

    # Tooltips show the numbers the Swedish way, styled by our stylesheet (none injected).
    page.locator("#units-bar svg.marks [aria-roledescription='bar']").first.hover()
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for()
    assert "1\u00a0234,5" in tooltip.text_content()
    assert tooltip.evaluate("e => getComputedStyle(e).position") == "fixed"
    page.screenshot(
        path=SCREENSHOTS / "charts-tooltip.png", clip={"x": 0, "y": 0, "width": 1280, "height": 500}
    )

    # The data table opens, and the export menu opens from the keyboard.
    page.locator("#units-bar").locator("xpath=..").locator("details.chart-data summary").click()
    assert page.locator("#units-bar ~ details.chart-data table").is_visible()
    page.locator("#units-bar summary").focus()
    page.keyboard.press("Enter")
    assert page.locator("#units-bar .vega-actions a").first.is_visible()
    page.screenshot(path=SCREENSHOTS / "charts-open.png", clip={"x": 0, "y": 0, "width": 1280, "height": 900})

    axe = Axe().run(page).response
    serious = [v["id"] for v in axe["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious

    # No CSP violation, no error, and no warning from Vega either (they flag specs that misfire).
    assert page.messages == [], "\n".join(page.messages)

    # In English, English number and date conventions.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/test/diagram/")
    page.wait_for_selector("#signals-trend.chart-drawn svg.marks")
    page.wait_for_selector("#units-bar.chart-drawn svg.marks")
    assert "1,234.5" in page.locator("#units-bar svg.marks").text_content()
    assert "Jan 2024" in page.locator("#signals-trend svg.marks").text_content()
    assert page.messages == [], "\n".join(page.messages)

    # A control: Vega without the interpreter, run from a same-origin script (code that Playwright
    # evaluates is exempt from the CSP), fails on eval, and the checks above would have seen it.
    page.route("**/control.js", lambda route: route.fulfill(body=CONTROL, content_type="text/javascript"))
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.src = "/static/control.js";
            document.body.append(script);
        }"""
    )
    page.wait_for_selector("#control[data-outcome]", state="attached")
    assert "unsafe-eval" in page.locator("#control").get_attribute("data-outcome")
    assert any("CSP-VIOLATION script-src" in m and "eval" in m for m in page.messages), page.messages
