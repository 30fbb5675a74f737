"""manage.py evaluate_classifier FILE [--version N] — scores of a version on a labelled CSV file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from safecity.online.classifier import NoActiveModel, get_active_model, load_version
from safecity.online.classifier.baseline import KeywordBaseline
from safecity.online.classifier.csvio import TableError
from safecity.online.classifier.data import read_labelled_file
from safecity.online.classifier.evaluation import evaluate_set, format_scores


class Command(BaseCommand):
    help = (
        "Evaluate a classifier version on a CSV file with `text` and `label` columns (not, offensive, "
        "hateful, threat) and optionally `target`: precision, recall and F1 per class, macro-F1, the "
        "confusion matrix, throughput and target-group accuracy, next to the keyword baseline in the "
        "same run."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names the classifier version here, not Django's version
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file with text,label[,target]")
        parser.add_argument(
            "--version", type=int, dest="version", help="the version to evaluate (default: the active one)"
        )

    def handle(self, *args, file, version, **options):
        from safecity.online.models import ClassifierModel

        try:
            if version is not None:
                row = ClassifierModel.objects.filter(version=version).first()
                if row is None:
                    raise CommandError(f"there is no classifier version {version}")
                model = load_version(row)
            else:
                model = get_active_model()
        except NoActiveModel as exc:
            raise CommandError(str(exc)) from None
        try:
            examples = read_labelled_file(file)
        except (TableError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        if not examples:
            raise CommandError(f"{file}: no rows with a known label (not, offensive, hateful, threat)")
        baseline = KeywordBaseline(model.config.get("lexicon", []), model.config.get("patterns"))
        result = evaluate_set(model, baseline, examples)
        self.stdout.write(format_scores(f"{file} with version {model.version}", result))
