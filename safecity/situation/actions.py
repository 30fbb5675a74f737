"""Every write of the situational picture's data: sources, uploads, column mappings, categories.

Each action checks the permission (access.py), runs in one transaction and writes the access log;
a refusal is logged after the rollback, so it stays. Imports themselves run in a background job
(tasks.py), enqueued when the transaction commits.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.core.actions import (
    Refused,  # noqa: F401 (callers catch actions.Refused)
    transactional_action,
)
from safecity.core.actions import require as _require
from safecity.core.jobs import start_job
from safecity.core.tabular import TableError
from safecity.organisation.access import home_unit, log_access

from . import access, importing, tasks
from .models import ColumnMapping, Dataset, ImportRun, Observation, PoliceEvent
from .police import category_lookup, name_key

action = transactional_action("situation.importrun")


def _unique_code(name: str) -> str:
    base = slugify(name)[:70] or "kalla"
    code, number = base, 2
    while Dataset.objects.filter(code=code).exists():
        code = f"{base}-{number}"
        number += 1
    return code


@action
def do_create_dataset(
    user, *, name: str, kind: str, publisher: str = "", licence: str = "", url: str = ""
) -> Dataset:
    _require(access.can_import(user), None, "new data source")
    if kind == Dataset.Kind.POLICE_EVENTS:
        raise ValidationError(
            {"kind": _("Police events come from the police feed, not from uploaded tables.")}
        )
    dataset = Dataset(
        code=_unique_code(name),
        name=name,
        kind=kind,
        publisher=publisher,
        licence=licence,
        url=url,
        created_by=user,
    )
    dataset.full_clean()
    dataset.save()
    log_access(user, Action.CREATE, obj=dataset)
    return dataset


@action
def do_upload_table(
    user,
    uploaded,
    *,
    kind: str,
    dataset: Dataset | None = None,
    provisional: bool = False,
    language: str = "sv",
) -> ImportRun:
    """Store an uploaded statistics or population table and start its import, or, for a source
    without a column mapping yet, leave it waiting for one (state "needs mapping")."""
    _require(access.can_import(user), dataset, "upload")
    if kind == ImportRun.Kind.STATISTICS and dataset is None:
        raise ValidationError({"target": _("Choose the data source the figures come from.")})
    if dataset is not None and dataset.is_police_events:
        raise ValidationError(
            {"target": _("Police events come from the police feed, not from uploaded tables.")}
        )
    try:
        run = importing.new_run(
            uploaded,
            uploaded.name,
            kind=kind,
            dataset=dataset if kind == ImportRun.Kind.STATISTICS else None,
            origin=ImportRun.Origin.WEB,
            user=user,
            unit=home_unit(user),
            provisional=provisional,
        )
    except TableError as error:
        raise ValidationError({"file": error.message}) from error
    log_access(user, Action.CREATE, obj=run, label=run.file_name, detail=f"{kind} upload")
    if kind == ImportRun.Kind.STATISTICS and not ColumnMapping.objects.filter(dataset=dataset).exists():
        run.state = ImportRun.State.NEEDS_MAPPING
        run.save(update_fields=["state"])
        return run
    _start(user, run, language)
    return run


def _start(user, run: ImportRun, language: str) -> None:
    """Queue the import of ``run`` with the source's current column mapping (after commit)."""
    if run.kind == ImportRun.Kind.STATISTICS:
        run.mapping = run.dataset.column_mapping.snapshot()
    run.state = ImportRun.State.QUEUED
    label = _("Import of %(file)s") % {"file": run.file_name}
    run.job = start_job(user, "situation.import", label, tasks.import_table, run.pk, language, unit=run.unit)
    run.save(update_fields=["mapping", "state", "job"])


MAPPING_FIELDS = [
    "place_column",
    "place_level",
    "category_column",
    "category_value",
    "period_column",
    "value_column",
    "value_unit",
    "value_unit_column",
    "n_column",
]


@action
def do_save_column_mapping(
    user, dataset: Dataset, *, run: ImportRun | None = None, language: str = "sv", **fields
) -> ColumnMapping:
    """Save the source's column mapping; an import waiting for it (or one that failed) starts again."""
    _require(access.can_import(user) and not dataset.is_police_events, dataset, "column mapping")
    mapping = ColumnMapping.objects.filter(dataset=dataset).first() or ColumnMapping(dataset=dataset)
    before = {name: getattr(mapping, name) for name in MAPPING_FIELDS}
    for name in MAPPING_FIELDS:
        setattr(mapping, name, fields.get(name) or "")
    mapping.updated_by = user
    mapping.full_clean()
    mapping.save()
    changes = {
        name: [before[name], getattr(mapping, name)]
        for name in MAPPING_FIELDS
        if before[name] != getattr(mapping, name)
    }
    log_access(user, Action.CHANGE, obj=dataset, detail="column mapping", changes=changes)
    if run is not None:
        _require(run.dataset_id == dataset.pk, run, "column mapping")
        if run.state in {ImportRun.State.NEEDS_MAPPING, ImportRun.State.FAILED}:
            _start(user, run, language)
            log_access(user, Action.CHANGE, obj=run, label=run.file_name, detail="import started")
    return mapping


def apply_category_mappings() -> int:
    """Group every stored figure and event again after categories or mappings changed; how many changed."""
    changed = 0
    for dataset in Dataset.objects.all():
        lookup = category_lookup(dataset)
        if dataset.is_police_events:
            values = PoliceEvent.objects.values_list("type", flat=True).distinct()
            rows, field = PoliceEvent.objects.all(), "type"
        else:
            rows = Observation.objects.filter(dataset=dataset)
            values, field = rows.values_list("source_category", flat=True).distinct(), "source_category"
        for value in list(values):
            category = lookup.get(name_key(value))
            matching = rows.filter(**{field: value})
            if category is None:
                changed += matching.exclude(category=None).update(category=None)
            else:
                changed += matching.exclude(category_id=category).update(category_id=category)
    return changed
