from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safecity.situation.models import ImportRun
from safecity.situation.police import Counts, FeedError, import_payload


class Command(BaseCommand):
    help = (
        "Import police open-events files (JSON as the API answers, e.g. archived answers). Events are "
        "deduplicated by id across files and runs; importing a file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="JSON files, imported in the order given")

    def handle(self, *args, files, **options):
        total = Counts()
        failed = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                failed.append(f"{name}: no such file")
                continue
            try:
                run, counts = import_payload(path.read_bytes(), path.name, origin=ImportRun.Origin.COMMAND)
            except FeedError as exc:
                failed.append(f"{name}: nothing imported: " + "; ".join(exc.problems[:10]))
                continue
            total.add(counts)
            self.stdout.write(
                f"{path.name}: {counts.received} events, {counts.created} new, {counts.updated} updated, "
                f"{counts.unchanged} unchanged (import {run.pk})"
            )
        if len(files) > 1:
            self.stdout.write(
                f"In all: {total.received} events, {total.created} new, {total.updated} updated, "
                f"{total.unchanged} unchanged"
            )
        if failed:
            raise CommandError("\n".join(failed))
