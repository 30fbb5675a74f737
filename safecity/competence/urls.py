from django.urls import path

from . import views

app_name = "competence"
urlpatterns = [
    path("", views.coverage_page, name="coverage"),
    path("tillfallen/", views.sessions, name="sessions"),
    path("import/", views.import_page, name="import"),
    path("e-utbildning/", views.quiz_index, name="quizzes"),
    path("e-utbildning/<slug:situation_code>/", views.quiz, name="quiz"),
    path("e-utbildning/<slug:situation_code>/redigera/", views.quiz_edit, name="quiz_edit"),
    path("mal/", views.targets, name="targets"),
    path("mal/<int:pk>/", views.target_edit, name="target_edit"),
    path("mal/<int:pk>/ta-bort/", views.target_remove, name="target_remove"),
    path("program/", views.programmes, name="programmes"),
    path("program/nytt/", views.programme_edit, name="programme_new"),
    path("program/<int:pk>/", views.programme_edit, name="programme_edit"),
    path("atgard/<int:measure_pk>/program/", views.measure_programmes, name="measure_programmes"),
    path("rackvidd/<int:plan_pk>/", views.plan_reach_page, name="reach"),
]
