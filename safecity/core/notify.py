"""E-mail notifications that carry a link and nothing else: no names, no content (PRODUCT.md rule 5)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _


def notify(users, subject: str, path: str) -> None:
    """After commit, e-mail each user with an address a generic subject and a link to `path`."""
    recipients = sorted({u.email for u in users if getattr(u, "email", "") and u.is_active})
    if not recipients:
        return
    url = settings.SITE_URL.rstrip("/") + path

    def send():
        with translation.override(settings.LANGUAGE_CODE):
            body = _(
                "Something in Safe City is waiting for you:\n%(url)s\n\n"
                "Log in to see it. This message holds no details on purpose."
            ) % {"url": url}
            messages = [
                (f"Safe City: {subject}", body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients
            ]
        send_mass_mail(messages, fail_silently=False)

    transaction.on_commit(send)
