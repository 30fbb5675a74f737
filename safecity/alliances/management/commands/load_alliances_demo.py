from django.core.management.base import BaseCommand

from safecity.alliances.demo import load_alliances_demo


class Command(BaseCommand):
    help = "Load demo partners, agreements and meetings (Stockholm). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("city", nargs="?", default="stockholm")

    def handle(self, *args, city, **options):
        counts = load_alliances_demo(city)
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))
