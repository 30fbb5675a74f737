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


def refresh_plan(plan_id: int) -> None:
    """Recompute the stored progress of every measure of a plan: one read and one bulk write,
    sub-measures before their parents. Used where many measures change at once."""
    measures = list(Measure.objects.filter(plan_id=plan_id).select_related("status"))
    children: dict[int | None, list[Measure]] = {}
    for measure in measures:
        children.setdefault(measure.parent_id, []).append(measure)
    changed: list[Measure] = []
    seen: set[int] = set()

    def visit(measure: Measure) -> None:
        seen.add(measure.pk)
        parts = [part for part in children.get(measure.pk, []) if part.pk not in seen]
        for part in parts:
            visit(part)
        if measure.status.default_progress is None:
            value = None
        elif children.get(measure.pk):
            value = weighted(children[measure.pk])
        else:
            value = own_progress(measure)
        if value != measure.progress:
            measure.progress = value
            changed.append(measure)

    for measure in children.get(None, []):
        visit(measure)
    Measure.objects.bulk_update(changed, ["progress"])
