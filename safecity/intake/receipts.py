"""Receipt codes: 16 random digits, shown to the citizen once, stored only as an argon2 hash.

To find the receipt without trying every hash, a short keyed hash of the code (HMAC-SHA256 with
HASH_KEY, first LOOKUP_CHARS hex characters) is stored beside it. It narrows a lookup to a handful of
rows; argon2 (a slow hash with its own salt per code) then decides. The prefix is short on purpose:
even with the database and HASH_KEY, about 10^16 / 16^6 codes share each prefix, each to be tried
against argon2.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from django.conf import settings

from .models import Receipt

CODE_DIGITS = 16
LOOKUP_CHARS = 6
_hasher = PasswordHasher()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def normalise(typed: str) -> str | None:
    """The 16 digits of what the person typed (spaces and dashes allowed), or None."""
    digits = re.sub(r"[\s\-–]", "", typed or "")
    if len(digits) != CODE_DIGITS or not digits.isdigit():
        return None
    return digits


def grouped(code: str) -> str:
    """1234 5678 9012 3456: easier to copy by hand."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def lookup_of(code: str) -> str:
    digest = hmac.new(settings.HASH_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()
    return digest[:LOOKUP_CHARS]


def hash_code(code: str) -> str:
    return _hasher.hash(code)


def issue(signal) -> str:
    """Create the signal's receipt and return the code; the caller shows it once and forgets it."""
    code = new_code()
    Receipt.objects.create(signal=signal, lookup=lookup_of(code), code_hash=hash_code(code))
    return code


def find(typed: str) -> Receipt | None:
    """The receipt for a typed code, or None (wrong, malformed or deleted)."""
    code = normalise(typed)
    if code is None:
        return None
    for receipt in Receipt.objects.filter(lookup=lookup_of(code)).select_related("signal"):
        try:
            if _hasher.verify(receipt.code_hash, code):
                return receipt
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            continue
    return None
