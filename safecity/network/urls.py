from django.urls import path

from safecity.network import views
from safecity.network.hub_urls import urlpatterns as hub_patterns

app_name = "network"

urlpatterns = [
    # public
    path("", views.public, name="public"),
    path("foto/<int:photo_id>/", views.photo, name="photo"),
    path("goda-exempel/", views.public_practices, name="public_practices"),
    path("goda-exempel/<int:practice_id>/", views.public_practice, name="public_practice"),
    # composing (central coordinator)
    path("redigera/", views.compose, name="compose"),
    path("redigera/initiativ/ny/", views.initiative_pick, name="initiative_pick"),
    path("redigera/initiativ/ny/<int:measure_id>/", views.initiative_add, name="initiative_add"),
    path("redigera/initiativ/<int:initiative_id>/", views.initiative_edit, name="initiative_edit"),
    path(
        "redigera/initiativ/<int:initiative_id>/ta-bort/", views.initiative_remove, name="initiative_remove"
    ),
    path("redigera/initiativ/<int:initiative_id>/flytta/", views.initiative_move, name="initiative_move"),
    path("redigera/initiativ/<int:initiative_id>/foto/", views.initiative_photo, name="initiative_photo"),
    path("forhandsgranska/", views.preview, name="preview"),
    path("publicera/", views.publish, name="publish"),
    path("versioner/", views.versions, name="versions"),
    path("versioner/<int:number>/", views.version_detail, name="version"),
    # good-practice library (staff)
    path("exempelbank/", views.library, name="library"),
    path("exempelbank/foresla/", views.propose_pick, name="propose_pick"),
    path("exempelbank/foresla/<int:measure_id>/", views.propose, name="propose"),
    path("exempelbank/<int:practice_id>/", views.practice, name="practice"),
    path("exempelbank/<int:practice_id>/redigera/", views.practice_edit, name="practice_edit"),
    path("exempelbank/<int:practice_id>/beslut/", views.practice_decide, name="practice_decide"),
    path("exempelbank/<int:practice_id>/aterkalla/", views.practice_withdraw, name="practice_withdraw"),
] + hub_patterns
