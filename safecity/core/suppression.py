"""Small-number suppression (PRODUCT.md rule 4): wherever counts leave the coordinators, a count from
1 to threshold - 1 is shown as "<threshold" so no one can be recognised from a small number.

    suppress(3)  -> "<5"
    suppress(0)  -> 0      (nothing to hide)
    suppress(12) -> 12     (numbers stay numbers, for tables and spreadsheets)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings


def suppress(count: int | None, threshold: int | None = None) -> int | str | None:
    threshold = settings.SUPPRESSION_THRESHOLD if threshold is None else threshold
    if count is None:
        return None
    if 0 < count < threshold:
        return f"<{threshold}"
    return count


def is_suppressed(value) -> bool:
    return isinstance(value, str) and value.startswith("<")


def suppress_rows(rows: Iterable[dict], field: str = "count", threshold: int | None = None) -> list[dict]:
    """A copy of each row with its count suppressed (rows as returned by the stats functions)."""
    return [{**row, field: suppress(row.get(field), threshold)} for row in rows]
