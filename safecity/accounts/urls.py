from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.login_view, name="login"),
    path("logga-ut/", views.logout_view, name="logout"),
    path("tvastegsverifiering/", views.verify, name="verify"),
    path("tvastegsverifiering/aktivera/", views.setup_totp, name="setup_totp"),
    path("api-nycklar/", views.api_tokens, name="api_tokens"),
    path("api-nycklar/<int:pk>/aterkalla/", views.revoke_api_token, name="revoke_api_token"),
]
