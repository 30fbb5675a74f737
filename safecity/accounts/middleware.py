from django.shortcuts import redirect
from django.urls import reverse

from safecity.organisation.access import needs_second_factor

# Paths a privileged user may reach before completing the second factor.
OPEN_PREFIXES = ("/static/", "/i18n/", "/favicon")


class RequireSecondFactorMiddleware:
    """Privileged roles must enrol and use TOTP before they reach anything but the public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and needs_second_factor(user):
            allowed = {
                reverse("accounts:verify"),
                reverse("accounts:setup_totp"),
                reverse("accounts:logout"),
                reverse("core:public_home"),
            }
            if request.path not in allowed and not request.path.startswith(OPEN_PREFIXES):
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # the API authenticates by token, not session
                return redirect(f"{reverse('accounts:verify')}?next={request.get_full_path()}")
        return self.get_response(request)
