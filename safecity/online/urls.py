from django.urls import path  # noqa: F401

from safecity.online import views  # noqa: F401

app_name = "online"

urlpatterns: list = []
