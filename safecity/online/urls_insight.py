"""Insight, themes, triggers, the shared summary and narratives (included by urls.py, namespace online)."""

from django.urls import path

from safecity.online import views_insight as views

urlpatterns = [
    path("oversikt/", views.insight, name="insight"),
    path("teman/", views.themes_page, name="themes"),
    path("utlosare/", views.triggers_page, name="triggers"),
    path("sammanfattning/", views.summary, name="summary"),
    path("narrativ/", views.narratives, name="narratives"),
    path("narrativ/nytt/", views.narrative_new, name="narrative_new"),
    path("narrativ/<int:narrative_id>/", views.narrative_detail, name="narrative"),
    path("narrativ/<int:narrative_id>/andra/", views.narrative_edit, name="narrative_edit"),
    path("narrativ/<int:narrative_id>/matchning/", views.narrative_matching, name="narrative_matching"),
    path("narrativ/<int:narrative_id>/motbudskap/", views.narrative_counter, name="narrative_counter"),
    path("narrativ/<int:narrative_id>/sok-liknande/", views.narrative_suggest, name="narrative_suggest"),
    path("kopplingar/<int:link_id>/bekrafta/", views.link_confirm, name="link_confirm"),
    path("kopplingar/<int:link_id>/avvisa/", views.link_reject, name="link_reject"),
]
