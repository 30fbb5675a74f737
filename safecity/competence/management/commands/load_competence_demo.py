from django.core.management.base import BaseCommand

from safecity.competence.demo import load_demo


class Command(BaseCommand):
    help = "Load demo training programmes, headcounts, sessions and e-learning (safe to run twice)."

    def handle(self, *args, **options):
        count = load_demo()
        self.stdout.write(f"Competence demo: {count} sessions.")
