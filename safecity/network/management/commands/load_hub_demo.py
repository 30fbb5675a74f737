"""Load the fictional demo cities into the network hub (safe to run again)."""

from django.core.management.base import BaseCommand

from safecity.network import hub


class Command(BaseCommand):
    help = (
        "Import the fictional demo cities (Norrhavn, Sjöby) into the network hub; running again updates them."
    )

    def handle(self, **options):
        for profile in hub.load_hub_demo():
            self.stdout.write(f"{profile.city_name} ({profile.city_id})")
