from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("vem-kontaktar-jag/", views.directory_page, name="directory"),
    path("katalog/", views.internal_directory, name="internal_directory"),
    path("enheter/<slug:code>/personal/", views.unit_people, name="unit_people"),
]
