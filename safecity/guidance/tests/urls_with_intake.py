"""The site's URLs plus a stand-in for the intake module's report form (intake:report)."""

from django.http import HttpResponse
from django.urls import include, path

from safecity.urls import urlpatterns as site_patterns


def report(request):
    return HttpResponse("report form")


intake = ([path("rapportera/", report, name="report")], "intake")
urlpatterns = [
    path("test-intake/", include(intake)),
    *[p for p in site_patterns if getattr(p, "namespace", None) != "intake"],
]
