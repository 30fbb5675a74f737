"""The cast every test uses. Stockholm's organisation is loaded once per test database."""

from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecity.guidance.setup import load_guidance
from safecity.organisation.loader import load
from safecity.organisation.models import PRIVILEGED_ROLES, Function, Role, RoleAssignment, Unit
from safecity.plans.setup import load_plan_setup


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load("stockholm")
        load_plan_setup("stockholm")
        load_guidance("stockholm")


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_the_shared_browser(request):
    """In a browser run, Playwright's loop lives in the test thread for the whole session, so Django's
    async-safety check must be off until the very end (the test database's teardown included)."""
    if (request.config.option.markexpr or "").strip() == "browser":
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def english_ui(settings):
    """Pages and messages in English, for tests that read the English texts of a module.

    Requests without a language cookie get settings.LANGUAGE_CODE (SwedishFirstLocaleMiddleware);
    code outside requests gets the active language. A test marked `swedish_ui` keeps Swedish.
    """
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _module_language(request):
    """Modules that set `ENGLISH_UI = True` read their English texts; `swedish_ui` marks exceptions."""
    if getattr(request.module, "ENGLISH_UI", False) and not request.node.get_closest_marker("swedish_ui"):
        request.getfixturevalue("english_ui")


@pytest.fixture(autouse=True)
def _no_cache_between_tests():
    from django.core.cache import cache

    cache.clear()


PASSWORD = "a-long-test-password-42"


def make_person(username: str, role: str | None, unit_code: str | None, function_code: str = ""):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username.split(".")[0].title(), last_name="Test"
    )
    if role:
        unit = Unit.objects.get(code=unit_code) if unit_code else None
        function = Function.objects.get(code=function_code) if function_code else None
        RoleAssignment.objects.create(user=user, role=role, unit=unit, function=function)
        if role in PRIVILEGED_ROLES:
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@pytest.fixture
def jarva(db):
    return Unit.objects.get(code="jarva")


@pytest.fixture
def sodermalm(db):
    return Unit.objects.get(code="sodermalm")


@pytest.fixture
def central_coordinator(db):
    return make_person("central.coordinator", Role.CENTRAL_COORDINATOR, "stadsledningskontoret")


@pytest.fixture
def jarva_coordinator(db):
    return make_person("jarva.coordinator", Role.UNIT_COORDINATOR, "jarva")


@pytest.fixture
def sodermalm_coordinator(db):
    return make_person("sodermalm.coordinator", Role.UNIT_COORDINATOR, "sodermalm")


@pytest.fixture
def jarva_manager(db):
    return make_person("jarva.manager", Role.MANAGER, "jarva")


@pytest.fixture
def employee(db):
    return make_person("jarva.employee", Role.EMPLOYEE, "jarva", "school")


@pytest.fixture
def intake_officer(db):
    return make_person("jarva.intake", Role.INTAKE, "jarva", "social-services")


@pytest.fixture
def partner(db):
    return make_person("police.partner", Role.PARTNER, "jarva")


@pytest.fixture
def dpo(db):
    return make_person("city.dpo", Role.DPO, "stadsledningskontoret")


@pytest.fixture
def administrator(db):
    return make_person("city.admin", Role.ADMINISTRATOR, "stadsledningskontoret")


@pytest.fixture
def no_role_user(db):
    return make_person("no.role", None, None)


def logged_in(user, *, verified: bool = True) -> Client:
    """A client logged in as `user`; privileged users have passed the second factor unless told not to."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if verified and device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for():
    return logged_in
