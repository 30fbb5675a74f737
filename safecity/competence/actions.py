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

from safecity.core.access_log import Action
from safecity.organisation.access import log_access
from safecity.organisation.models import RoleAssignment

from . import access
from .models import Completion, Headcount, Question, QuizVersion, Session


class Refused(PermissionDenied):
    def __init__(self, label: str):
        super().__init__(label)
        self.label = label


def action(func):
    @functools.wraps(func)
    def wrapper(user, *args, **kwargs):
        try:
            with transaction.atomic():
                return func(user, *args, **kwargs)
        except Refused as refused:
            log_access(user, Action.REFUSED, object_type="competence.session", label=refused.label)
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
