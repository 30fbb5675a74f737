from django.urls import path

from . import views

app_name = "alliances"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("ny/", views.create, name="create"),
    path("partner/<int:partner_id>/", views.partner, name="partner"),
    path("partner/<int:partner_id>/andra/", views.edit, name="edit"),
    path("moten/ny/", views.record_meeting, name="record_meeting"),
    path("natverk/", views.network, name="network"),
    path("indikatorer/", views.indicators, name="indicators"),
    path("delat/", views.shared, name="shared"),
]
