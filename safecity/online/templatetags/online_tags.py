"""Showing an item's text with the classifier's weightiest terms marked (escaped, never raw HTML)."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def _pattern(terms: list[str]) -> re.Pattern | None:
    parts = []
    for term in sorted({t for t in terms if t and t.strip()}, key=len, reverse=True):
        escaped = re.escape(term.strip())
        if term.strip()[:1].isalnum() and term.strip()[-1:].isalnum():
            escaped = rf"(?<!\w){escaped}\w*"
        parts.append(escaped)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


@register.filter
def positive_terms(explanation) -> list[str]:
    """The terms that pushed the score up (weight > 0), in the order the classifier gave them."""
    terms = []
    for entry in explanation or []:
        try:
            term, weight = entry[0], float(entry[1])
        except (TypeError, ValueError, IndexError):
            continue
        if weight > 0:
            terms.append(str(term))
    return terms


@register.simple_tag
def highlight(text: str, explanation) -> str:
    """`text` escaped, with the explanation's positive terms wrapped in <mark>."""
    text = text or ""
    pattern = _pattern(positive_terms(explanation))
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


@register.filter
def percent(score) -> str:
    if score is None:
        return "–"
    return f"{round(float(score) * 100)} %"
