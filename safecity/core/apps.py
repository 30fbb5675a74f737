from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "safecity.core"
    label = "core"
    verbose_name = _("Access log and audit")

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
