"""Organisation, directory, people and roles. Reads for every account, writes for administrators."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

try:
    from ninja import Status
except ImportError:  # django-ninja before 1.6 takes a (status, body) tuple

    def Status(status_code, value):
        return status_code, value


from safecity.organisation import access, actions, directory
from safecity.organisation.models import Area, City, Function, Role, Unit

router = Router(tags=["organisation"])


class UnitOut(Schema):
    code: str
    name: str
    name_en: str
    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor: str | None = Field(None, alias="successor.code")


class UnitIn(Schema):
    code: str
    name: str
    name_en: str = ""
    kind: Unit.Kind
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class UnitPatch(Schema):
    name: str | None = None
    name_en: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class AreaOut(Schema):
    code: str
    name: str
    unit: str | None


class AreaPeriodOut(Schema):
    unit: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class AreaDetail(AreaOut):
    history: list[AreaPeriodOut]
    geometry: dict | None


class FunctionOut(Schema):
    code: str
    name: str
    name_en: str


class FunctionIn(Schema):
    code: str
    name: str
    name_en: str = ""


class ContactOut(Schema):
    kind: str
    title: str
    title_en: str
    phone: str
    email: str
    opening_hours: str
    opening_hours_en: str


class DirectoryOut(Schema):
    area: str | None
    unit: UnitOut
    contacts: list[ContactOut]


class PersonOut(Schema):
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool


class PersonIn(Schema):
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""


class RoleAssignmentOut(Schema):
    id: int
    username: str = Field(..., alias="user.username")
    role: str
    unit: str | None = Field(None, alias="unit.code")
    function: str | None = Field(None, alias="function.code")


class RoleAssignmentIn(Schema):
    username: str
    role: Role
    unit: str | None = None
    function: str | None = None


class GrantOut(Schema):
    role: str
    unit: str | None


class MeOut(Schema):
    username: str
    roles: list[GrantOut]


def _city() -> City:
    city = City.objects.order_by("pk").first()
    if city is None:
        raise HttpError(503, "No organisation is loaded.")
    return city


@router.get("/me", response=MeOut, summary="Who am I, with which roles")
def me(request):
    grants = access.grants(request.user)
    units = {u.pk: u.code for u in Unit.objects.filter(pk__in=[g.unit_id for g in grants if g.unit_id])}
    return {
        "username": request.user.username,
        "roles": [{"role": g.role, "unit": units.get(g.unit_id)} for g in grants],
    }


@router.get("/units", response=list[UnitOut], summary="Units valid on a day (default today)")
def list_units(request, valid_on: dt.date | None = None, kind: Unit.Kind | None = None, all: bool = False):
    units = Unit.objects.select_related("successor").order_by("kind", "name")
    if not all:
        units = units.valid_on(valid_on)
    if kind:
        units = units.filter(kind=kind)
    return units


@router.get("/units/{code}", response=UnitOut)
def get_unit(request, code: str):
    return get_object_or_404(Unit.objects.select_related("successor"), code=code)


@router.post("/units", response={201: UnitOut}, summary="Create a unit (administrators)")
def create_unit(request, payload: UnitIn):
    return Status(201, actions.do_create_unit(request.user, _city(), **payload.dict()))


@router.patch("/units/{code}", response=UnitOut, summary="Change a unit (administrators)")
def update_unit(request, code: str, payload: UnitPatch):
    return actions.do_update_unit(request.user, code, **payload.dict(exclude_unset=True))


@router.get("/units/{code}/people", response=list[RoleAssignmentOut], summary="People and roles of a unit")
def unit_people(request, code: str):
    _unit, assignments = access.get_unit_people_for_user(request.user, code)
    return list(assignments.select_related("unit"))


@router.get("/areas", response=list[AreaOut], summary="Areas with their unit on a day (default today)")
def list_areas(request, valid_on: dt.date | None = None):
    units = dict(
        Area.objects.filter(assignments__in=directory.AreaAssignment.objects.valid_on(valid_on)).values_list(
            "pk", "assignments__unit__code"
        )
    )
    return [{"code": a.code, "name": a.name, "unit": units.get(a.pk)} for a in Area.objects.order_by("name")]


@router.get("/areas/{code}", response=AreaDetail, summary="An area with its unit history and polygon")
def get_area(request, code: str, geometry: bool = False):
    area = get_object_or_404(Area, code=code)
    unit = area.unit_on()
    history = [
        {"unit": a.unit.code, "valid_from": a.valid_from, "valid_to": a.valid_to}
        for a in area.assignments.select_related("unit").order_by(F("valid_from").asc(nulls_first=True))
    ]
    return {
        "code": area.code,
        "name": area.name,
        "unit": unit.code if unit else None,
        "history": history,
        "geometry": area.geometry if geometry else None,
    }


@router.get("/functions", response=list[FunctionOut])
def list_functions(request):
    return Function.objects.all()


@router.post("/functions", response={201: FunctionOut}, summary="Create a function (administrators)")
def create_function(request, payload: FunctionIn):
    return Status(201, actions.do_create_function(request.user, _city(), **payload.dict()))


@router.get("/directory", response=DirectoryOut, summary="Who do I contact? by area or unit")
def get_directory(request, area: str | None = None, unit: str | None = None):
    chosen_area = None
    if area:
        chosen_area = get_object_or_404(Area, code=area)
        found = chosen_area.unit_on()
    elif unit:
        found = get_object_or_404(Unit.objects.valid_on(), code=unit)
    else:
        raise HttpError(422, "Give an area or a unit.")
    if found is None:
        raise HttpError(404, "The area belongs to no unit today.")
    public_only = not access.can_view_internal_directory(request.user)
    return {
        "area": chosen_area.code if chosen_area else None,
        "unit": found,
        "contacts": directory.contacts_for(found, public_only=public_only),
    }


@router.get("/people", response=list[PersonOut], summary="All people (administrators)")
def list_people(request):
    return actions.get_people_for_user(request.user)


@router.post("/people", response={201: PersonOut}, summary="Create a person (administrators)")
def create_person(request, payload: PersonIn):
    return Status(201, actions.do_create_person(request.user, **payload.dict()))


@router.get(
    "/role-assignments", response=list[RoleAssignmentOut], summary="All role assignments (administrators)"
)
def list_role_assignments(request):
    return actions.get_role_assignments_for_user(request.user)


@router.post(
    "/role-assignments", response={201: RoleAssignmentOut}, summary="Give a person a role (administrators)"
)
def create_role_assignment(request, payload: RoleAssignmentIn):
    assignment = actions.do_assign_role(
        request.user, payload.username, payload.role, payload.unit, payload.function
    )
    return Status(201, assignment)


@router.delete(
    "/role-assignments/{assignment_id}", response={204: None}, summary="Remove a role (administrators)"
)
def delete_role_assignment(request, assignment_id: int):
    actions.do_remove_role(request.user, assignment_id)
    return Status(204, None)
