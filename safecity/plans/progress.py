"""Weighted progress: a measure's own progress, or the weighted mean of its sub-measures."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .models import Measure


def own_progress(measure: Measure) -> int | None:
    if measure.status.default_progress is None:  # cancelled: does not count
        return None
    if measure.manual_progress is not None:
        return measure.manual_progress
    return measure.status.default_progress


def weighted(children: list[Measure]) -> int | None:
    total_weight = Decimal(0)
    total = Decimal(0)
    for child in children:
        if child.progress is None or child.weight <= 0:
            continue
        total_weight += child.weight
        total += child.weight * child.progress
    if total_weight == 0:
        return None
    return int((total / total_weight).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def compute(measure: Measure) -> int | None:
    if measure.status.default_progress is None:
        return None
    children = list(measure.children.select_related("status"))
    if children:
        return weighted(children)
    return own_progress(measure)


def refresh(measure: Measure) -> None:
    """Recompute a measure's stored progress and its parents' up the tree."""
    current: Measure | None = measure
    seen = set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        value = compute(current)
        if value != current.progress:
            current.progress = value
            current.save(update_fields=["progress"])
        current = Measure.objects.select_related("status").filter(pk=current.parent_id).first()
