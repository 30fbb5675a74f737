"""manage.py train_classifier — train, evaluate and store the next classifier version."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from safecity.online.classifier.evaluation import format_evaluation
from safecity.online.classifier.training import train_model


class Command(BaseCommand):
    help = (
        "Train the next classifier version from the shipped labelled files (safecity/online/data) and "
        "the items people reviewed, evaluate it on the held-out sets and the Swedish functional suite "
        "(next to the keyword baseline) and store it. The first version becomes active; later ones only "
        "with --activate (or when a person switches on the model page)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick", action="store_true", help="a small fixed subset: seconds, for tests and demos"
        )
        parser.add_argument("--no-reviews", action="store_true", help="leave out the reviewed items")
        parser.add_argument("--activate", action="store_true", help="make the new version the active one")
        parser.add_argument(
            "--if-none", action="store_true", help="do nothing if any version exists (for make run)"
        )
        parser.add_argument("--notes", default="", help="a note stored with the version")

    def handle(self, *args, quick, no_reviews, activate, if_none, notes, **options):
        from safecity.online.models import ClassifierModel

        if if_none and ClassifierModel.objects.exists():
            active = ClassifierModel.objects.filter(is_active=True).first()
            self.stdout.write(f"A classifier version exists (active: {active or 'none'}); nothing trained.")
            return
        self.stdout.write("Training" + (" a quick model" if quick else "") + " …")
        row = train_model(quick=quick, include_reviews=not no_reviews, notes=notes, activate=activate)
        ev = row.evaluation
        self.stdout.write(format_evaluation(ev))
        trained = ", ".join(f"{k} {sum(v.values())}" for k, v in ev.get("trained_on", {}).items())
        self.stdout.write(
            f"\nVersion {row.version} stored ({'active' if row.is_active else 'not active'}), trained on "
            f"{trained} in {ev.get('train_seconds')} s; weights {len(bytes(row.weights)) / 1e6:.1f} MB."
        )
