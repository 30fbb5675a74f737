"""`{% chart spec id label %}`: a Vega-Lite chart from safecity.core.charts, with its data table.

{% load charts %}
{% chart trend_spec "signals-trend" _("Signals per month") %}
...
{% block extra_scripts %}{% include "core/_chart_scripts.html" %}{% endblock %}
"""

import re
from typing import Any

from django import template
from django.utils.functional import Promise

from safecity.core.charts import format_number

register = template.Library()

HTML_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@register.inclusion_tag("core/_chart.html")
def chart(
    spec: dict[str, Any], chart_id: str, label: str | Promise, description: str | Promise | None = None
) -> dict[str, Any]:
    """The chart container, its spec as a JSON script block and the same numbers as a table.

    `label` names the chart for assistive technology and captions the table; `description`
    (default: the spec's description) is read after it.
    """
    if not HTML_ID.match(str(chart_id)):
        raise template.TemplateSyntaxError(f"chart: {chart_id!r} is not a usable HTML id")
    usermeta = spec.get("usermeta") or {}
    table = usermeta.get("table") or {"columns": [], "rows": [], "formats": [], "value_label": ""}
    # The table travels as HTML; the browser only needs the spec.
    client_usermeta = {k: v for k, v in usermeta.items() if k != "table"}
    client_spec = {k: v for k, v in spec.items() if k != "usermeta"}
    if client_usermeta:
        client_spec["usermeta"] = client_usermeta
    if not client_spec.get("description"):
        client_spec["description"] = str(label)  # Vega-Lite makes it the <svg>'s aria-label
    formats = list(table.get("formats") or [])
    formats += [None] * (len(table["columns"]) - len(formats))
    rows = [
        [
            {"text": format_number(cell, fmt), "numeric": bool(column.get("numeric"))}
            for cell, column, fmt in zip(row, table["columns"], formats, strict=False)
        ]
        for row in table["rows"]
    ]
    description = description if description is not None else spec.get("description", "")
    return {
        "chart_id": chart_id,
        "spec_id": f"{chart_id}-spec",
        "label": label,
        "description": description if str(description) != str(label) else "",
        "spec": client_spec,
        "columns": table["columns"],
        "rows": rows,
        "value_label": table.get("value_label", ""),
    }
