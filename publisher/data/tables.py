"""Published tables → rows: a workbook (.xlsx) or CSV file as the agency ships it.

Agencies put title rows and notes above and below a table's header, and footnote markers in
its column names ("Median annual wage, dollars, 2024[1]"). The header row is the first row
that has every column a series needs; names are compared without footnotes, case or spacing.
Every cell comes back as the text the agency printed ("66,430", "*", "16.9").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import PublisherError

MAX_ROWS = 200_000  # the national OEWS file has about 1,400; anything far larger is not it


class TableError(PublisherError):
    """A file that is not the published table it was given as."""


@dataclass(frozen=True)
class Row:
    """One data row: its number in the file (1-based, as a spreadsheet shows it) and its
    cells by column name, as printed."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


def normal(name: str) -> str:
    """A column name without footnote markers, case or spacing; en dashes as hyphens."""
    name = re.sub(r"\[\d+\]|\(\d+\)$", "", name).replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", name).strip().lower()


Matcher = Callable[[list[str]], dict[str, int] | None]  # header cells → column → index


def read_table(path: Path, find_header: Matcher, what: str) -> tuple[list[Row], list[str]]:
    """The data rows under the header `find_header` recognises, and that header's cells.
    A row is data until the first empty one (the notes below a table follow a blank)."""
    rows = _rows(path)
    for number, cells in rows:
        columns = find_header(cells)
        if columns is None:
            continue
        data = []
        for row_number, row_cells in rows:
            if row_number <= number:
                continue
            if not any(cell.strip() for cell in row_cells):
                break
            values = {
                name: (row_cells[index] if index < len(row_cells) else "")
                for name, index in columns.items()
            }
            data.append(Row(row_number, values))
        return data, cells
    raise TableError(
        f"{path.name}: no header row of the {what} found; give the file as the agency "
        "publishes it (the first sheet or the CSV, with its column names unchanged)"
    )


def columns_named(required: Sequence[str], optional: Sequence[str] = ()) -> Matcher:
    """A matcher for a header that has every name in `required` (and maybe `optional`)."""

    def find(cells: list[str]) -> dict[str, int] | None:
        index = {normal(cell): position for position, cell in enumerate(cells) if cell}
        if not all(normal(name) in index for name in required):
            return None
        wanted = [*required, *(name for name in optional if normal(name) in index)]
        return {name: index[normal(name)] for name in wanted}

    return find


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = list(_workbook_rows(path))
    elif suffix == ".csv":
        rows = list(_csv_rows(path))
    else:
        raise TableError(f"{path.name}: not a table the agency publishes (.xlsx or .csv)")
    return rows


def _workbook_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TableError(f"{path.name}: not a readable workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            if number > MAX_ROWS:
                raise TableError(f"{path.name}: more than {MAX_ROWS:,} rows; not this table")
            yield number, [_text(value) for value in values]
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            for number, cells in enumerate(csv.reader(stream), 1):
                if number > MAX_ROWS:
                    raise TableError(f"{path.name}: more than {MAX_ROWS:,} rows; not this table")
                yield number, cells
    except UnicodeDecodeError:
        raise TableError(f"{path.name}: not a UTF-8 CSV file") from None


def _text(value: object) -> str:
    """A workbook cell as the agency printed it: whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
