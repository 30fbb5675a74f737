"""Counts for the situational picture: in the database, without duplicates, by unit and period."""

from __future__ import annotations

import datetime as dt

import pytest

from safecity.intake import actions, stats
from safecity.intake.models import Signal
from safecity.intake.tests.conftest import report
from safecity.organisation.models import Unit


@pytest.fixture
def signals(rinkeby, sodermalm_area, jarva_coordinator):
    made = []
    for day, kind, milieu, area in [
        (dt.date(2025, 1, 5), "propaganda", "right_wing", rinkeby),
        (dt.date(2025, 1, 20), "propaganda", "right_wing", rinkeby),
        (dt.date(2025, 2, 3), "threat", "islamist", rinkeby),
        (dt.date(2025, 2, 3), "propaganda", "right_wing", sodermalm_area),
        (dt.date(2024, 12, 31), "online_hate", "unknown", None),
    ]:
        made.append(
            actions.do_submit_signal(
                None, report(occurred_on=day, kind=kind, milieu=milieu, area=area)
            ).signal
        )
    duplicate = actions.do_submit_signal(None, report(occurred_on=dt.date(2025, 1, 6), area=rinkeby)).signal
    actions.do_merge(jarva_coordinator, duplicate, made[0])
    return made


def test_counts_by_kind_milieu_area_and_month(signals, jarva):
    rows = stats.signal_counts(unit=jarva)
    assert rows == [
        {
            "kind": "propaganda",
            "milieu": "right_wing",
            "area": "rinkeby",
            "month": dt.date(2025, 1, 1),
            "count": 2,
        },
        {"kind": "threat", "milieu": "islamist", "area": "rinkeby", "month": dt.date(2025, 2, 1), "count": 1},
    ]


def test_counts_for_the_whole_city_and_a_period(signals):
    assert stats.signal_counts(by=("kind",)) == [
        {"kind": "online_hate", "count": 1},
        {"kind": "propaganda", "count": 3},
        {"kind": "threat", "count": 1},
    ]
    feb = stats.signal_counts(start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 28), by=("area",))
    assert feb == [{"area": "rinkeby", "count": 1}, {"area": "sodermalm", "count": 1}]


def test_a_unit_counts_signals_routed_to_it_and_those_in_its_areas(signals, rinkeby):
    education = Unit.objects.get(code="utbildningsforvaltningen")
    signal = signals[2]
    signal.unit = education
    signal.save(update_fields=["unit"])
    assert stats.total(unit=education) == 1
    assert stats.total(unit=Unit.objects.get(code="jarva")) == 3


def test_a_merged_unit_counts_for_its_successor(rinkeby, jarva):
    actions.do_submit_signal(None, report(occurred_on=dt.date(2022, 5, 1), area=rinkeby))
    assert Signal.objects.get().district.code == "rinkeby-kista"
    assert stats.total(unit=jarva) == 1


def test_suppressed_counts_hide_small_numbers(signals):
    rows = stats.suppressed_signal_counts(by=("kind",))
    assert {r["kind"]: r["count"] for r in rows} == {"online_hate": "<5", "propaganda": "<5", "threat": "<5"}


def test_tombstoned_signals_still_count(signals):
    from django.utils import timezone

    Signal.objects.filter(pk=signals[1].pk).update(tombstoned_at=timezone.now(), description="")
    assert stats.total() == 5


def test_an_unknown_dimension_is_refused(db):
    with pytest.raises(ValueError):
        stats.signal_counts(by=("description",))


def test_counting_is_one_query(signals, django_assert_num_queries):
    with django_assert_num_queries(1):
        stats.signal_counts()
