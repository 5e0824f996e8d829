"""BLS Occupational Employment and Wage Statistics, national file → a dataset.

Reads `national_M2024_dl.xlsx` (or its CSV) as BLS publishes it: one row per occupation,
comma-formatted numbers, `*` where no wage estimate was published, `**` where no employment
estimate was, `#` where a wage is at or above the top-coded value. The survey month is in the
file's name (`M2024`: May 2024). Only the national, cross-industry, all-ownership rows count.
"""

from __future__ import annotations

import re
from pathlib import Path

from publisher.data.dataset import MARKERS, Dataset, Record, Value
from publisher.data.tables import Row, TableError, columns_named, read_table

FIGURES = {  # column → the figure's name in the dataset
    "TOT_EMP": "employment",
    "A_MEDIAN": "annual_median",
    "A_PCT10": "annual_p10",
    "A_PCT25": "annual_p25",
    "A_PCT75": "annual_p75",
    "A_PCT90": "annual_p90",
    "H_MEDIAN": "hourly_median",
}
REQUIRED = ("OCC_CODE", "OCC_TITLE", "O_GROUP", *FIGURES)
FILTERS = {"AREA_TYPE": "1", "I_GROUP": "cross-industry", "OWN_CODE": "1235"}
URL = "https://www.bls.gov/oes/special-requests/oesm{yy}nat.zip"
CODE = re.compile(r"^\d{2}-\d{4}$")


def survey_month(path: Path) -> tuple[str, str]:
    """'May 2024' and its two-digit year, from a name like national_M2024_dl."""
    found = re.search(r"M(20\d{2})", path.stem, re.IGNORECASE)
    if not found:
        raise TableError(
            f"{path.name}: the survey month is in the name BLS gives the file "
            "(national_M2024_dl.xlsx: May 2024); keep that name"
        )
    return f"May {found[1]}", found[1][2:]


def read_oews(path: Path) -> Dataset:
    vintage, yy = survey_month(path)
    rows, _header = read_table(
        path, columns_named(REQUIRED, tuple(FILTERS)), "OEWS national file (OCC_CODE, A_MEDIAN…)"
    )
    records: dict[str, Record] = {}
    for row in rows:
        if any(row.get(column) not in ("", wanted) for column, wanted in FILTERS.items()):
            continue  # another area, industry or ownership
        code = row.get("OCC_CODE")
        if not CODE.match(code):
            raise TableError(f"{path.name}:{row.number}: OCC_CODE {code!r} is not a SOC code")
        values: dict[str, Value] = {"group": row.get("O_GROUP")}
        for column, name in FIGURES.items():
            value = _figure(row, column, path)
            if value is not None:
                values[name] = value
        records[code] = Record(code, row.get("OCC_TITLE"), values)
    if not records:
        raise TableError(f"{path.name}: no national occupation rows")
    return Dataset("oews", vintage, path.name, URL.format(yy=yy), records)


def _figure(row: Row, column: str, path: Path) -> Value | None:
    text = row.get(column)
    if not text:
        return None  # not in the file: left out, never filled in
    if text in MARKERS:
        return text
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        raise TableError(
            f"{path.name}:{row.number}: {column} is {text!r}, not a number or a BLS marker "
            f"({', '.join(MARKERS)})"
        ) from None
    return int(number) if number.is_integer() else number
