from django.core.management.base import BaseCommand

from safecity.online.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load about 300 invented posts on two fictional district pages, imported, classified (a quick "
        "classifier version is trained first when none exists) and partly reviewed. Safe to run twice."
    )

    def handle(self, *args, **options):
        summary = load_demo(log=self.stdout.write)
        for unit, (created, duplicates) in summary.items():
            self.stdout.write(f"Online demo, {unit}: {created} new items, {duplicates} duplicates.")
