from django.contrib import admin
from django.urls import include, path

from safecity.api.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("konto/", include("safecity.accounts.urls")),
    path("organisation/", include("safecity.organisation.urls")),
    path("planer/", include("safecity.plans.urls")),
    path("rapportera/", include("safecity.intake.urls")),
    path("vagledning/", include("safecity.guidance.urls")),
    path("lagesbild/", include("safecity.situation.urls")),
    path("kompetens/", include("safecity.competence.urls")),
    path("samverkan/", include("safecity.alliances.urls")),
    path("nathat/", include("safecity.online.urls")),
    path("profil/", include("safecity.network.urls")),
    path("", include("safecity.core.urls")),
]
