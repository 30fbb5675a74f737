"""The poller keeps the police's rules of use, with a fake clock and a fake fetch (no network in tests)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from safecity.situation.models import PoliceApiCall, PoliceEvent
from safecity.situation.police import EVENTS_URL, MAX_PER_DAY, MAX_PER_HOUR, Poller

from .conftest import event

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 6, 7, 8, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, now=START):
        self.now = now
        self.slept: list[float] = []

    def __call__(self):
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += dt.timedelta(seconds=seconds)

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


class Fetch:
    """Answers like the API; remembers every call (time, URL, headers)."""

    def __init__(self, clock: Clock, answers=None):
        self.clock = clock
        self.answers = list(answers or [])
        self.calls: list[tuple] = []

    def __call__(self, url, headers, timeout):
        self.calls.append((self.clock(), url, headers))
        answer = self.answers.pop(0) if self.answers else (200, json.dumps([event(len(self.calls))]).encode())
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def clock():
    return Clock()


def poller(clock, fetch, **kwargs) -> Poller:
    return Poller(fetch=fetch, clock=clock, sleep=clock.sleep, **kwargs)


def test_it_sends_a_user_agent_naming_the_citys_service(clock, area_names):
    fetch = Fetch(clock)
    result = poller(clock, fetch).poll()
    assert result.outcome == "fetched"
    _at, url, headers = fetch.calls[0]
    assert url == EVENTS_URL
    assert "Stockholm" in headers["User-Agent"]
    assert "SafeCity" in headers["User-Agent"]


def test_it_waits_ten_seconds_between_calls(clock, area_names):
    fetch = Fetch(clock)
    p = poller(clock, fetch)
    p.poll()
    clock.advance(seconds=3)
    p.poll()
    assert clock.slept == [7.0]
    assert fetch.calls[1][0] - fetch.calls[0][0] == dt.timedelta(seconds=10)


def test_without_waiting_it_refuses_a_call_within_ten_seconds(clock, area_names):
    fetch = Fetch(clock)
    poller(clock, fetch).poll()
    clock.advance(seconds=9)
    result = poller(clock, fetch).poll(wait=False)  # another run, another process: the log holds
    assert result.outcome == "wait"
    assert result.next_allowed_at == START + dt.timedelta(seconds=10)
    assert len(fetch.calls) == 1


def test_it_makes_at_most_sixty_calls_an_hour(clock, area_names):
    fetch = Fetch(clock, answers=[(200, b"[]")] * 100)
    p = poller(clock, fetch)
    for _ in range(MAX_PER_HOUR):
        assert p.poll().outcome == "fetched"
        clock.advance(seconds=30)
    result = p.poll()
    assert result.outcome == "hourly_limit"
    assert len(fetch.calls) == MAX_PER_HOUR
    assert result.next_allowed_at == START + dt.timedelta(hours=1)
    clock.now = result.next_allowed_at + dt.timedelta(seconds=1)
    assert p.poll().outcome == "fetched"


def test_it_makes_at_most_1440_calls_a_day(clock, area_names):
    # Sixty an hour already make 1,440 a day; the daily cap still holds on its own, e.g. for a log
    # written by another tool: 1,440 calls between 2 and 18 hours ago, none in the last hour.
    PoliceApiCall.objects.bulk_create(
        PoliceApiCall(at=START - dt.timedelta(hours=2, seconds=40 * i), url=EVENTS_URL, status=200)
        for i in range(MAX_PER_DAY)
    )
    fetch = Fetch(clock)
    result = poller(clock, fetch).poll()
    assert result.outcome == "daily_limit"
    assert fetch.calls == []
    oldest = START - dt.timedelta(hours=2, seconds=40 * (MAX_PER_DAY - 1))
    assert result.next_allowed_at == oldest + dt.timedelta(days=1)


def test_a_404_is_permanent_for_that_address(clock, area_names):
    fetch = Fetch(clock, answers=[(404, b"")])
    p = poller(clock, fetch)
    assert p.poll().outcome == "gone"
    clock.advance(days=2)
    result = poller(clock, fetch).poll()  # a later run
    assert result.outcome == "gone"
    assert len(fetch.calls) == 1
    other = poller(clock, fetch, url="https://polisen.se/api/events?locationname=Stockholm")
    assert other.poll().outcome == "fetched"


def test_a_network_error_is_logged_and_counts_as_a_call(clock, area_names):
    fetch = Fetch(clock, answers=[OSError("network is unreachable")])
    result = poller(clock, fetch).poll()
    assert result.outcome == "failed"
    call = PoliceApiCall.objects.get()
    assert call.status is None and "unreachable" in call.error
    clock.advance(seconds=5)
    assert poller(clock, fetch).poll(wait=False).outcome == "wait"


def test_a_server_error_is_not_permanent(clock, area_names):
    fetch = Fetch(clock, answers=[(503, b"")])
    p = poller(clock, fetch)
    assert p.poll().outcome == "failed"
    clock.advance(seconds=11)
    assert p.poll().outcome == "fetched"


def test_it_keeps_events_after_they_leave_the_window(clock, area_names):
    fetch = Fetch(
        clock,
        answers=[
            (200, json.dumps([event(1), event(2)]).encode()),
            (200, json.dumps([event(2), event(3)]).encode()),  # 1 has left the 500-event window
        ],
    )
    p = poller(clock, fetch)
    first = p.poll()
    clock.advance(minutes=5)
    second = p.poll()
    assert (first.counts.created, second.counts.created, second.counts.unchanged) == (2, 1, 1)
    assert set(PoliceEvent.objects.values_list("police_id", flat=True)) == {1, 2, 3}
    logged = list(PoliceApiCall.objects.order_by("at").values_list("events", "new_events"))
    assert logged == [(2, 2), (2, 1)]


def test_an_answer_that_is_not_an_events_list_imports_nothing(clock, area_names):
    fetch = Fetch(clock, answers=[(200, b"<html>maintenance</html>")])
    result = poller(clock, fetch).poll()
    assert result.outcome == "failed"
    assert not PoliceEvent.objects.exists()
