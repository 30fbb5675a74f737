from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from safecity.core.admin import AuditedAdmin
from safecity.organisation.models import RoleAssignment

from .models import ApiToken, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    fields = ["role", "unit", "function", "valid_from", "valid_to"]
    verbose_name = _("role")
    verbose_name_plural = _("roles")


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_demo", "roles"]
    list_filter = ["is_active", "is_demo", "role_assignments__role"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "is_demo", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def save_formset(self, request, form, formset, change):
        if formset.model is RoleAssignment and form.instance.pk == request.user.pk and formset.has_changed():
            raise PermissionDenied(_("Nobody changes their own roles; ask another administrator."))
        super().save_formset(request, form, formset, change)

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(str(a) for a in obj.role_assignments.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments__unit")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created", "last_used", "revoked"]
    readonly_fields = ["user", "name", "prefix", "key_hash", "created", "last_used"]

    def has_add_permission(self, request):
        return False
