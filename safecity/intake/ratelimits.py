"""Rate limits for the public forms, per client address, counted in the default cache.

django-ratelimit stores only a hash of the group and the address in the cache, never the address.
Behind a TLS proxy (BEHIND_TLS_PROXY=1) the address is the one the trusted proxy reports.
"""

from __future__ import annotations

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def client_address(request) -> str:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        hops = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 1)
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(group, request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"


def limited(request, group: str, rate: str) -> bool:
    """Count this request against `rate` (e.g. "10/h") for the person or address; True when over it."""
    return is_ratelimited(request, group=f"intake-{group}", key=_key, rate=rate, increment=True)
