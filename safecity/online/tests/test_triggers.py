import datetime as dt

import pytest
from django.utils import timezone

from safecity.intake import actions as intake_actions
from safecity.online import stats, triggers
from safecity.online.tests.insight_factories import at, make_item
from safecity.organisation.models import Area
from safecity.situation.models import PoliceEvent

START = dt.date(2026, 1, 1)
SPIKE = dt.date(2026, 2, 10)
END = dt.date(2026, 2, 20)


def _event(number: int, day: dt.date, area: Area | None, name="Misshandel, Rinkeby"):
    return PoliceEvent.objects.create(
        police_id=number,
        published_at=at(day),
        occurred_at=at(day, 18),
        name=name,
        url=f"/aktuellt/handelser/{number}",
        type="Misshandel",
        location_name="Stockholm",
        level=PoliceEvent.Level.AREA if area else PoliceEvent.Level.MUNICIPALITY,
        area=area,
    )


@pytest.fixture
def series(jarva):
    """One hateful item a day (two on even days), ten on the spike day, a threat item the day after."""
    day = START
    while day <= END:
        for _ in range(10 if day == SPIKE else 1 + day.day % 2):
            make_item(jarva, day, label="hateful")
        make_item(jarva, day, label="not")  # never counted
        day += dt.timedelta(days=1)


def test_it_finds_the_spike_day(series, jarva):
    result = triggers.analyse(stats.scope([jarva.pk], START, END))
    assert [s.day for s in result.spikes] == [SPIKE]
    spike = result.spikes[0]
    assert spike.count == 10
    assert 1 < spike.expected < 2
    assert len(result.series) == (END - START).days + 1


def test_no_spike_in_a_flat_series(jarva):
    for n in range(30):
        make_item(jarva, START + dt.timedelta(days=n), label="threat")
    assert triggers.analyse(stats.scope([jarva.pk], START, START + dt.timedelta(days=29))).spikes == []


def test_police_events_within_the_margin_of_the_units_areas(series, jarva):
    rinkeby = Area.objects.get(code="rinkeby")
    sodermalm = Area.objects.get(code="sodermalm")
    _event(1, SPIKE - dt.timedelta(days=1), rinkeby, "Dagen före")
    _event(2, SPIKE, rinkeby, "Samma dag")
    _event(3, SPIKE + dt.timedelta(days=1), rinkeby, "Dagen efter")
    _event(4, SPIKE + dt.timedelta(days=2), rinkeby, "För sent")
    _event(5, SPIKE, sodermalm, "Annan stadsdel")
    _event(6, SPIKE, None, "Hela kommunen")
    spike = triggers.analyse(stats.scope([jarva.pk], START, END), margin=1).spikes[0]
    assert [e["title"] for e in spike.events] == ["Dagen före", "Samma dag", "Dagen efter"]
    assert spike.events[1]["url"] == "https://polisen.se/aktuellt/handelser/2"
    assert spike.events[1]["type"] == "Misshandel"


def test_the_margin_is_a_setting(series, jarva, settings):
    rinkeby = Area.objects.get(code="rinkeby")
    _event(1, SPIKE - dt.timedelta(days=2), rinkeby, "Två dagar före")
    settings.ONLINE_TRIGGER_DAYS = 0
    assert triggers.analyse(stats.scope([jarva.pk], START, END)).spikes[0].events == []
    settings.ONLINE_TRIGGER_DAYS = 2
    assert [e["title"] for e in triggers.analyse(stats.scope([jarva.pk], START, END)).spikes[0].events] == [
        "Två dagar före"
    ]


def test_signals_are_counted_by_kind_never_shown(series, jarva, monkeypatch):
    from argon2 import PasswordHasher

    from safecity.intake import receipts

    monkeypatch.setattr(receipts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    rinkeby = Area.objects.get(code="rinkeby")
    for kind, day in [
        ("threat", SPIKE),
        ("threat", SPIKE + dt.timedelta(days=1)),
        ("online_hate", SPIKE),
        ("propaganda", SPIKE + dt.timedelta(days=5)),
    ]:
        intake_actions.do_submit_signal(
            None,
            intake_actions.Report(
                kind=kind, occurred_on=day, milieu="unknown", area=rinkeby, description="Hemlig beskrivning"
            ),
        )
    spike = triggers.analyse(stats.scope([jarva.pk], START, END)).spikes[0]
    assert spike.signals == [{"kind": "online_hate", "count": 1}, {"kind": "threat", "count": 2}]
    assert "Hemlig" not in repr(spike)


def test_the_series_counts_the_final_label(jarva):
    make_item(jarva, SPIKE, label="hateful", reviewed_label="not", reviewed_at=timezone.now())
    make_item(jarva, SPIKE, label="not", reviewed_label="threat", reviewed_at=timezone.now())
    series = dict(triggers.daily_series(stats.scope([jarva.pk], SPIKE, SPIKE)))
    assert series == {SPIKE: 1}
