"""RATELIMIT_ENABLE=0 switches the public forms' rate limits off, for the load benchmark only."""

from __future__ import annotations

from django.test import Client

from safecity.intake.models import Signal
from safecity.intake.tests.test_report import URL, form_data


def test_the_rate_limits_can_be_switched_off_for_a_load_benchmark(db, settings):
    settings.INTAKE_REPORT_RATE = "2/h"
    settings.RATELIMIT_ENABLE = False
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert [client.post(URL, form_data()).status_code for _ in range(4)] == [200] * 4
    assert Signal.objects.count() == 4


def test_the_rate_limits_are_on_by_default():
    from django.conf import settings

    assert settings.RATELIMIT_ENABLE is True
