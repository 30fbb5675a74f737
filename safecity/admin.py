from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SafeCityAdminSite(admin.AdminSite):
    site_header = _("Safe City administration")
    site_title = _("Safe City administration")
    index_title = _("Organisation, people and roles")

    def has_permission(self, request):
        from safecity.organisation.access import can_administer

        user = request.user
        return user.is_active and can_administer(user) and user.is_verified()


class SafeCityAdminConfig(AdminConfig):
    default_site = "safecity.admin.SafeCityAdminSite"
