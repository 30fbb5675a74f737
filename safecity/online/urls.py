from django.urls import path

from safecity.online import views
from safecity.online.urls_insight import urlpatterns as insight_patterns

app_name = "online"

urlpatterns = [
    path("", views.index, name="index"),
    path("importera/", views.import_page, name="import"),
    path("importer/<int:import_id>/", views.import_detail, name="import_detail"),
    path("klassificera/", views.classify_unclassified, name="classify_unclassified"),
    path("granska/", views.queue, name="queue"),
    path("objekt/<int:item_id>/", views.item_detail, name="item"),
    path("objekt/<int:item_id>/granska/", views.review, name="review"),
    path("modeller/", views.models_page, name="models"),
    path("modeller/<int:model_id>/aktivera/", views.activate, name="activate"),
    path("modeller/trana/", views.train, name="train"),
    path("modeller/klassificera-om/", views.classify_all, name="classify_all"),
    path("fran-signal/<int:signal_id>/", views.from_signal, name="from_signal"),
] + insight_patterns
