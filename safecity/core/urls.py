from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.public_home, name="public_home"),
    path("om/", views.about, name="about"),
    path("start/", views.home, name="home"),
    path("atkomstlogg/", views.access_log, name="access_log"),
    path("atkomstlogg.csv", views.access_log_csv, name="access_log_csv"),
    path("jobb/<int:job_id>/", views.job_page, name="job"),
    path("jobb/<int:job_id>/fil/", views.job_file, name="job_file"),
]
