"""Demo accounts: one per role, in two districts and one specialist administration.

Clearly marked as demo (User.is_demo, "(demo)" in the name) and refused when DEBUG is off.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import PRIVILEGED_ROLES, Function, Role, RoleAssignment, Unit

DEMO_PASSWORD = "demo-SafeCity-2026"  # noqa: S105 - printed on purpose; demo data is refused without DEBUG


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    unit_code: str
    first_name: str
    last_name: str
    function_code: str = ""


DEMO_USERS = [
    DemoUser("central", Role.CENTRAL_COORDINATOR, "stadsledningskontoret", "Central samordnare", "(demo)"),
    DemoUser("coord.jarva", Role.UNIT_COORDINATOR, "jarva", "Samordnare Järva", "(demo)"),
    DemoUser("coord.sodermalm", Role.UNIT_COORDINATOR, "sodermalm", "Samordnare Södermalm", "(demo)"),
    DemoUser(
        "coord.utbildning",
        Role.UNIT_COORDINATOR,
        "utbildningsforvaltningen",
        "Samordnare Utbildning",
        "(demo)",
    ),
    DemoUser("manager.jarva", Role.MANAGER, "jarva", "Förvaltningschef Järva", "(demo)"),
    DemoUser("manager.sodermalm", Role.MANAGER, "sodermalm", "Förvaltningschef Södermalm", "(demo)"),
    DemoUser("employee.jarva", Role.EMPLOYEE, "jarva", "Lärare Järva", "(demo)", "school"),
    DemoUser(
        "employee.sodermalm", Role.EMPLOYEE, "sodermalm", "Fritidsledare Södermalm", "(demo)", "youth-leisure"
    ),
    DemoUser(
        "employee.utbildning",
        Role.EMPLOYEE,
        "utbildningsforvaltningen",
        "Rektor Utbildning",
        "(demo)",
        "school",
    ),
    DemoUser(
        "intake.jarva", Role.INTAKE, "jarva", "Socialtjänstens mottagning Järva", "(demo)", "social-services"
    ),
    DemoUser(
        "intake.sodermalm",
        Role.INTAKE,
        "sodermalm",
        "Socialtjänstens mottagning Södermalm",
        "(demo)",
        "social-services",
    ),
    DemoUser("partner.police", Role.PARTNER, "jarva", "Kontaktpolis Järva", "(demo)"),
    DemoUser("dpo", Role.DPO, "stadsledningskontoret", "Dataskyddsombud", "(demo)"),
    DemoUser("admin", Role.ADMINISTRATOR, "stadsledningskontoret", "Systemadministratör", "(demo)"),
]


@dataclass
class DemoLogin:
    username: str
    role: str
    unit: str
    totp_secret: str | None


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    User = get_user_model()
    out = []
    for spec in DEMO_USERS:
        unit = Unit.objects.get(code=spec.unit_code)
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@demo.invalid",
                "is_demo": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        function = Function.objects.filter(code=spec.function_code).first() if spec.function_code else None
        RoleAssignment.objects.get_or_create(
            user=user, role=spec.role, unit=unit, defaults={"function": function}
        )
        secret = None
        if spec.role in PRIVILEGED_ROLES:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
            secret = b32_secret(device)
        out.append(DemoLogin(spec.username, str(Role(spec.role).label), unit.name, secret))
    return out


def b32_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def current_code(username: str) -> str:
    from django_otp.oath import TOTP

    device = TOTPDevice.objects.get(user__username=username, user__is_demo=True, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
