"""Every write: sessions, headcounts and sessions from a file, e-learning completions.

Each action checks the permission through access.py, runs in one transaction and writes the access
log; a refusal is logged after the rollback, so it stays.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from safecity.core.access_log import Action, diff
from safecity.organisation.access import log_access
from safecity.organisation.models import RoleAssignment

from . import access
from .models import (
    Completion,
    CoverageTarget,
    Headcount,
    MeasureProgramme,
    Programme,
    Question,
    QuizVersion,
    Session,
)


class Refused(PermissionDenied):
    def __init__(self, label: str, object_type: str = "competence.session"):
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


@action
def do_register_session(user, *, attendees=(), **fields) -> Session:
    if not access.can_register_for(user, fields["unit"]):
        raise Refused(f"session for {fields['unit']}")
    session = Session(created_by=user, **fields)
    session.full_clean()
    session.save()
    if attendees:
        session.attendees.set(attendees)
    log_access(user, Action.CREATE, obj=session)
    return session


@action
def do_import(user, *, headcounts: list[dict], sessions: list[dict]) -> tuple[int, int]:
    """Save checked rows, all or nothing; a headcount for the same unit, function and year is replaced."""
    for row in [*headcounts, *sessions]:
        if not access.can_register_for(user, row["unit"]):
            raise Refused(f"import for {row['unit']}")
    for row in headcounts:
        Headcount.objects.update_or_create(
            unit=row["unit"], function=row["function"], year=row["year"], defaults={"number": row["number"]}
        )
    Session.objects.bulk_create(Session(created_by=user, **row) for row in sessions)
    log_access(
        user,
        Action.CREATE,
        object_type="competence.import",
        label=f"{len(headcounts)} headcounts, {len(sessions)} sessions",
    )
    return len(headcounts), len(sessions)


def _work_place(user):
    """The unit and function the person works in, from their staff role assignment."""
    assignment = (
        RoleAssignment.objects.active()
        .filter(user=user, unit__isnull=False)
        .order_by(F("function").asc(nulls_last=True), "pk")
        .select_related("unit", "function")
        .first()
    )
    return (assignment.unit, assignment.function) if assignment else (None, None)


@action
def do_complete_quiz(user, version: QuizVersion, answers: list[int | None]) -> Completion | None:
    """Record an attempt: passed when every answer is right. People without a unit are not counted."""
    if not access.can_take_quiz(user):
        raise Refused("e-learning")
    questions = list(version.questions.all())
    passed = len(answers) == len(questions) and all(
        answer == question.correct for answer, question in zip(answers, questions, strict=True)
    )
    unit, function = _work_place(user)
    if unit is None:
        return None
    completion = Completion.objects.create(
        user=user, version=version, unit=unit, function=function, passed=passed, completed_at=timezone.now()
    )
    log_access(user, Action.CREATE, obj=completion)
    return completion


@action
def do_publish_quiz_version(user, quiz, questions: list[dict]) -> QuizVersion:
    """A new version with these questions, published at once; earlier versions stay as they were."""
    if not access.can_edit_quizzes(user):
        raise Refused("quiz editor")
    latest = quiz.versions.order_by("-number").first()
    version = QuizVersion.objects.create(
        quiz=quiz, number=(latest.number + 1) if latest else 1, published_at=timezone.now(), created_by=user
    )
    Question.objects.bulk_create(
        Question(version=version, position=position, **fields) for position, fields in enumerate(questions)
    )
    log_access(user, Action.CREATE, obj=version, detail=f"{len(questions)} questions")
    return version


@action
def do_save_target(user, target: CoverageTarget, fields: dict) -> CoverageTarget:
    """Add or change a coverage target (function × programme, 0–100 %)."""
    if not access.can_manage_programmes(user):
        raise Refused("coverage target", "competence.programme")
    created = target.pk is None
    # A ModelForm has already put the new values on the instance: the old ones come from the database.
    stored = CoverageTarget.objects.filter(pk=target.pk).values("share").first() if target.pk else None
    before = stored or {}
    for name, value in fields.items():
        setattr(target, name, value)
    target.set_by = user
    target.set_at = timezone.now()
    target.full_clean()
    target.save()
    detail = f"{target.function.code} · {target.programme.code}: {target.share} %"
    changes = {} if created else diff(target, before, ["share"])
    log_access(user, Action.CREATE if created else Action.CHANGE, obj=target, detail=detail, changes=changes)
    return target


@action
def do_remove_target(user, target: CoverageTarget) -> None:
    if not access.can_manage_programmes(user):
        raise Refused("coverage target", "competence.programme")
    detail = f"{target.function.code} · {target.programme.code}: {target.share} %"
    log_access(user, Action.DELETE, obj=target, detail=detail)
    target.delete()


@action
def do_save_programme(user, programme: Programme, fields: dict, target_functions) -> Programme:
    """Add or change a programme and the functions it is meant for."""
    if not access.can_manage_programmes(user):
        raise Refused("programme", "competence.programme")
    created = programme.pk is None
    stored = Programme.objects.filter(pk=programme.pk).values(*fields).first() if programme.pk else None
    before = stored or {}
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    programme.target_functions.set(target_functions)
    changes = {} if created else diff(programme, before, list(fields))
    log_access(
        user,
        Action.CREATE if created else Action.CHANGE,
        obj=programme,
        detail=programme.code,
        changes=changes,
    )
    return programme


@action
def do_link_measure(user, measure, programmes) -> list[MeasureProgramme]:
    """Make `programmes` exactly the programmes of a plan's measure."""
    if not access.can_link_for_plan(user, measure.plan):
        raise Refused("measure programmes", "plans.measure")
    wanted = {p.pk for p in programmes}
    links = MeasureProgramme.objects.filter(measure=measure)
    links.exclude(programme_id__in=wanted).delete()
    have = set(links.values_list("programme_id", flat=True))
    MeasureProgramme.objects.bulk_create(
        MeasureProgramme(measure=measure, programme_id=pk, linked_by=user) for pk in sorted(wanted - have)
    )
    codes = ", ".join(sorted(p.code for p in programmes)) or "-"
    log_access(user, Action.CHANGE, obj=measure, detail=f"programmes: {codes}")
    return list(MeasureProgramme.objects.filter(measure=measure).select_related("programme"))
