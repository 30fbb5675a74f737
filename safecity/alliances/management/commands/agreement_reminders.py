"""The former name of send_agreement_reminders, kept so existing cron entries go on working."""

from .send_agreement_reminders import Command  # noqa: F401
