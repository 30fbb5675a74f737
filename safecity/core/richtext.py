"""Rich but safe text: Markdown in, sanitised HTML out (headings, lists, links, emphasis, tables).

Stored text is the Markdown the person wrote; the HTML is produced on the way out and cleaned by an
allow-list sanitiser, so no script, style, event handler or javascript: link can ever reach a page
or a PDF, whatever was typed or imported.
"""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "a", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}


def render(text: str) -> SafeString:
    """Markdown → sanitised HTML. Headings start at h2 because the page owns h1."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 with an allow-list just above


def plain(text: str) -> str:
    """The text without any markup, for search, previews and exports."""
    return nh3.clean(str(render(text)), tags=set()).strip()
