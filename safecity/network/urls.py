from django.urls import path  # noqa: F401

from safecity.network import views  # noqa: F401

app_name = "network"

urlpatterns: list = []
