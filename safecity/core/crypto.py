"""Encryption at rest for free text and files (signals, messages, notices).

Keys come from the environment (ENCRYPTION_KEYS: comma-separated Fernet keys, newest first). New
values are encrypted with the first key; any listed key decrypts, so keys can be rotated: add a new
key first, run `manage.py rotate_keys`, then remove the old one. A database dump alone reveals
nothing of the encrypted fields.

A lost key must not silently lose data: `verify_keys()` decrypts a canary value written with the
keys in use, and the application refuses to start (wsgi.py, system check) when it cannot.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1:"
CANARY_TEXT = "safecity-key-canary"


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "ENCRYPTION_KEYS is empty: set at least one Fernet key (see docs/keys.md)."
        )
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe base64-encoded bytes)."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return fernet().decrypt(token)
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this value.") from exc


def encrypt_text(text: str) -> str:
    return PREFIX + encrypt_bytes(text.encode("utf-8")).decode("ascii")


def decrypt_text(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("The stored value is not encrypted by Safe City.")
    return decrypt_bytes(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")


def rotate_text(stored: str) -> str:
    """The same plaintext, encrypted with the newest key."""
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")


def rotate_bytes(token: bytes) -> bytes:
    return fernet().rotate(token)


class EncryptedTextField(models.TextField):
    """Text encrypted in the database, plain in Python. Not searchable or sortable by design."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)


class EncryptedBinaryField(models.BinaryField):
    """Bytes (e.g. a photo without its metadata) encrypted in the database."""

    description = "Bytes encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt_bytes(bytes(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is not None and not prepared:
            value = encrypt_bytes(bytes(value))
        return super().get_db_prep_value(value, connection, prepared)


def encrypted_fields():
    """(model, [field names]) for every model with encrypted fields."""
    from django.apps import apps

    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (EncryptedTextField, EncryptedBinaryField))
        ]
        if names:
            yield model, names


def verify_keys() -> None:
    """Refuse to run when the configured keys cannot read what is stored (checked against a canary)."""
    from .models import KeyCanary

    fernet()  # the keys parse
    canary = KeyCanary.objects.filter(pk=1).values_list("value", flat=True).first()
    if canary is None:
        KeyCanary.objects.create(pk=1, value=encrypt_text(CANARY_TEXT))
        return
    try:
        ok = decrypt_text(canary) == CANARY_TEXT
    except DecryptionError:
        ok = False
    if not ok:
        raise ImproperlyConfigured(
            "The configured ENCRYPTION_KEYS cannot decrypt the data in this database. Restore the key "
            "that was in use (see docs/keys.md); the service will not start without it."
        )


def verify_keys_at_startup() -> None:
    """Called by wsgi.py: refuse to serve with keys that cannot read the stored data."""
    from django.db import DatabaseError

    try:
        verify_keys()
    except DatabaseError:
        return  # not migrated yet: nothing is encrypted
