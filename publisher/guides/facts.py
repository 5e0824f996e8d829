"""Stage 2 (validate), figures: a guide's figures linked to the agency's own data.

A figure names its sources by id. A source with a `series` and a `code` cites a dataset
imported into `data/` (`publisher.data`): every figure that cites it is compared with the
dataset, or taken from it when the guide leaves it out, and the source's printed citation
("BLS, Occupational Employment and Wage Statistics", the vintage, the agency's page for the
code) is made from it. A figure is read against the vintage it names (a pay path's `year`),
else the newest that has its code; a newer vintage with the code makes it stale.

Which figure is which dataset figure:

    pay path (oews)          low, median, high → 10th percentile, median, 90th percentile
                             (per hour: median → hourly median); year → survey month
    median pay (oews)        amount → median (annual or hourly); year → survey month
    growth (projections)     percent → percent change; period → the projection decade
    jobs (projections)       count → employment at the start of the decade; year → that year
    entry education (proj.)  value → typical education needed for entry
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from publisher.data.dataset import MARKERS, Dataset, Datasets, Record
from publisher.errors import Problem
from publisher.guides.loader import FieldPath, RawDocument
from publisher.guides.models import Guide, Source

SERIES_NAMES = {"oews": "OEWS", "projections": "Employment Projections"}


@dataclass(frozen=True)
class Link:
    """One figure of a guide tied to one figure of a dataset."""

    at: FieldPath  # where the figure is (or would be) in the guide
    source: str  # the id of the series source it cites
    series: str
    code: str
    figure: str  # its name in the dataset, e.g. 'annual_median'
    written: Any  # the guide's value; None when left to the dataset
    vintage_at: FieldPath | None  # where the figure's date is written (a path's `year`)
    vintage: str | None  # the vintage the guide names for it


@dataclass
class Linked:
    """A guide with its figures linked: the guide to print, problems, and each link with
    the dataset value it was read against (for `check` across guides and `data refresh`)."""

    guide: Guide
    problems: list[Problem] = field(default_factory=list)
    links: list[tuple[Link, Dataset, Record]] = field(default_factory=list)


def link_figures(guide: Guide, raw: RawDocument, datasets: Datasets) -> Linked:
    """Check every series-cited figure against `datasets`, fill the ones left out, and make
    the series sources' citations."""
    result = Linked(guide)
    data = guide.model_dump(mode="python")
    for link in guide_links(guide):
        found = _reference(link, datasets, raw, result.problems)
        if found is None:
            continue
        dataset, record = found
        result.links.append((link, dataset, record))
        _compare(link, dataset, record, raw, data=data, problems=result.problems)
    used: dict[str, list[str]] = {}  # source id → the vintages its figures were read against
    for link, dataset, _ in result.links:
        if dataset.vintage not in used.setdefault(link.source, []):
            used[link.source].append(dataset.vintage)
    data["sources"] = [
        _cite(source, datasets, used.get(source.id, []), (raw, index, result.problems))
        for index, source in enumerate(guide.sources)
    ]
    result.guide = Guide.model_validate(data)
    return result


def _series_sources(guide: Guide, refs: list[str], wanted: str) -> list[Source]:
    cited = [guide.source(ref) for ref in refs]
    return [s for s in cited if s is not None and s.series == wanted and s.code]


def guide_links(guide: Guide) -> Iterator[Link]:
    """Every figure that cites a series source, with the dataset figure it stands for."""
    for index, path in enumerate(guide.numbers.salary_paths):
        at: FieldPath = ("numbers", "salary_paths", index)
        for source in _series_sources(guide, path.sources, "oews"):
            assert source.code is not None
            figures = (
                {"median": "hourly_median", "low": "hourly_p10", "high": "hourly_p90"}
                if path.period == "hour"
                else {"low": "annual_p10", "median": "annual_median", "high": "annual_p90"}
            )
            for name, figure in figures.items():
                written = getattr(path, name)
                if written is None and name != "median" and _written_any(path):
                    continue  # a path may print fewer figures than the dataset has
                yield Link(
                    (*at, name),
                    source.id,
                    "oews",
                    source.code,
                    figure,
                    written,
                    (*at, "year"),
                    path.year,
                )
    for at, field_name, date_name, series, named in SINGLE_FIGURES:
        block: Any = guide
        for key in at:
            block = getattr(block, key)
        if block is None:
            continue
        hourly = getattr(block, "period", None) == "hour"  # median pay: per year or per hour
        figure = named or ("hourly_median" if hourly else "annual_median")
        for source in _series_sources(guide, block.sources, series):
            assert source.code is not None
            yield Link(
                (*at, field_name),
                source.id,
                series,
                source.code,
                figure,
                getattr(block, field_name),
                (*at, date_name) if date_name else None,
                getattr(block, date_name) if date_name else None,
            )


# Figures of one value: where, its field, its date's field, the series, the dataset figure.
SINGLE_FIGURES: tuple[tuple[tuple[str, str], str, str | None, str, str | None], ...] = (
    (("quick_facts", "median_pay"), "amount", "year", "oews", None),
    (("numbers", "growth"), "percent", "period", "projections", "percent_change"),
    (("quick_facts", "jobs"), "count", None, "projections", "employment_start"),
    (("quick_facts", "entry_education"), "value", None, "projections", "entry_education"),
)


def _written_any(path: Any) -> bool:
    return any(getattr(path, name) is not None for name in ("low", "median", "high"))


def _reference(
    link: Link, datasets: Datasets, raw: RawDocument, problems: list[Problem]
) -> tuple[Dataset, Record] | None:
    name = SERIES_NAMES[link.series]
    if not datasets.of(link.series):
        problems.append(
            raw.problem(
                link.at,
                f"cites the {name} series, but no {name} data is imported",
                "run `publisher data import FILE` with the agency's file",
            )
        )
        return None
    vintage = link.vintage if link.series == "oews" else None
    found = datasets.find(link.series, link.code, vintage)
    if found is None:
        where = f"{name} {link.vintage}" if vintage else f"the imported {name} data"
        known = ", ".join(datasets.vintages(link.series))
        problems.append(
            raw.problem(
                link.vintage_at if vintage and link.vintage_at else link.at,
                f"{where} has no occupation {link.code}",
                f"imported: {name} {known}; check the code, or cite another source",
            )
        )
        return None
    newest = datasets.find(link.series, link.code)
    if newest is not None and newest[0].order > found[0].order:
        problems.append(
            raw.warning(
                link.vintage_at or link.at,
                f"{name} {newest[0].vintage} is imported and has {link.code}; this figure is "
                f"from {found[0].vintage}",
                "run `publisher data refresh` to see what would change",
            )
        )
    return found


def _compare(
    link: Link,
    dataset: Dataset,
    record: Record,
    raw: RawDocument,
    *,
    data: dict[str, Any],
    problems: list[Problem],
) -> None:
    name = f"{SERIES_NAMES[link.series]} {dataset.vintage}"
    value: Any = (
        record.text(link.figure) if link.figure == "entry_education" else record.number(link.figure)
    )
    if value is None:
        marker = record.marker(link.figure)
        why = f"marks it '{marker}' ({MARKERS[marker]})" if marker else "has no such figure"
        if link.written is not None:
            problems.append(
                raw.problem(
                    link.at,
                    f"{_show(link.written)} is cited to {name} for {link.code}, which {why}",
                    "print only what the series publishes: remove this figure, or cite the "
                    "source it really comes from",
                )
            )
        elif link.at[-1] in ("median", "amount", "percent", "count", "value"):
            problems.append(
                raw.problem(
                    link.at,
                    f"left to the data, but {name} for {link.code} {why}",
                    "write the figure with its own source, or leave the figure out",
                )
            )
        return
    if link.written is None:
        _put(data, link.at, value)
    elif not _same(link.written, value):
        problems.append(
            raw.problem(
                link.at,
                f"{_show(link.written)} differs from {name} for {link.code}: {_show(value)}",
                "print the series' value (or leave it out here: it is then taken from the data)",
            )
        )
    if link.vintage_at is not None:
        period = record.text("period") if link.series == "projections" else dataset.vintage
        if link.vintage is None:
            _put(data, link.vintage_at, period)
        elif link.series == "projections" and link.vintage != period:
            problems.append(
                raw.problem(
                    link.vintage_at,
                    f"the period {link.vintage!r} is not the {name} decade ({period})",
                    f"write {period!r}",
                )
            )
    if link.figure == "employment_start":
        _put_default(data, (*link.at[:-1], "year"), dataset.vintage[:4])


def _same(written: Any, value: Any) -> bool:
    if isinstance(written, int | float) and isinstance(value, int | float):
        return abs(float(written) - float(value)) < 1e-9
    return bool(written == value)


def _show(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    if isinstance(value, int | float):
        return f"{int(value):,}"
    return repr(value)


def _put(data: dict[str, Any], at: FieldPath, value: Any) -> None:
    target: Any = data
    for key in at[:-1]:
        target = target[key]
    target[at[-1]] = value


def _put_default(data: dict[str, Any], at: FieldPath, value: Any) -> None:
    target: Any = data
    for key in at[:-1]:
        target = target[key]
    if target.get(at[-1]) is None:
        target[at[-1]] = value


def _cite(
    source: Source,
    datasets: Datasets,
    vintages: list[str],
    where: tuple[RawDocument, int, list[Problem]],
) -> dict[str, Any]:
    """A source as the page prints it: a series source's citation comes from its dataset,
    dated by the vintages its figures were read against."""
    raw, index, problems = where
    fields = source.model_dump(mode="python")
    if source.series is None:
        return fields
    at: FieldPath = ("sources", index)
    for written in ("name", "url", "date"):
        if getattr(source, written) is not None:
            problems.append(
                raw.problem(
                    (*at, written),
                    f"a `series` source's {written} comes from the data; do not write it",
                    f"remove `{written}:` (a page that quotes it goes under checked_against)",
                )
            )
    if not source.code:
        problems.append(raw.problem(at, "a `series` source needs the occupation `code`"))
        return fields
    found = datasets.find(source.series, source.code)
    if found is None:
        return fields  # (each figure that cites it says so)
    dataset, _ = found
    if vintages:
        dataset = next(d for d in datasets.of(source.series) if d.vintage == vintages[-1])
    fields["name"] = dataset.citation(source.code).rsplit(", ", 2)[0]
    fields["date"] = ", ".join(vintages) or dataset.vintage
    fields["url"] = dataset.code_page(source.code)
    return fields


@dataclass(frozen=True)
class Printed:
    """A figure as a guide prints it, with what makes two guides' figures the same fact."""

    fact: tuple[str, str, str]  # code, what ('annual median', 'growth', …), year or period
    value: Any
    at: FieldPath


def printed_figures(guide: Guide) -> Iterator[Printed]:
    """The figures of a (linked) guide that name an occupation code through their sources."""

    def codes(refs: list[str]) -> list[str]:
        return [s.code for s in (guide.source(ref) for ref in refs) if s is not None and s.code]

    for index, path in enumerate(guide.numbers.salary_paths):
        if path.median is not None and path.period == "year":
            for code in codes(path.sources):
                at = ("numbers", "salary_paths", index, "median")
                yield Printed((code, "median pay", path.year or ""), path.median, at)
    pay = guide.quick_facts.median_pay
    if pay is not None and pay.amount is not None and pay.period == "year":
        for code in codes(pay.sources):
            yield Printed(
                (code, "median pay", pay.year or ""), pay.amount, ("quick_facts", "median_pay")
            )
    growth = guide.numbers.growth
    if growth is not None:
        value = growth.percent if growth.percent is not None else (growth.low, growth.high)
        for code in codes(growth.sources):
            yield Printed((code, "growth", growth.period or ""), value, ("numbers", "growth"))
    jobs = guide.quick_facts.jobs
    if jobs is not None and jobs.count is not None:
        for code in codes(jobs.sources):
            yield Printed((code, "jobs", jobs.year or ""), jobs.count, ("quick_facts", "jobs"))
