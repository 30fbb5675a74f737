from django.core.management.base import BaseCommand

from safecity.network.demo import load_demo


class Command(BaseCommand):
    help = (
        "Publish the demo Safe City Action profile and good practices (after load_demo; safe to run twice)."
    )

    def handle(self, *args, **options):
        version = load_demo()
        if version is None:
            self.stdout.write(
                "Profile demo: already published (or the demo users are missing); nothing done."
            )
            return
        self.stdout.write(
            f"Profile demo: version {version.number} published with "
            f"{len(version.document['initiatives'])} highlighted initiatives."
        )
