"""The competence demo links the demo plans' training measures to programmes, once, however often it runs."""

import datetime as dt

import pytest

from safecity.competence import actions, demo
from safecity.competence.models import MeasureProgramme, Programme, Session
from safecity.core.models import AccessLogEntry
from safecity.plans.models import Measure, MeasureStatus


def test_the_demo_links_training_measures_and_can_run_twice(jarva_plan):
    measure = Measure.objects.create(
        plan=jarva_plan,
        title="Utbildning i stadens vägledning för förskolepersonal",
        status=MeasureStatus.objects.get(code="planned"),
    )
    other = Measure.objects.create(
        plan=jarva_plan, title="Sommarlov", status=MeasureStatus.objects.get(code="planned")
    )
    demo.load_demo(today=dt.date(2026, 6, 15))
    demo.load_demo(today=dt.date(2026, 6, 15))
    assert list(
        MeasureProgramme.objects.filter(measure=measure).values_list("programme__code", flat=True)
    ) == ["vagledningen"]
    assert not MeasureProgramme.objects.filter(measure=other).exists()
    assert Session.objects.exists()


def test_a_refused_target_is_logged_as_such(jarva_coordinator, guidance_programme, preschool):
    from safecity.competence.models import CoverageTarget

    with pytest.raises(actions.Refused):
        actions.do_save_target(
            jarva_coordinator,
            CoverageTarget(),
            {"function": preschool, "programme": guidance_programme, "share": 5},
        )
    assert not CoverageTarget.objects.exists()
    assert AccessLogEntry.objects.filter(
        user=jarva_coordinator, action="refused", object_type="competence.programme"
    ).exists()
    with pytest.raises(actions.Refused):
        actions.do_save_programme(jarva_coordinator, Programme(code="x", title="X"), {}, [preschool])
    assert not Programme.objects.filter(code="x").exists()
