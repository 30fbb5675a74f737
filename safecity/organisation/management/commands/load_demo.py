from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safecity.organisation.demo import DEMO_PASSWORD, load_demo
from safecity.organisation.models import Unit
from safecity.plans.demo import DemoError, load_demo_plans


class Command(BaseCommand):
    help = (
        "Create demo accounts, one per role, and demo action plans (only with DEBUG on). Prints the logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins-only", action="store_true", help="Only print the demo logins (make run ends with them)."
        )

    def handle(self, *args, logins_only=False, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is refused when DEBUG is off: it has published passwords.")
        if not Unit.objects.filter(code="jarva").exists():
            raise CommandError("Load the Stockholm organisation first: manage.py load_organisation stockholm")
        logins = load_demo()
        self.stdout.write(self.style.WARNING("DEMO ACCOUNTS — for trying the service only"))
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write(f"{'user name':<22}{'role':<34}{'unit':<28}TOTP secret (second factor)")
        for login in logins:
            self.stdout.write(
                f"{login.username:<22}{login.role:<34}{login.unit:<28}{login.totp_secret or '-'}"
            )
        self.stdout.write("Current second-factor code for a user: manage.py demo_totp USER")
        if logins_only:
            return
        try:
            plans = load_demo_plans()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if plans:
            years = ", ".join(f"{year}: {count}" for year, count in plans.items())
            self.stdout.write(f"Demo action plans (plans per year): {years}")
        else:
            self.stdout.write("Demo action plans: there already")
