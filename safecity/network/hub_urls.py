"""The public export and the network hub; included by urls.py (mounted at /profil/)."""

from django.urls import path

from . import hub_views

urlpatterns = [
    path("profil.json", hub_views.export, name="export"),
    path("schema.json", hub_views.schema, name="schema"),
    path("natverk/", hub_views.index, name="hub"),
    path("natverk/importera/", hub_views.import_profile, name="hub_import"),
    path("natverk/goda-exempel/", hub_views.practices, name="hub_practices"),
    path("natverk/stad/<slug:city_id>/", hub_views.city, name="hub_city"),
    path("natverk/stad/<slug:city_id>/ta-bort/", hub_views.remove, name="hub_remove"),
]
