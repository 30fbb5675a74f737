"""Reading CSV files for `classify` and `evaluate_classifier`: UTF-8 (a BOM is fine), `,` `;` or tab
sniffed from the header, streamed row by row, with errors that name where the problem is."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHUNK = 1 << 20
DELIMITERS = (",", ";", "\t")
MAX_FIELD = 1_000_000  # characters in one cell


class TableError(ValueError):
    """A file that cannot be read as a table; the message says why and where."""


def _utf8_lines(fh) -> Iterator[str]:
    """Lines of a binary file decoded as UTF-8; a bad byte raises TableError with its offset and line."""
    buf = b""
    buf_offset = 0  # absolute offset of buf[0]
    newlines = 0
    pending = ""
    first = True
    while True:
        chunk = fh.read(CHUNK)
        final = not chunk
        buf += chunk
        try:
            text, consumed = codecs.utf_8_decode(buf, "strict", final)
        except UnicodeDecodeError as exc:
            good = buf[: exc.start].decode("utf-8")
            line = newlines + pending.count("\n") + good.count("\n") + 1
            byte = buf[exc.start]
            raise TableError(
                f"the file is not UTF-8: byte 0x{byte:02X} at byte offset {buf_offset + exc.start} "
                f"(line {line}); save it as UTF-8 (in Excel: 'CSV UTF-8')"
            ) from None
        buf = buf[consumed:]
        buf_offset += consumed
        if first and text:
            text = text.removeprefix("\ufeff")
            first = False
        pending += text
        if "\n" in pending:
            parts = pending.split("\n")
            pending = parts.pop()
            for part in parts:
                newlines += 1
                yield part + "\n"
        if final:
            if pending:
                yield pending
            return


def _split_header(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


class Table:
    def __init__(self, fh, name: str):
        self.name = name
        self._lines = _utf8_lines(fh)
        header_line = ""
        for line in self._lines:
            if line.strip():
                header_line = line
                break
        if not header_line:
            raise TableError(f"{name}: the file is empty")
        best = None
        for delimiter in DELIMITERS:
            cols = [c.strip().lower() for c in _split_header(header_line, delimiter)]
            score = ("text" in cols, len(cols))
            if best is None or score > best[0]:
                best = (score, delimiter, cols)
        _score, self.delimiter, cols = best
        self.header = [c.strip() for c in _split_header(header_line, self.delimiter)]
        self.columns = cols
        self.line = 1

    def raw_rows(self) -> Iterator[list[str]]:
        """Rows as lists of cells (the header excluded); blank lines are skipped."""
        csv.field_size_limit(MAX_FIELD)
        reader = csv.reader(self._lines, delimiter=self.delimiter)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise TableError(f"{self.name}: line {reader.line_num + 1}: {exc}") from None
            self.line = reader.line_num + 1
            if not row or not any(cell.strip() for cell in row):
                continue
            yield row

    def rows(self) -> Iterator[dict]:
        cols = self.columns
        for row in self.raw_rows():
            yield {cols[i]: row[i] if i < len(row) else "" for i in range(len(cols))}


@contextmanager
def open_table(path: Path | str):
    path = Path(path)
    if not path.is_file():
        raise TableError(f"{path}: no such file")
    with path.open("rb") as fh:
        yield Table(fh, path.name)
