"""Every write to the guides: a new draft version, saving it, publishing it.

Each action checks the permission (access.py), runs in one transaction and writes the access log;
a refusal is logged after the rollback so it stays.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from safecity.core.access_log import Action
from safecity.core.actions import Refused, transactional_action
from safecity.organisation.access import log_access

from . import access
from .models import CONTENT_FIELDS, Audience, Guide, GuideState, Situation


def _require_editor(user, obj, detail: str) -> None:
    if not access.can_edit_guidance(user):
        raise Refused(obj, detail)


action = transactional_action("guidance.guide")


@action
def do_create_guide_draft(user, situation: Situation, audience: str) -> Guide:
    """A new draft version, copied from the newest version (or empty for a first guide)."""
    _require_editor(user, situation, f"new draft ({audience})")
    if audience not in Audience.values:
        raise ValidationError(_("Unknown audience."))
    versions = Guide.objects.select_for_update().filter(situation=situation, audience=audience)
    if versions.filter(state=GuideState.DRAFT).exists():
        raise ValidationError(_("There is a draft already; go on with it."))
    latest = versions.order_by("-version").first()
    draft = Guide(
        situation=situation,
        audience=audience,
        version=(latest.version + 1) if latest else 1,
        state=GuideState.DRAFT,
        created_by=user,
    )
    if latest:
        for name in CONTENT_FIELDS:
            setattr(draft, name, getattr(latest, name))
    else:
        draft.title, draft.title_en = situation.title, situation.title_en
    draft.save()
    log_access(user, Action.CREATE, obj=draft, detail=f"draft from v{latest.version}" if latest else "draft")
    return draft


@action
def do_save_guide_draft(user, guide: Guide, **fields) -> Guide:
    _require_editor(user, guide, "edit")
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    if guide.state != GuideState.DRAFT:
        raise ValidationError(_("A published guide cannot be changed; make a new version."))
    changed = {}
    for name, value in fields.items():
        if name not in CONTENT_FIELDS:
            raise ValueError(f"{name} is not a content field of a guide")
        if getattr(guide, name) != value:
            changed[name] = True
        setattr(guide, name, value)
    guide.full_clean()
    guide.save(update_fields=[*fields, "updated_at"])
    log_access(user, Action.CHANGE, obj=guide, detail="draft: " + ", ".join(sorted(changed))[:280])
    return guide


@action
def do_publish_guide(user, guide: Guide) -> Guide:
    """Publish a draft: it becomes the current version; the versions before it stay for the record."""
    _require_editor(user, guide, "publish")
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    if guide.state != GuideState.DRAFT:
        raise ValidationError(_("This version is published already."))
    if guide.review_by is None:
        raise ValidationError({"review_by": _("Give the date by which the guide must be reviewed again.")})
    if guide.review_by <= timezone.localdate():
        raise ValidationError({"review_by": _("The review date must be in the future.")})
    if not guide.steps.strip():
        raise ValidationError({"steps": _("A guide needs at least one step.")})
    guide.state = GuideState.PUBLISHED
    guide.published_at = timezone.now()
    guide.published_by = user
    guide.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    log_access(user, Action.CHANGE, obj=guide, detail="published")
    return guide
