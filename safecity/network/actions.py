"""Every write to the profile, its initiatives, its published versions and the good-practice library.

Each action checks the permission (access.py), runs in one transaction, writes the access log and
e-mails a link, never content, to whoever must act next (safecity/core/notify.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.core.actions import (
    Refused,  # noqa: F401 (callers catch actions.Refused)
    transactional_action,
)
from safecity.core.actions import require as _require
from safecity.core.notify import notify
from safecity.organisation.access import log_access
from safecity.plans.access import FOLLOWED_UP
from safecity.plans.actions import central_coordinators
from safecity.plans.models import Measure

from . import access, document
from .models import GoodPractice, HighlightedInitiative, Profile, ProfileVersion, PublishedPhoto
from .schema import DocumentError, validate_document

MAX_INITIATIVES = 4
PROFILE_TEXTS = ("portrait", "portrait_en", "challenges", "challenges_en", "strategy", "strategy_en")
INITIATIVE_FIELDS = (
    "title",
    "title_en",
    "summary",
    "summary_en",
    "theme",
    "focus_area",
    "photo_alt",
    "photo_alt_en",
)
PRACTICE_TEXTS = (
    "title", "title_en", "what", "what_en", "for_whom", "for_whom_en", "cost_time", "cost_money",
    "evaluation", "evaluation_en", "result", "result_en", "advice", "advice_en", "prevention_level",
)  # fmt: skip
PRACTICE_LINKS = ("themes", "focus_areas", "target_groups")


action = transactional_action("network.profile")


# --- the profile ----------------------------------------------------------------------------------------


@action
def do_save_profile(user, profile: Profile, **texts) -> Profile:
    _require(access.can_compose_profile(user), profile, "compose")
    fields = [name for name in PROFILE_TEXTS if name in texts]
    for name in fields:
        setattr(profile, name, texts[name])
    profile.updated_by = user
    profile.save(update_fields=[*fields, "updated_by", "updated_at"])
    log_access(user, Action.CHANGE, obj=profile, detail="texts")
    return profile


def _check_photo_alt(photo_present: bool, fields: dict) -> None:
    if not photo_present:
        return
    errors = {}
    if not (fields.get("photo_alt") or "").strip():
        errors["photo_alt"] = _("Describe the photo in Swedish for those who cannot see it.")
    if not (fields.get("photo_alt_en") or "").strip():
        errors["photo_alt_en"] = _("Describe the photo in English for those who cannot see it.")
    if errors:
        raise ValidationError(errors)


def _renumber(profile: Profile) -> None:
    for position, initiative in enumerate(profile.initiatives.order_by("position", "pk"), start=1):
        if initiative.position != position:
            initiative.position = position
            initiative.save(update_fields=["position"])


@action
def do_add_initiative(user, profile: Profile, measure: Measure, *, photo: bytes | None = None, **fields):
    _require(access.can_compose_profile(user), profile, "add initiative")
    _require(measure.plan.status in FOLLOWED_UP, measure, "highlight a measure of a plan not approved")
    _require(measure.plan.unit.city_id == profile.city_id, measure, "highlight a measure of another city")
    if profile.initiatives.select_for_update().count() >= MAX_INITIATIVES:
        raise ValidationError(
            _("The profile already highlights four initiatives. Remove one before adding another.")
        )
    _check_photo_alt(bool(photo), fields)
    last = profile.initiatives.aggregate(m=Max("position"))["m"] or 0
    initiative = HighlightedInitiative(profile=profile, measure=measure, position=last + 1, photo=photo)
    for name in INITIATIVE_FIELDS:
        if name in fields:
            setattr(initiative, name, fields[name])
    initiative.full_clean()
    initiative.save()
    log_access(user, Action.CREATE, obj=initiative, detail="highlighted initiative")
    return initiative


@action
def do_update_initiative(
    user,
    initiative: HighlightedInitiative,
    *,
    photo: bytes | None = None,
    remove_photo: bool = False,
    **fields,
) -> HighlightedInitiative:
    _require(access.can_compose_profile(user), initiative, "edit initiative")
    if photo:
        initiative.photo = photo
    elif remove_photo:
        initiative.photo = None
    _check_photo_alt(bool(initiative.photo), fields)
    for name in INITIATIVE_FIELDS:
        if name in fields:
            setattr(initiative, name, fields[name])
    initiative.full_clean()
    initiative.save()
    log_access(user, Action.CHANGE, obj=initiative, detail="highlighted initiative")
    return initiative


@action
def do_remove_initiative(user, initiative: HighlightedInitiative) -> None:
    _require(access.can_compose_profile(user), initiative, "remove initiative")
    profile = initiative.profile
    log_access(user, Action.DELETE, obj=initiative, detail="highlighted initiative")
    initiative.delete()
    _renumber(profile)


@action
def do_move_initiative(user, initiative: HighlightedInitiative, step: int) -> None:
    """Move one place up (step -1) or down (+1)."""
    _require(access.can_compose_profile(user), initiative, "reorder initiatives")
    profile = initiative.profile
    _renumber(profile)
    ordered = list(profile.initiatives.order_by("position", "pk"))
    index = next(i for i, item in enumerate(ordered) if item.pk == initiative.pk)
    other = index + step
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered, start=1):
            item.position = position
            item.save(update_fields=["position"])
    log_access(user, Action.CHANGE, obj=profile, detail="initiative order")


def validate(doc: dict) -> None:
    """The export schema's check; a document that does not match it is never published."""
    try:
        validate_document(doc)
    except DocumentError as error:
        raise ValidationError(
            _("The profile does not match the export format: %(reason)s") % {"reason": error.message}
        ) from error


@action
def do_publish_profile(user, profile: Profile) -> ProfileVersion:
    """Freeze the profile as the next version: document, photos, log; the public sees it at once."""
    _require(access.can_compose_profile(user), profile, "publish")
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    number = (profile.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = ProfileVersion.objects.create(profile=profile, number=number, published_by=user, document={})
    photos = {}
    initiatives = list(profile.initiatives.order_by("position", "pk")[:MAX_INITIATIVES])
    for position, initiative in enumerate(initiatives, start=1):
        if initiative.photo:
            photos[initiative.pk] = PublishedPhoto.objects.create(
                version=version, position=position, data=bytes(initiative.photo)
            )

    def photo_url(initiative):
        return document.absolute(reverse("network:photo", args=[photos[initiative.pk].pk]))

    doc = document.build_document(
        profile, version_number=number, published_at=version.published_at, photo_url=photo_url
    )
    validate(doc)
    version.document = doc
    version.save(update_fields=["document"])
    log_access(user, Action.CREATE, obj=version, detail="published")
    return version


# --- good practice ----------------------------------------------------------------------------------------


def _practice_link(practice: GoodPractice) -> str:
    return reverse("network:practice", args=[practice.pk])


def _set_practice(practice: GoodPractice, fields: dict) -> None:
    for name in PRACTICE_TEXTS:
        if name in fields:
            setattr(practice, name, fields[name] or "")
    practice.full_clean(exclude=["measure", "unit", "proposed_by", "decided_by"])


def _set_links(practice: GoodPractice, fields: dict) -> None:
    for name in PRACTICE_LINKS:
        if name in fields:
            getattr(practice, name).set(fields[name])


@action
def do_propose_good_practice(user, measure: Measure, **fields) -> GoodPractice:
    _require(access.can_propose_measure(user, measure), measure, "propose good practice")
    practice = GoodPractice(measure=measure, unit=measure.plan.unit, proposed_by=user)
    _set_practice(practice, fields)
    practice.save()
    _set_links(practice, fields)
    log_access(user, Action.CREATE, obj=practice, detail="proposed")
    notify(central_coordinators(), _("a proposed good practice"), _practice_link(practice))
    return practice


@action
def do_update_good_practice(user, practice: GoodPractice, **fields) -> GoodPractice:
    """The proposer's unit edits a proposal; a returned one goes back to the central coordinator."""
    _require(access.can_edit_practice(user, practice), practice, "edit")
    was_returned = practice.state == GoodPractice.State.RETURNED
    _set_practice(practice, fields)
    practice.state = GoodPractice.State.PROPOSED
    practice.save()
    _set_links(practice, fields)
    log_access(user, Action.CHANGE, obj=practice, detail="resubmitted" if was_returned else "edited")
    if was_returned:
        notify(central_coordinators(), _("a proposed good practice"), _practice_link(practice))
    return practice


def _decide(user, practice: GoodPractice, state: str, comment: str) -> None:
    practice.state = state
    practice.decided_by = user
    practice.decided_at = timezone.now()
    practice.review_comment = comment
    practice.save(update_fields=["state", "decided_by", "decided_at", "review_comment", "updated_at"])
    log_access(user, Action.CHANGE, obj=practice, detail=state)
    if practice.proposed_by_id:
        notify([practice.proposed_by], _("a decision on your good practice"), _practice_link(practice))


@action
def do_approve_good_practice(user, practice: GoodPractice, comment: str = "") -> GoodPractice:
    _require(access.can_decide_practice(user, practice), practice, "approve")
    _decide(user, practice, GoodPractice.State.APPROVED, comment.strip())
    return practice


@action
def do_return_good_practice(user, practice: GoodPractice, comment: str) -> GoodPractice:
    _require(access.can_decide_practice(user, practice), practice, "return")
    if not comment.strip():
        raise ValidationError({"comment": _("Write what the proposer should change.")})
    _decide(user, practice, GoodPractice.State.RETURNED, comment.strip())
    return practice


@action
def do_withdraw_good_practice(user, practice: GoodPractice) -> GoodPractice:
    _require(access.can_edit_practice(user, practice), practice, "withdraw")
    practice.state = GoodPractice.State.WITHDRAWN
    practice.save(update_fields=["state", "updated_at"])
    log_access(user, Action.CHANGE, obj=practice, detail="withdrawn")
    return practice
