from django.urls import path

from . import views, views_analysis

app_name = "situation"
urlpatterns = [
    path("", views.index, name="index"),
    path("ladda-upp/", views.upload, name="upload"),
    path("kallor/<int:dataset_id>/kolumner/", views.mapping, name="mapping"),
    path("importer/<int:import_id>/", views.import_detail, name="import_detail"),
    path("polishandelser/", views.events, name="events"),
]
urlpatterns += views_analysis.urlpatterns
