from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from safecity.core.admin import AuditedAdmin

from .models import Area, AreaAssignment, City, Contact, Function, RoleAssignment, Unit, UnitPopulation


@admin.register(City)
class CityAdmin(AuditedAdmin):
    list_display = ["name", "code", "municipality_code", "population"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["kind", "title", "title_en", "phone", "email", "opening_hours", "is_public"]


class PopulationInline(admin.TabularInline):
    model = UnitPopulation
    extra = 0


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "kind", "code", "valid_from", "valid_to", "successor"]
    list_filter = ["kind", "city"]
    search_fields = ["name", "name_en", "code"]
    inlines = [ContactInline, PopulationInline]
    autocomplete_fields = ["successor"]


@admin.register(Function)
class FunctionAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "code", "position"]
    search_fields = ["name", "name_en", "code"]


class AssignmentInline(admin.TabularInline):
    model = AreaAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ["name", "code", "current_unit"]
    search_fields = ["name", "code"]
    inlines = [AssignmentInline]
    exclude = ["geometry"]

    @admin.display(description=_("unit today"))
    def current_unit(self, obj):
        return obj.unit_on()


@admin.register(Contact)
class ContactAdmin(AuditedAdmin):
    list_display = ["title", "unit", "kind", "phone", "is_public"]
    list_filter = ["kind", "is_public", "unit"]
    search_fields = ["title", "title_en", "phone", "email"]


class RoleAssignmentForm(forms.ModelForm):
    current_user = None  # set per request by RoleAssignmentAdmin.get_form

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "unit", "function", "valid_from", "valid_to"]

    def clean_user(self):
        person = self.cleaned_data["user"]
        if self.current_user is not None and person.pk == self.current_user.pk:
            raise forms.ValidationError(_("Nobody gives themselves a role; ask another administrator."))
        return person


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    form = RoleAssignmentForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type("RoleAssignmentFormForUser", (form,), {"current_user": request.user})

    list_display = ["user", "role", "unit", "function", "valid_from", "valid_to"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "unit"]
