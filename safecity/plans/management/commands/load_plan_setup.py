from django.core.management.base import BaseCommand, CommandError

from safecity.organisation.models import City
from safecity.plans.setup import load_plan_setup


class Command(BaseCommand):
    help = "Load a city's plan configuration: focus areas, target groups, statuses, template, guidelines."

    def add_arguments(self, parser):
        parser.add_argument("city", help="city code, e.g. stockholm (its organisation must be loaded first)")

    def handle(self, *args, city, **options):
        try:
            counts = load_plan_setup(city)
        except City.DoesNotExist as exc:
            raise CommandError(f"No city '{city}': run load_organisation {city} first.") from exc
        self.stdout.write(
            self.style.SUCCESS(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
        )
