from django.core.management.base import BaseCommand, CommandError

from safecity.situation.police import place_events_again
from safecity.situation.setup import SetupError, load_area_names


class Command(BaseCommand):
    help = "Load a city's everyday area names for finding areas in event texts (data/area_names/<city>.csv)."

    def add_arguments(self, parser):
        parser.add_argument("city", help="the city code, e.g. stockholm")

    def handle(self, *args, city, **options):
        try:
            count = load_area_names(city)
        except SetupError as exc:
            raise CommandError(f"Nothing was loaded:\n{exc}") from exc
        changed = place_events_again()
        self.stdout.write(f"{count} area names loaded; {changed} stored events placed anew.")
