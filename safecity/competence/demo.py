"""Demo data: four programmes, targets, headcounts and sessions for every unit, two e-learnings,
and the demo action plans' training measures linked to programmes.

Deterministic (a seeded random), and safe to run twice: it replaces its own headcounts and sessions.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from safecity.guidance.models import Situation
from safecity.organisation.models import Function, Unit

from .models import (
    CoverageTarget,
    Headcount,
    MeasureProgramme,
    Programme,
    Question,
    Quiz,
    QuizVersion,
    Session,
)

PROGRAMMES = [
    (
        "grundkunskap",
        "Våldsbejakande extremism – grundkunskap",
        "Violent extremism: basic awareness",
        ["school", "preschool", "social-services", "youth-leisure", "library", "housing", "labour-market"],
    ),
    (
        "vagledningen",
        "Vägledningen: så gör du",
        "The guidance: how to act",
        ["school", "preschool", "social-services", "youth-leisure", "library"],
    ),
    (
        "hat-och-hot",
        "Hat och hot på nätet",
        "Online hate and threats",
        ["school", "youth-leisure", "library"],
    ),
    ("avhopp", "Avhopparverksamhet", "Exit work", ["social-services"]),
]

QUIZZES = {
    "worried-about-a-young-person": [
        (
            "Du är orolig för en ung person. Vem kontaktar du först?",
            "You are worried about a young person. Whom do you contact first?",
            "Din chef och stadsdelens samordnare\nDen unges vänner\nIngen, du väntar och ser",
            "Your manager and the unit's coordinator\nThe young person's friends\nNo one, you wait and see",
            1,
            "Dela oron med din chef och samordnaren; de vet om en orosanmälan behövs.",
            "Share the worry with your manager and the coordinator; they know whether a report is needed.",
        ),
        (
            "Vad ska du inte göra?",
            "What should you not do?",
            "Dokumentera vad du sett\nKonfrontera den unge med anklagelser\nLyssna",
            "Write down what you saw\nConfront the young person with accusations\nListen",
            2,
            "Att konfrontera kan stänga samtalet och skada förtroendet.",
            "Confronting can close the conversation and damage trust.",
        ),
    ],
    "acute-danger": [
        (
            "Någon är i akut fara. Vad gör du?",
            "Someone is in acute danger. What do you do?",
            "Ringer 112\nSkickar ett mejl till samordnaren\nSkriver i planen",
            "Call 112\nSend an e-mail to the coordinator\nWrite it in the plan",
            1,
            "Vid akut fara ringer du alltid 112.",
            "In acute danger you always call 112.",
        ),
    ],
}


def _programmes() -> dict[str, Programme]:
    functions = {f.code: f for f in Function.objects.all()}
    result = {}
    for position, (code, title, title_en, targets) in enumerate(PROGRAMMES):
        programme, _created = Programme.objects.update_or_create(
            code=code, defaults={"title": title, "title_en": title_en, "position": position}
        )
        programme.target_functions.set([functions[c] for c in targets if c in functions])
        for c in targets:
            if c in functions:
                CoverageTarget.objects.get_or_create(
                    function=functions[c], programme=programme, defaults={"share": 80}
                )
        result[code] = programme
    return result


def _quizzes(programme: Programme) -> None:
    for code, questions in QUIZZES.items():
        situation = Situation.objects.filter(code=code).first()
        if situation is None:
            continue
        quiz, _created = Quiz.objects.get_or_create(situation=situation, defaults={"programme": programme})
        if quiz.versions.exists():
            continue
        version = QuizVersion.objects.create(quiz=quiz, number=1, published_at=timezone.now())
        for position, (text, text_en, choices, choices_en, correct, why, why_en) in enumerate(questions):
            Question.objects.create(
                version=version,
                position=position,
                text=text,
                text_en=text_en,
                choices=choices,
                choices_en=choices_en,
                correct=correct,
                explanation=why,
                explanation_en=why_en,
            )


@transaction.atomic
def load_demo(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    rng = random.Random(7)  # noqa: S311 - demo figures, not security
    programmes = _programmes()
    _quizzes(programmes["vagledningen"])
    units = list(Unit.objects.valid_on().exclude(kind=Unit.Kind.CENTRAL))
    Session.objects.filter(unit__in=units, created_by__isnull=True).delete()
    sessions = []
    for unit in units:
        for programme in programmes.values():
            for function in programme.target_functions.all():
                staff = rng.randint(20, 400)
                for year in (today.year - 1, today.year):
                    Headcount.objects.update_or_create(
                        unit=unit, function=function, year=year, defaults={"number": staff}
                    )
                # Some pairs are never reached, so the gaps page has something to say.
                if rng.random() < 0.2:
                    continue
                for _n in range(rng.randint(1, 4)):
                    sessions.append(
                        Session(
                            date=today - dt.timedelta(days=rng.randint(1, 900)),
                            programme=programme,
                            unit=unit,
                            function=function,
                            format=rng.choice(Session.Format.values),
                            participants=rng.randint(5, 40),
                        )
                    )
    Session.objects.bulk_create(sessions)
    _link_training_measures(programmes)
    return len(sessions)


# Training measures of the demo action plans (plans/demo_catalogue.py) and the programmes they teach.
TRAINING_MEASURES = {
    "Utbildning i stadens vägledning för förskolepersonal": ["vagledningen"],
    "Grundutbildning om våldsbejakande extremism för medarbetare": ["grundkunskap"],
    "Utbildning i stadens vägledning för rektorer": ["vagledningen"],
    "Fortbildning för lärare om konspirationsteorier": ["hat-och-hot"],
    "Utbildning för socialsekreterare i bedömning vid oro": ["vagledningen", "avhopp"],
    "Medarbetarutbildning på Jobbtorg": ["grundkunskap"],
}


def _link_training_measures(programmes: dict[str, Programme]) -> None:
    """Link the demo plans' training measures to programmes, so their follow-ups show reach."""
    from safecity.plans.models import Measure

    measures = Measure.objects.filter(title__in=TRAINING_MEASURES, parent__isnull=True)
    MeasureProgramme.objects.bulk_create(
        [
            MeasureProgramme(measure=measure, programme=programmes[code])
            for measure in measures
            for code in TRAINING_MEASURES[measure.title]
        ],
        ignore_conflicts=True,
    )
