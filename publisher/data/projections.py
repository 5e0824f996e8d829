"""BLS Employment Projections, occupational table → a dataset.

Reads the occupation table BLS publishes with each projection decade (table 1.2 of
`occupation.xlsx`, or its CSV): employment at both ends of the decade and annual openings (in
thousands, as printed), the percent change, and the typical entry education. The decade comes
from the column names ("Employment change, percent, 2024–34").
"""

from __future__ import annotations

import re
from pathlib import Path

from publisher.data.dataset import Dataset, Record, Value
from publisher.data.tables import TableError, normal, read_table

URL = "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx"
CODE = re.compile(r"^\d{2}-\d{4}$")
PATTERNS = {
    "title": r"(\d{4}) national employment matrix title",
    "code": r"(\d{4}) national employment matrix code",
    "start": r"employment, (\d{4})",
    "percent": r"employment change, percent, (\d{4})-(\d{2})",
    "openings": r"occupational openings, (\d{4})-(\d{2}) annual average",
}
OPTIONAL = {
    "type": r"occupation type",
    "education": r"typical education needed for entry",
    "training": r"typical on-the-job training needed to attain competency in the occupation",
}


def _find(cells: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    names = [normal(cell) for cell in cells]
    for key, pattern in {**PATTERNS, **OPTIONAL}.items():
        matches = [i for i, name in enumerate(names) if re.fullmatch(pattern, name)]
        if matches:
            found[key] = matches[0]
            if key == "start" and len(matches) > 1:
                found["end"] = matches[1]
    if not all(key in found for key in (*PATTERNS, "end")):
        return None
    return found


def read_projections(path: Path) -> Dataset:
    rows, header = read_table(path, _find, "Employment Projections occupation table")
    columns = _find(header)
    assert columns is not None
    decade = re.fullmatch(PATTERNS["percent"], normal(header[columns["percent"]]))
    assert decade is not None
    start, end = decade[1], decade[2]
    vintage = f"{start}–{end}"
    records: dict[str, Record] = {}
    for row in rows:
        code = row.get("code")
        if not CODE.match(code):
            continue  # a summary line without a code of its own, or a note
        values: dict[str, Value] = {"period": vintage}
        for name, column, scale in (
            ("employment_start", "start", 1000),
            ("employment_end", "end", 1000),
            ("percent_change", "percent", 1),
            ("annual_openings", "openings", 1000),
        ):
            value = _number(row.get(column), scale, path, row.number, column)
            if value is not None:
                values[name] = value
        for name in ("education", "training", "type"):
            if row.get(name):
                values[{"education": "entry_education"}.get(name, name)] = row.get(name)
        records[code] = Record(code, row.get("title"), values)
    if not records:
        raise TableError(f"{path.name}: no occupation rows with a code")
    return Dataset("projections", vintage, path.name, URL, records)


def _number(text: str, scale: int, path: Path, line: int, column: str) -> Value | None:
    if not text:
        return None
    try:
        number = float(text.replace(",", "")) * scale
    except ValueError:
        raise TableError(f"{path.name}:{line}: {column} is {text!r}, not a number") from None
    number = round(number, 1)
    return int(number) if number.is_integer() else number
