"""`publisher data import`: the agency's files → datasets in `data/`, and what changed.

A file is recognised by its columns: the OEWS national file, or the Employment Projections
occupation table. Its dataset replaces one of the same series and vintage, and the report
compares it with that one, or else with the newest earlier vintage of the series.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publisher.data.dataset import DATA_SUFFIX, Dataset, Datasets, Value
from publisher.data.oews import read_oews
from publisher.data.projections import read_projections
from publisher.data.tables import TableError
from publisher.output import write_atomic


@dataclass(frozen=True)
class Change:
    code: str
    figure: str
    old: Value | None
    new: Value | None


@dataclass
class Imported:
    """One file imported: where its dataset went, and what changed against `against`."""

    dataset: Dataset
    path: Path
    against: str | None  # the vintage compared with (None: the series' first import)
    changes: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def read_published(path: Path) -> Dataset:
    """The dataset in one published file, whichever series it is."""
    if not path.is_file():
        raise TableError(f"{path}: no such file")
    failures = []
    for reader in (read_oews, read_projections):
        try:
            return reader(path)
        except TableError as exc:
            failures.append(str(exc))
    raise TableError(
        f"{path.name}: neither the OEWS national file nor the Employment Projections "
        "occupation table:\n  " + "\n  ".join(failures)
    )


def import_files(files: list[Path], folder: Path, existing: Datasets) -> list[Imported]:
    """Read every file first (one that fails stops the import before anything is written),
    then write each dataset and compare it with what was there."""
    datasets = [read_published(path) for path in files]
    reports = []
    for dataset in datasets:
        previous = _previous(existing, dataset)
        target = folder / f"{dataset.name}{DATA_SUFFIX}"
        write_atomic(target, dataset.as_yaml().encode("utf-8"))
        report = Imported(dataset, target, previous.vintage if previous else None)
        if previous is not None:
            _compare(previous, dataset, report)
        reports.append(report)
    return reports


def _previous(existing: Datasets, dataset: Dataset) -> Dataset | None:
    same = [d for d in existing.of(dataset.series) if d.vintage == dataset.vintage]
    older = [d for d in existing.of(dataset.series) if d.order < dataset.order]
    return same[0] if same else (older[-1] if older else None)


def _compare(old: Dataset, new: Dataset, report: Imported) -> None:
    report.added = sorted(set(new.records) - set(old.records))
    report.removed = sorted(set(old.records) - set(new.records))
    for code in sorted(set(old.records) & set(new.records)):
        before, after = old.records[code].values, new.records[code].values
        for figure in sorted(set(before) | set(after)):
            if figure == "period":
                continue
            if before.get(figure) != after.get(figure):
                report.changes.append(Change(code, figure, before.get(figure), after.get(figure)))
