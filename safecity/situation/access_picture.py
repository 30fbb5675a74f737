"""Who may read and write situational pictures (lägesbilder).

- a unit coordinator reads and writes their own unit's pictures;
- the central coordinator reads every picture and writes the city-wide one;
- everyone else is refused, and the refusal is logged.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from safecity.core.access_log import Action
from safecity.organisation.access import grants, log_access
from safecity.organisation.models import Role, Unit

from .models_picture import PictureSection, SituationPicture


def is_central(user) -> bool:
    return any(g.role == Role.CENTRAL_COORDINATOR for g in grants(user))


def coordinated_unit_ids(user) -> set[int]:
    return {g.unit_id for g in grants(user) if g.role == Role.UNIT_COORDINATOR and g.unit_id}


def can_read_pictures(user) -> bool:
    return is_central(user) or bool(coordinated_unit_ids(user))


def can_write(user, unit: Unit | None) -> bool:
    if unit is None:
        return is_central(user)
    return unit.pk in coordinated_unit_ids(user)


def can_read(user, unit: Unit | None) -> bool:
    if is_central(user):
        return True
    return unit is not None and unit.pk in coordinated_unit_ids(user)


def require_pictures(user) -> None:
    if not can_read_pictures(user):
        log_access(user, Action.REFUSED, object_type="situation.situationpicture", label="pictures")
        raise PermissionDenied


def require_write(user, unit: Unit | None) -> None:
    if not can_write(user, unit):
        log_access(
            user,
            Action.REFUSED,
            object_type="situation.situationpicture",
            label=unit.display_name if unit else "city",
            detail="create",
        )
        raise PermissionDenied


def pictures_for_user(user):
    pictures = SituationPicture.objects.select_related("unit")
    if is_central(user):
        return pictures
    return pictures.filter(unit_id__in=coordinated_unit_ids(user))


def get_picture_for_user(user, picture_id: int, *, write: bool = False) -> SituationPicture:
    picture = get_object_or_404(SituationPicture.objects.select_related("unit", "unit__city"), pk=picture_id)
    allowed = can_write(user, picture.unit) if write else can_read(user, picture.unit)
    if not allowed:
        log_access(user, Action.REFUSED, obj=picture, label=str(picture), detail="write" if write else "read")
        raise PermissionDenied
    return picture


def get_section_for_user(user, picture_id: int, kind: str) -> PictureSection:
    picture = get_picture_for_user(user, picture_id, write=True)
    return get_object_or_404(PictureSection.objects.select_related("picture"), picture=picture, kind=kind)
