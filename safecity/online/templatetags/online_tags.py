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


MARKED_TERMS = 5
MARK_SHARE = 0.25  # a term is marked when its weight is at least this share of the heaviest one


@register.filter
def positive_terms(explanation) -> list[str]:
    """The few terms that pushed the score up most (weight > 0 and not negligible), heaviest first."""
    weighted = []
    for entry in explanation or []:
        try:
            term, weight = str(entry[0]), float(entry[1])
        except (TypeError, ValueError, IndexError):
            continue
        if weight > 0:
            weighted.append((weight, term))
    if not weighted:
        return []
    weighted.sort(key=lambda pair: -pair[0])
    heaviest = weighted[0][0]
    return [term for weight, term in weighted[:MARKED_TERMS] if weight >= heaviest * MARK_SHARE]


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
