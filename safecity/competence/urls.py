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
]
