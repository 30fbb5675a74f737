from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SafeCityAdminSite(admin.AdminSite):
    site_header = _("Safe City administration")
    site_title = _("Safe City administration")
    index_title = _("Organisation, people and roles")

    def login(self, request, extra_context=None):
        """One login for everyone, with the second factor: the platform's own."""
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")

    def has_permission(self, request):
        from safecity.organisation.access import can_administer

        user = request.user
        return user.is_active and can_administer(user) and user.is_verified()


class SafeCityAdminConfig(AdminConfig):
    default_site = "safecity.admin.SafeCityAdminSite"
