"""manage.py classify IN.csv OUT.csv — label, score, target group and language for each row's text."""

from __future__ import annotations

import csv
import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safecity.online.classifier import NoActiveModel, get_active_model
from safecity.online.classifier.csvio import TableError, open_table

ADDED = ("label", "score", "target", "language", "explanation")


def explanation_text(pairs) -> str:
    return "; ".join(f"{term} ({weight:+.2f})" for term, weight in pairs)


class Command(BaseCommand):
    help = (
        "Classify the `text` column of a CSV file (UTF-8, a BOM is fine; `,` `;` or tab) with the active "
        "classifier version and write the same rows and columns plus label, score, target, language and "
        "explanation. A column of the input with one of those names is kept, and the new one is named "
        "with _predicted. The file is read and written in batches, so its size is not limited by memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="CSV file with a `text` column")
        parser.add_argument("output", help="CSV file to write (replaced if it exists)")
        parser.add_argument("--batch", type=int, default=2000, help="rows classified at a time (2000)")
        parser.add_argument("--no-explanation", action="store_true", help="leave out the explanation column")

    def handle(self, *args, input, output, batch, no_explanation, **options):
        try:
            model = get_active_model()
        except NoActiveModel as exc:
            raise CommandError(str(exc)) from None
        out_path = Path(output)
        if out_path.resolve() == Path(input).resolve():
            raise CommandError("the output file must not be the input file")
        started = time.perf_counter()
        fd, tmp_name = tempfile.mkstemp(prefix=".classify-", suffix=".csv", dir=out_path.parent or ".")
        rows_done = 0
        counts: dict[str, int] = {}
        try:
            with open_table(input) as table, os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                if "text" not in table.columns:
                    raise TableError(
                        f"{Path(input).name}: no `text` column (the columns are: {', '.join(table.header) or 'none'})"
                    )
                text_i = table.columns.index("text")
                added = [c for c in ADDED if not (no_explanation and c == "explanation")]
                names = [f"{c}_predicted" if c in table.columns else c for c in added]
                writer = csv.writer(out, delimiter=table.delimiter)
                writer.writerow(table.header + names)
                width = len(table.header)
                pending: list[list[str]] = []

                def flush():
                    nonlocal rows_done
                    texts = [row[text_i] if text_i < len(row) else "" for row in pending]
                    predictions = model.predict(texts, explain=not no_explanation)
                    for row, p in zip(pending, predictions, strict=True):
                        cells = (row + [""] * width)[:width] if len(row) < width else row
                        extra = [p.label, f"{p.score:.4f}", p.target, p.language]
                        if not no_explanation:
                            extra.append(explanation_text(p.explanation))
                        writer.writerow(cells + extra)
                        counts[p.label] = counts.get(p.label, 0) + 1
                    rows_done += len(pending)
                    pending.clear()

                for row in table.raw_rows():
                    pending.append(row)
                    if len(pending) >= batch:
                        flush()
                if pending:
                    flush()
            os.replace(tmp_name, out_path)
        except TableError as exc:
            Path(tmp_name).unlink(missing_ok=True)
            raise CommandError(str(exc)) from None
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no rows"
        rate = f", {rows_done / seconds:,.0f} rows/s" if seconds > 0 and rows_done else ""
        self.stdout.write(
            f"{rows_done} rows classified with version {model.version} ({summary}) in {seconds:.1f} s{rate} → {out_path}"
        )
