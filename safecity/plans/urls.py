"""URLs of the action plans, one list per view module (plan work, overview, documents, set-up)."""

from .views import documents, overview, plan, setup

app_name = "plans"
urlpatterns = plan.urlpatterns + overview.urlpatterns + documents.urlpatterns + setup.urlpatterns
