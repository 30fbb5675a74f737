from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from safecity.organisation.models import City

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


class Command(BaseCommand):
    help = (
        "Load the situational picture's demo data: Stockholm's everyday area names and one real answer "
        "of the police events API (500 events, 2025-05-30 … 2025-06-07; data/ATTRIBUTION.md)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is loaded only with DEBUG on.")
        city = City.objects.order_by("pk").first()
        if city is None:
            raise CommandError("Load the organisation first: manage.py load_organisation stockholm")
        call_command("load_area_names", city.code, stdout=self.stdout)
        call_command(
            "import_police_events", *sorted(str(path) for path in DEMO.glob("*.json")), stdout=self.stdout
        )
