from django.contrib import admin

from .models import Agreement, MeasurePartner, Meeting, Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    filter_horizontal = ["units", "areas", "accounts"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["partner", "kind", "unit", "valid_from", "valid_to"]
    list_filter = ["kind"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "topic", "kind"]


@admin.register(MeasurePartner)
class MeasurePartnerAdmin(admin.ModelAdmin):
    list_display = ["measure", "partner", "role"]
