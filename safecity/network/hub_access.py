"""Who may use the network hub. Every check writes the access log.

Rules (issue 8, "The network"):
- central and unit coordinators browse the hub: the comparison, the cities' profiles and the
  good-practice search;
- only central coordinators import profiles (from a file or an address);
- with NETWORK_HUB_PUBLIC on (a network secretariat's "hub mode") the hub pages are public:
  every profile in it is already published by its city. Importing still needs a central coordinator.
Each condition sits on its own line so the tests can reach every branch.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from safecity.core.access_log import Action
from safecity.organisation.access import grants, log_access
from safecity.organisation.models import Role

BROWSERS = frozenset({Role.CENTRAL_COORDINATOR, Role.UNIT_COORDINATOR})
IMPORTERS = frozenset({Role.CENTRAL_COORDINATOR})
OBJECT_TYPE = "network.hubprofile"


def hub_is_public() -> bool:
    return bool(getattr(settings, "NETWORK_HUB_PUBLIC", False))


def can_browse_hub(user) -> bool:
    if hub_is_public():
        return True
    return any(g.role in BROWSERS for g in grants(user))


def can_import(user) -> bool:
    return any(g.role in IMPORTERS for g in grants(user))


def require_browse(request, label: str):
    """None when the user may read the hub; else a login redirect (anonymous) or PermissionDenied."""
    user = request.user
    if can_browse_hub(user):
        if user.is_authenticated:
            log_access(user, Action.VIEW, object_type=OBJECT_TYPE, label=label)
        return None
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    log_access(user, Action.REFUSED, object_type=OBJECT_TYPE, label=label)
    raise PermissionDenied


def require_import(request):
    user = request.user
    if can_import(user):
        return None
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    log_access(user, Action.REFUSED, object_type=OBJECT_TYPE, label="import profile")
    raise PermissionDenied
