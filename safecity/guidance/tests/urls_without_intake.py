"""The site's URLs without the intake module, as before it is installed."""

from safecity.urls import urlpatterns as site_patterns

urlpatterns = [p for p in site_patterns if getattr(p, "namespace", None) != "intake"]
