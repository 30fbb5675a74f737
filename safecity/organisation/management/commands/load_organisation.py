from django.core.management.base import BaseCommand, CommandError

from safecity.organisation.loader import LoadError, load


class Command(BaseCommand):
    help = "Load a city's organisation (units, areas, functions, population, contacts) from a data folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "city", help="a bundled city (e.g. stockholm) or the path of a folder in the documented format"
        )

    def handle(self, *args, city, **options):
        try:
            report = load(city)
        except LoadError as exc:
            raise CommandError("Nothing was loaded:\n" + "\n".join(f"  {p}" for p in exc.problems)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {report.units} units, {report.areas} areas ({report.assignments} area assignments), "
                f"{report.functions} functions, {report.population} population figures, "
                f"{report.contacts_created} new contacts."
            )
        )
