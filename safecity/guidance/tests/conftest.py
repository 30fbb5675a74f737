"""Fixtures of the guidance tests: the loaded Stockholm guides and a draft version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safecity.guidance import actions
from safecity.guidance.models import Audience, Guide, Situation


@pytest.fixture
def worried(db):
    return Situation.objects.get(code="worried-about-a-young-person")


@pytest.fixture
def propaganda(db):
    return Situation.objects.get(code="propaganda-symbols-stickers")


@pytest.fixture
def staff_guide(worried):
    return Guide.objects.get(situation=worried, audience=Audience.STAFF, version=1)


@pytest.fixture
def draft(central_coordinator, worried):
    """Version 2 of the staff guide for a worried adult, written but not published."""
    guide = actions.do_create_guide_draft(central_coordinator, worried, Audience.STAFF)
    return actions.do_save_guide_draft(
        central_coordinator,
        guide,
        title="Orolig – nytt utkast",
        steps="1. Hemligt utkast: ring {intake}.",
        review_by=timezone.localdate() + dt.timedelta(days=365),
    )
