"""A test-only page with one chart of each kind, for test_charts.py (`@pytest.mark.urls`).

It is not in the project's URLs, so it exists only while a test asks for it, DEBUG or not.
"""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from safecity import urls as project_urls
from safecity.core.tests.chart_samples import chart_specs

PAGE = """{% extends "base.html" %}{% load charts %}
{% block title %}Diagram{% endblock %}
{% block content %}
<h1>Diagram</h1>
{% chart bar "units-bar" "Signaler per enhet" %}
{% chart grouped "units-themes-bar" "Signaler per enhet och tema" %}
{% chart line "signals-trend" "Signaler per månad" %}
{% chart matrix "units-themes" "Insatser per enhet och tema" %}
{% chart area_map "areas-map" "Signaler per stadsdel" %}
{% endblock %}
{% block extra_scripts %}{% include "core/_chart_scripts.html" %}{% endblock %}
"""


def chart_page(request: HttpRequest) -> HttpResponse:
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render(chart_specs(), request))


urlpatterns = [path("test/diagram/", chart_page, name="test_charts"), *project_urls.urlpatterns]
