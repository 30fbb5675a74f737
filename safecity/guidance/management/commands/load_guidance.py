from django.core.management.base import BaseCommand, CommandError

from safecity.guidance.setup import GuidanceDataError, load_guidance
from safecity.organisation.models import City


class Command(BaseCommand):
    help = "Load a city's situations and first guides (how to act) from safecity/guidance/data/<city>/."

    def add_arguments(self, parser):
        parser.add_argument("city", help="city code, e.g. stockholm (its organisation must be loaded first)")

    def handle(self, *args, city, **options):
        try:
            counts = load_guidance(city)
        except City.DoesNotExist as exc:
            raise CommandError(f"No city '{city}': run load_organisation {city} first.") from exc
        except FileNotFoundError as exc:
            raise CommandError(f"No guides for '{city}': {exc.filename} is missing.") from exc
        except GuidanceDataError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(", ".join(f"{v} {k}" for k, v in counts.items())))
