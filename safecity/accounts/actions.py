"""Writes about accounts: second-factor enrolment and API tokens. Each one is audited."""

from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecity.core.access_log import Action
from safecity.organisation.access import log_access

from .models import ApiToken


def pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def do_confirm_totp(request, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        log_access(request.user, Action.LOGIN_FAILED, obj=device, label="TOTP enrolment", detail="wrong code")
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    otp_login(request, device)
    log_access(request.user, Action.CREATE, obj=device, label="TOTP device", detail="second factor enrolled")
    return True


def do_verify_totp(request, token: str) -> bool:
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            log_access(request.user, Action.LOGIN, obj=device, label="TOTP", detail="second factor verified")
            return True
    log_access(
        request.user,
        Action.LOGIN_FAILED,
        object_type="otp_totp.totpdevice",
        label="TOTP",
        detail="wrong code",
    )
    return False


@transaction.atomic
def do_create_api_token(user, name: str) -> tuple[ApiToken, str]:
    token, raw = ApiToken.generate(user, name)
    log_access(user, Action.CREATE, obj=token, label=f"API token {token.prefix}")
    return token, raw


@transaction.atomic
def do_revoke_api_token(user, token: ApiToken) -> None:
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    log_access(user, Action.CHANGE, obj=token, label=f"API token {token.prefix}", detail="revoked")
