from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecity.organisation.demo import current_code


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (only with DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp works only with DEBUG on.")
        try:
            self.stdout.write(current_code(username))
        except TOTPDevice.DoesNotExist as exc:
            raise CommandError(f"'{username}' is not a demo account with a second factor.") from exc
