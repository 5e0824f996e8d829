"""The dataset in the project: what was imported from the agency's files, as plain YAML.

Each imported file becomes one file under the project's `data/` folder, named by its series
and vintage (`oews-may-2024.yaml`, `projections-2024-34.yaml`): the series, the vintage, the
file's name and its canonical URL, then one record per occupation code with the figures the
file printed. A figure the agency marked instead of printing (`*`, `**`, `#`) is kept as its
marker; one the file did not have is simply absent. The files are meant to be committed:
`git diff` shows what a new import changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from publisher.errors import PublisherError
from publisher.project.yamlfile import yaml_data

Value = int | float | str

MARKERS = {
    "*": "no estimate was published",
    "**": "no employment estimate was published",
    "#": "at or above the top-coded value",
}


@dataclass(frozen=True)
class Series:
    """A published series: who publishes it and how a figure from it is cited."""

    id: str
    agency: str
    title: str
    page: str  # the agency's page for one code: {code} (digits only), {year}

    def citation(self, vintage: str, code: str) -> str:
        return f"{self.agency}, {self.title}, {vintage}, {code}"

    def code_page(self, vintage: str, code: str) -> str:
        year = re.search(r"\d{4}", vintage)
        return self.page.format(code=code.replace("-", ""), year=year[0] if year else "")


SERIES = {
    "oews": Series(
        "oews",
        "BLS",
        "Occupational Employment and Wage Statistics",
        "https://www.bls.gov/oes/{year}/may/oes{code}.htm",
    ),
    "projections": Series(
        "projections",
        "BLS",
        "Employment Projections",
        "https://www.bls.gov/emp/tables/occupational-projections-and-characteristics.htm",
    ),
}


@dataclass(frozen=True)
class Record:
    """One occupation's figures in one file."""

    code: str
    title: str
    values: dict[str, Value] = field(default_factory=dict)  # a figure, or its marker

    def number(self, name: str) -> int | float | None:
        """The figure `name` when the file printed one (not a marker, not absent)."""
        value = self.values.get(name)
        return value if isinstance(value, int | float) else None

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if isinstance(value, str) and value not in MARKERS else None

    def marker(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if isinstance(value, str) and value in MARKERS else None


@dataclass(frozen=True)
class Dataset:
    """Everything imported from one published file."""

    series: str
    vintage: str  # 'May 2024' (wages), '2024–34' (projections)
    file: str  # the file's name as published
    url: str  # where the agency publishes it
    records: dict[str, Record]

    @property
    def name(self) -> str:
        return f"{self.series}-{slug(self.vintage)}"

    @property
    def order(self) -> tuple[int, ...]:
        """Vintages in time order: 'May 2024' < 'May 2025'; '2024–34' < '2026–36'."""
        return (*tuple(int(n) for n in re.findall(r"\d+", self.vintage)[:1]), _month(self.vintage))

    def citation(self, code: str) -> str:
        return SERIES[self.series].citation(self.vintage, code)

    def code_page(self, code: str) -> str:
        return SERIES[self.series].code_page(self.vintage, code)

    def as_yaml(self) -> str:
        head = (
            f"# Imported by `publisher data import` from {self.file}: edit the guides, not this\n"
            "# file. Figures are as the agency printed them; a marker stands for one it did not.\n"
        )
        body = {
            "series": self.series,
            "vintage": self.vintage,
            "file": self.file,
            "url": self.url,
            "records": {
                code: {"title": record.title, **dict(sorted(record.values.items()))}
                for code, record in sorted(self.records.items())
            },
        }
        return head + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("–", "-")).strip("-")


def _month(vintage: str) -> int:
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    found = re.search(r"[A-Za-z]{3}", vintage)
    return months.index(found[0].lower()) + 1 if found and found[0].lower() in months else 0


class DataError(PublisherError):
    """A dataset file in `data/` that cannot be read."""


def load_dataset(path: Path, display: str) -> Dataset:
    try:
        raw: Any = yaml_data(path.read_text(encoding="utf-8"))
        records = {
            str(code): Record(
                str(code),
                str(fields.pop("title")),
                {str(k): v for k, v in fields.items() if isinstance(v, int | float | str)},
            )
            for code, fields in (raw["records"] or {}).items()
        }
        dataset = Dataset(
            str(raw["series"]), str(raw["vintage"]), str(raw["file"]), str(raw["url"]), records
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise DataError(
            f"{display}: not a dataset written by `publisher data import` ({exc}); import the "
            "agency's file again"
        ) from None
    if dataset.series not in SERIES:
        raise DataError(f"{display}: unknown series {dataset.series!r}")
    return dataset


@dataclass(frozen=True)
class Datasets:
    """Every dataset of a project, oldest first within each series."""

    all: tuple[Dataset, ...] = ()

    def of(self, series: str) -> list[Dataset]:
        return sorted((d for d in self.all if d.series == series), key=lambda d: d.order)

    def find(
        self, series: str, code: str, vintage: str | None = None
    ) -> tuple[Dataset, Record] | None:
        """The record for `code`: of `vintage` when given, else of the newest dataset that
        has the code."""
        for dataset in reversed(self.of(series)):
            if vintage is not None and dataset.vintage != vintage:
                continue
            record = dataset.records.get(code)
            if record is not None:
                return dataset, record
        return None

    def vintages(self, series: str) -> list[str]:
        return [dataset.vintage for dataset in self.of(series)]

    def digest_parts(self) -> list[str]:
        """What the guides' figures depend on, for the build's keys."""
        return [dataset.as_yaml() for dataset in sorted(self.all, key=lambda d: d.name)]


DATA_SUFFIX = ".yaml"


def load_datasets(folder: Path, display: Any = str) -> Datasets:
    """Every dataset in `folder` (none when it does not exist)."""
    if not folder.is_dir():
        return Datasets()
    found = [
        load_dataset(path, display(path))
        for path in sorted(folder.glob(f"*{DATA_SUFFIX}"))
        if path.is_file()
    ]
    return Datasets(tuple(found))
