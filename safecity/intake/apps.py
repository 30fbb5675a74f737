from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    # Named intake, not signals, so it never reads as Django's signals (ARCHITECTURE.md).
    name = "safecity.intake"
    label = "intake"
    verbose_name = _("Signals")
