from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.security import HttpBearer

from safecity.accounts.models import ApiToken
from safecity.organisation.actions import Conflict


class TokenAuth(HttpBearer):
    """Personal API tokens (created on the API page); the same role checks as the pages apply."""

    def authenticate(self, request, token):
        from safecity.organisation.access import can_use_api

        user = ApiToken.user_for(token)
        if user is None or not can_use_api(user):
            return None
        request.user = user
        return user


api = NinjaAPI(
    title="Safe City API",
    version="1",
    description="Organisation, areas, contacts, people and roles. Authenticate with `Authorization: Bearer <token>`.",
    auth=TokenAuth(),
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": "You do not have access to this."}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(Conflict)
def conflict(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": "; ".join(exc.messages)}, status=422)


from .organisation import router as organisation_router  # noqa: E402
from .plans import router as plans_router  # noqa: E402

api.add_router("/", organisation_router)
api.add_router("/guidance", "safecity.api.guidance.router")
api.add_router("/plans", plans_router)
api.add_router("/alliances", "safecity.api.alliances.router")
