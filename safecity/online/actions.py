"""Every write of the online module: uploads, items from signals, reviews, classifier versions.

Each action checks the permission through access.py, runs in one transaction and writes the access
log; a refusal is logged after the rollback, so it stays. Background work starts after commit.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.core.jobs import start_job
from safecity.core.models import Job
from safecity.organisation.access import log_access

from . import access, importing, tasks
from .models import ClassifierModel, ContentImport, Label, OnlineItem, Review, Target


class Refused(PermissionDenied):
    def __init__(self, label: str, object_type: str = access.OBJECT_TYPE):
        super().__init__(label)
        self.label = label
        self.object_type = object_type


def action(func):
    @functools.wraps(func)
    def wrapper(user, *args, **kwargs):
        try:
            with transaction.atomic():
                return func(user, *args, **kwargs)
        except Refused as refused:
            log_access(user, Action.REFUSED, object_type=refused.object_type, label=refused.label)
            raise

    return wrapper


# --------------------------------------------------------------------------------------------------
# Bringing content in


@action
def do_upload_content(
    user, uploaded, *, unit, source: str = "", language: str = "sv"
) -> tuple[ContentImport, Job]:
    """Store an upload (encrypted) and start its import job. The file is refused at once when too large."""
    if not access.upload_units_for_user(user).filter(pk=unit.pk).exists():
        raise Refused(f"import into {unit}", "online.contentimport")
    limit = importing.max_bytes()
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        from django.template.defaultfilters import filesizeformat

        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s. Split it into smaller files.")
                % {"limit": filesizeformat(limit)}
            }
        )
    run = ContentImport.objects.create(
        unit=unit,
        uploaded_by=user,
        source=source[:200],
        filename=(uploaded.name or "upload")[:255],
        file=data,
    )
    label = _("Import of %(file)s") % {"file": run.filename}
    job = start_job(user, "online.import", label, tasks.import_content, run.pk, language, unit=unit)
    run.job_id = str(job.pk)
    run.save(update_fields=["job_id"])
    log_access(user, Action.CREATE, obj=run, detail="upload")
    return run, job


@action
def do_classify_stored(user, *, only_unclassified: bool = True) -> Job:
    """Classify the user's items that have no label yet (or all of them again) in the background."""
    if only_unclassified and not access.can_use_online(user):
        raise Refused("classify unclassified items")
    if not only_unclassified and not access.can_manage_models(user):
        raise Refused("classify every item again", "online.classifiermodel")
    ids = access.unit_ids_for_user(user)
    label = _("Classifying items without a label") if only_unclassified else _("Classifying every item again")
    job = start_job(
        user,
        "online.classify",
        label,
        tasks.classify_stored,
        sorted(ids) if ids is not None else None,
        only_unclassified,
    )
    log_access(user, Action.CHANGE, object_type=access.OBJECT_TYPE, label=label)
    return job


def signal_time(signal) -> dt.datetime:
    moment = signal.occurred_time or dt.time(0, 0)
    naive = dt.datetime.combine(signal.occurred_on, moment)
    return timezone.make_aware(naive, importing.STOCKHOLM)


SIGNAL_PLATFORM = "signal"


@action
def do_add_signal_to_online(user, signal) -> OnlineItem:
    """An online-hate signal's description becomes an item of the signal's unit (no author)."""
    from safecity.intake import access as intake_access
    from safecity.intake.models import Kind

    if not intake_access.can_triage(user, signal):
        raise Refused(f"signal S-{signal.pk} to online", "intake.signal")
    if not access.can_see_unit(user, signal.unit_id):
        raise Refused(f"signal S-{signal.pk} to online", "intake.signal")
    if signal.kind != Kind.ONLINE_HATE:
        raise ValidationError(_("Only signals of the kind “online hate” can be added to online content."))
    if signal.is_tombstoned or not (signal.description or "").strip():
        raise ValidationError(_("The signal has no description to add."))
    if OnlineItem.objects.filter(signal=signal).exists():
        raise ValidationError(_("This signal is already in online content."))
    text = signal.description.strip()[: importing.max_text_chars()]
    posted_at = signal_time(signal)
    fingerprint = importing.fingerprint(SIGNAL_PLATFORM, "", posted_at, text)
    if OnlineItem.objects.filter(fingerprint=fingerprint).exists():
        raise ValidationError(_("An item with the same text and time is already in online content."))
    item = OnlineItem(
        unit_id=signal.unit_id,
        origin=OnlineItem.Origin.SIGNAL,
        signal=signal,
        fingerprint=fingerprint,
        platform=SIGNAL_PLATFORM,
        posted_at=posted_at,
        text=text,
    )
    model = importing.active_classifier()
    if model is not None:
        importing.classify_items([item], model)
    item.save()
    log_access(user, Action.CREATE, obj=item, detail=f"from signal S-{signal.pk}")
    return item


# --------------------------------------------------------------------------------------------------
# Review


@action
def do_review_item(user, item: OnlineItem, *, label: str, target: str = "", note: str = "") -> Review:
    """A person confirms or corrects the label and target; earlier reviews stay as history."""
    if not access.can_see_unit(user, item.unit_id):
        raise Refused(f"review item {item.pk}")
    if label not in Label.values:
        raise ValidationError({"label": _("Choose a label.")})
    if target not in Target.values:
        raise ValidationError({"target": _("Choose a target group.")})
    if label == Label.NOT_HATEFUL:
        target = ""
    review = Review.objects.create(
        item=item,
        reviewer=user,
        label=label,
        target=target,
        model_label=item.label,
        model_target=item.target,
        note=note[:300],
    )
    item.reviewed_label = label
    item.reviewed_target = target
    item.reviewed_at = review.at
    item.save(update_fields=["reviewed_label", "reviewed_target", "reviewed_at"])
    log_access(
        user,
        Action.CHANGE,
        obj=item,
        detail="review",
        changes={"label": [item.label, label], "target": [item.target, target]},
    )
    return review


# --------------------------------------------------------------------------------------------------
# Classifier versions


@action
def do_activate_model(user, model: ClassifierModel) -> ClassifierModel:
    """Make `model` the one active version (switching back is the same action on an older one)."""
    if not access.can_manage_models(user):
        raise Refused(f"activate {model}", "online.classifiermodel")
    locked = ClassifierModel.objects.select_for_update().get(pk=model.pk)
    previous = ClassifierModel.objects.filter(is_active=True).exclude(pk=locked.pk).first()
    ClassifierModel.objects.filter(is_active=True).exclude(pk=locked.pk).update(is_active=False)
    if not locked.is_active:
        locked.is_active = True
        locked.activated_at = timezone.now()
        locked.save(update_fields=["is_active", "activated_at"])
    log_access(
        user,
        Action.CHANGE,
        obj=locked,
        detail="activate",
        changes={"active": [str(previous) if previous else None, str(locked)]},
    )
    return locked


@action
def do_start_training(user, *, quick: bool = False, notes: str = "") -> Job:
    if not access.can_manage_models(user):
        raise Refused("train a classifier version", "online.classifiermodel")
    label = _("Training a new classifier version")
    job = start_job(user, "online.train", label, tasks.train_version, user.pk, quick, notes[:500])
    log_access(user, Action.CREATE, object_type="online.classifiermodel", label=label)
    return job
