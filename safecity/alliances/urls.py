from django.urls import path

from . import views

app_name = "alliances"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("ny/", views.create, name="create"),
    path("partner/<int:partner_id>/", views.partner, name="partner"),
    path("partner/<int:partner_id>/andra/", views.edit, name="edit"),
    path("partner/<int:partner_id>/avtal/ny/", views.create_agreement, name="create_agreement"),
    path("avtal/", views.agreements, name="agreements"),
    path("avtal/<int:agreement_id>/andra/", views.edit_agreement, name="edit_agreement"),
    path("avtal/<int:agreement_id>/avsluta/", views.end_agreement, name="end_agreement"),
    path("moten/ny/", views.record_meeting, name="record_meeting"),
    path("moten/<int:meeting_id>/andra/", views.edit_meeting, name="edit_meeting"),
    path("moten/<int:meeting_id>/ta-bort/", views.delete_meeting, name="delete_meeting"),
    path("atgard/<int:measure_id>/partner/", views.measure_partners, name="measure_partners"),
    path(
        "atgard/<int:measure_id>/partner/<int:link_id>/ta-bort/", views.unlink_partner, name="unlink_partner"
    ),
    path("gemensamma-atgarder/", views.shared_measures, name="shared_measures"),
    path("natverk/", views.network, name="network"),
    path("indikatorer/", views.indicators, name="indicators"),
    path("delat/", views.shared, name="shared"),
]
