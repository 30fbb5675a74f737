"""Small partner registry for the alliances tests."""

from __future__ import annotations

import pytest

from safecity.alliances.models import Partner
from safecity.organisation.models import Area, City


def make_partner(name: str, kind: str, units=(), areas=(), **extra) -> Partner:
    partner = Partner.objects.create(city=City.objects.get(code="stockholm"), name=name, kind=kind, **extra)
    partner.units.set(units)
    partner.areas.set(Area.objects.filter(code__in=areas))
    return partner


@pytest.fixture
def police(jarva):
    return make_partner("Lokalpolisområde Järva", Partner.Kind.POLICE, [jarva], ["rinkeby", "tensta"])


@pytest.fixture
def housing(jarva, sodermalm):
    return make_partner("Svenska Bostäder", Partner.Kind.HOUSING, [jarva, sodermalm], ["husby"])


@pytest.fixture
def church(sodermalm):
    return make_partner("Stockholms moské", Partner.Kind.FAITH, [sodermalm], ["sodermalm"])
