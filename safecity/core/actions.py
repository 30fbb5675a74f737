"""The shape every app's actions share: one transaction per action, refusals logged after rollback.

An action raises `Refused(obj, detail)` when the person may not do what they asked; the decorator
rolls the transaction back and only then writes the refusal to the access log, so the log entry
survives the rollback (ARCHITECTURE.md: every write in actions.py, one transaction).
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.db import transaction

from safecity.core.access_log import Action
from safecity.organisation.access import log_access


class Refused(PermissionDenied):
    """Raised inside an action; logged by the action decorator after the transaction has rolled back."""

    def __init__(self, obj, detail: str):
        super().__init__(detail)
        self.obj = obj
        self.detail = detail


def require(allowed: bool, obj, detail: str) -> None:
    if not allowed:
        raise Refused(obj, detail)


def transactional_action(object_type: str):
    """A decorator for `do_*(user, ...)`: one transaction; a refusal is logged after the rollback.

    `object_type` names what was refused when the refusal has no object (e.g. "plans.plan").
    """

    def decorator(func):
        @functools.wraps(func)
        def wrapper(user, *args, **kwargs):
            try:
                with transaction.atomic():
                    return func(user, *args, **kwargs)
            except Refused as refused:
                if refused.obj is not None:
                    log_access(user, Action.REFUSED, obj=refused.obj, detail=refused.detail)
                else:
                    log_access(user, Action.REFUSED, object_type=object_type, label=refused.detail)
                raise

        return wrapper

    return decorator
