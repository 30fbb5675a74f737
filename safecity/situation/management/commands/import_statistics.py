from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from safecity.core.tabular import TableError
from safecity.situation import importing
from safecity.situation.models import ColumnMapping, Dataset, ImportRun, ValueUnit

MAPPING_OPTIONS = [
    "place_column",
    "place_level",
    "category_column",
    "category_value",
    "period_column",
    "value_column",
    "value_unit",
    "value_unit_column",
    "n_column",
]


class ConsoleProgress(importing.Progress):
    def __init__(self, out):
        self.out = out
        self.expected = 0
        self.done = 0
        self.shown = -1

    def total(self, n):
        self.expected, self.done, self.shown = n or 0, 0, -1

    def step(self, k):
        self.done += k
        self._show("checked")

    def saving(self, total):
        self.expected, self.done, self.shown = total, 0, -1

    def saved(self, done):
        self.done = done
        self._show("saved")

    def _show(self, what):
        if self.expected:
            tenth = min(10, self.done * 10 // self.expected)
            if tenth != self.shown:
                self.shown = tenth
                self.out.write(f"  {self.done:,} rows {what} ({tenth * 10} %)")


class Command(BaseCommand):
    help = (
        "Import a statistics table (CSV or XLSX) into a data source, all rows or none, or a population "
        "table with --population. The source's saved column mapping is used; the mapping options save "
        "a new one first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dataset", help="code of the data source (statistics)")
        parser.add_argument(
            "--population", action="store_true", help="a table of unit, year, population, source"
        )
        parser.add_argument(
            "--create", metavar="NAME", help="create the data source with this name if missing"
        )
        parser.add_argument("--kind", default=Dataset.Kind.REPORTED_CRIME, choices=Dataset.Kind.values)
        parser.add_argument("--publisher", default="")
        parser.add_argument("--licence", default="")
        parser.add_argument("--url", default="")
        parser.add_argument("--provisional", action="store_true", help="the figures are provisional")
        parser.add_argument("--user", help="user name recorded as the importer")
        for option in MAPPING_OPTIONS:
            choices = None
            if option == "place_level":
                choices = ColumnMapping.PlaceLevel.values
            elif option == "value_unit":
                choices = ValueUnit.values
            parser.add_argument("--" + option.replace("_", "-"), dest=option, choices=choices)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}")
        kind = ImportRun.Kind.POPULATION if options["population"] else ImportRun.Kind.STATISTICS
        dataset = None
        if kind == ImportRun.Kind.STATISTICS:
            dataset = self._dataset(options)
            self._mapping(dataset, options, user)
        with path.open("rb") as handle:
            try:
                run = importing.new_run(
                    File(handle, name=path.name),
                    path.name,
                    kind=kind,
                    dataset=dataset,
                    origin=ImportRun.Origin.COMMAND,
                    user=user,
                    provisional=options["provisional"],
                )
            except TableError as exc:
                raise CommandError(exc.message) from exc
        if dataset is not None:
            run.mapping = dataset.column_mapping.snapshot()
            run.save(update_fields=["mapping"])
        run = importing.run_import(run, ConsoleProgress(self.stdout))
        if run.state == ImportRun.State.FAILED:
            lines = [f"  {problem['message']}" for problem in run.errors[:50]]
            more = run.error_count - len(lines)
            if more > 0:
                lines.append(f"  … and {more} more")
            raise CommandError(f"Nothing was imported ({run.error_count} problems):\n" + "\n".join(lines))
        if run.state == ImportRun.State.UNCHANGED:
            self.stdout.write(
                f"{path.name} was imported before (import {run.duplicate_of_id}); nothing changed."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {run.rows:,} rows, {run.created_count:,} new, {run.updated_count:,} updated "
                f"(import {run.pk})"
            )
        )

    def _dataset(self, options) -> Dataset:
        code = options["dataset"]
        if not code:
            raise CommandError("Name the data source with --dataset CODE (or use --population).")
        dataset = Dataset.objects.filter(code=code).first()
        if dataset is None:
            if not options["create"]:
                raise CommandError(f"No data source {code!r}; add --create NAME to create it.")
            dataset = Dataset.objects.create(
                code=code,
                name=options["create"],
                kind=options["kind"],
                publisher=options["publisher"],
                licence=options["licence"],
                url=options["url"],
            )
        if dataset.is_police_events:
            raise CommandError("Police events are imported with import_police_events.")
        return dataset

    def _mapping(self, dataset: Dataset, options, user) -> None:
        given = {option: options[option] for option in MAPPING_OPTIONS if options[option] is not None}
        mapping = ColumnMapping.objects.filter(dataset=dataset).first()
        if not given:
            if mapping is None:
                raise CommandError(
                    "The data source has no column mapping yet: give --place-column, --period-column, "
                    "--value-column and --category-column (or --category-value)."
                )
            return
        mapping = mapping or ColumnMapping(dataset=dataset)
        for option, value in given.items():
            setattr(mapping, option, value)
        mapping.updated_by = user
        try:
            mapping.full_clean()
        except Exception as exc:
            raise CommandError(f"The column mapping is incomplete: {exc}") from exc
        mapping.save()
