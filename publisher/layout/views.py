"""Stage 4 (template), part 1: a guide → the typed view its spread prints.

Everything a template shows is computed here — formatted figures, source numbers, related
titles — so the Jinja templates only place things. A figure always travels with the numbers of
its sources, which the page lists in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from publisher.charts.figures import Image
from publisher.charts.salary import compares_with_reference, reference_as_bar
from publisher.guides.models import Guide, SalaryPath, Source
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import ReferenceMedian


@dataclass(frozen=True)
class Fact:
    """One cell of the quick-facts band: a label above a large value."""

    label: str
    value: str
    note: str
    marks: tuple[int, ...]


@dataclass(frozen=True)
class SourceLine:
    number: int
    source: Source


@dataclass(frozen=True)
class Related:
    title: str
    slug: str
    page: int | None = None  # in a booklet that holds it: where its spread starts


@dataclass(frozen=True)
class DayItem:
    clock: str
    title: str
    text: str


@dataclass(frozen=True)
class Spread:
    """The view of one guide that the spread partial renders."""

    slug: str
    guide: Guide
    cluster_name: str
    as_of: str
    facts: list[Fact]
    front_sources: list[SourceLine]
    sources: list[SourceLine]
    growth: str | None
    growth_marks: tuple[int, ...]
    salary_marks: tuple[int, ...]
    day: list[DayItem]
    related: list[Related]
    charts: dict[str, Image]
    qr: Image | None
    url: str | None
    reference_note: str | None = None
    salary_title: str = ""
    getting_in_marks: tuple[int, ...] = ()
    draft: bool = False  # printed marked DRAFT, with no "Data as of" claim


def source_numbers(guide: Guide) -> dict[str, int]:
    return {source.id: index for index, source in enumerate(guide.sources, start=1)}


def _marks(numbers: dict[str, int], refs: list[str]) -> tuple[int, ...]:
    return tuple(sorted({numbers[ref] for ref in refs if ref in numbers}))


def quick_facts(guide: Guide, fmt: Formatter, labels: Labels) -> list[Fact]:
    """The facts the guide has sources for, in the Occupational Outlook Handbook's order."""
    numbers = source_numbers(guide)
    facts = guide.quick_facts
    cells: list[Fact] = []
    pay = facts.median_pay
    if pay is not None and pay.amount is not None:
        label = labels["fact_median_pay_hour" if pay.period == "hour" else "fact_median_pay"]
        cells.append(
            Fact(
                label,
                fmt.money(pay.amount, pay.currency),
                pay.year or "",
                _marks(numbers, pay.sources),
            )
        )
    growth = guide.numbers.growth
    if growth:
        cells.append(
            Fact(
                labels["fact_growth"],
                growth_text(guide, fmt) or "",
                growth.period or "",
                _marks(numbers, growth.sources),
            )
        )
    jobs = facts.jobs
    if jobs is not None and jobs.count is not None:
        cells.append(
            Fact(
                labels["fact_jobs"],
                fmt.number(jobs.count),
                jobs.year or "",
                _marks(numbers, jobs.sources),
            )
        )
    education = facts.entry_education
    if education is not None and education.value:
        cells.append(
            Fact(
                labels["fact_entry_education"],
                education.value,
                "",
                _marks(numbers, education.sources),
            )
        )
    if facts.soc:
        cells.append(Fact(labels["fact_soc"], ", ".join(facts.soc), facts.soc_note or "", ()))
    return cells


def growth_text(guide: Guide, fmt: Formatter) -> str | None:
    growth = guide.numbers.growth
    if growth is None:
        return None
    if growth.percent is not None:
        return fmt.percent(growth.percent, signed=True)
    if growth.low is not None and growth.high is not None:
        return fmt.percent_range(growth.low, growth.high)
    return None


def build_spread(
    slug: str,
    guide: Guide,
    *,
    fmt: Formatter,
    labels: Labels,
    cluster_name: str,
    related_titles: dict[str, str],
    charts: dict[str, Image],
    qr: Image | None,
    url: str | None,
    pages: dict[str, int] | None = None,
    reference: ReferenceMedian | None = None,
    draft: bool = False,
) -> Spread:
    numbers = source_numbers(guide)
    facts = quick_facts(guide, fmt, labels)
    getting_in_marks = _marks(numbers, guide.getting_in.sources) if guide.getting_in else ()
    front_ids = sorted({mark for fact in facts for mark in fact.marks} | set(getting_in_marks))
    lines = [SourceLine(numbers[s.id], s) for s in guide.sources]
    growth = guide.numbers.growth
    salary_refs = [ref for path in guide.numbers.salary_paths for ref in path.sources]
    return Spread(
        slug=slug,
        guide=guide,
        cluster_name=cluster_name,
        as_of=fmt.month(guide.as_of) if guide.as_of and not draft else "",
        draft=draft,
        facts=facts,
        front_sources=[line for line in lines if line.number in front_ids],
        sources=lines,
        growth=growth_text(guide, fmt),
        growth_marks=_marks(numbers, growth.sources) if growth else (),
        salary_marks=_marks(numbers, salary_refs),
        day=[DayItem(fmt.clock(b.time), b.title, b.text) for b in guide.day.blocks],
        related=[
            Related(related_titles.get(r, r.replace("-", " ").title()), r, (pages or {}).get(r))
            for r in guide.related
        ],
        charts=charts,
        qr=qr,
        url=url,
        reference_note=reference_note(guide, reference, fmt, labels),
        getting_in_marks=getting_in_marks,
        salary_title=labels[
            "chart_salary"
            if any(p.low is not None and p.high is not None for p in guide.numbers.salary_paths)
            else "chart_salary_median"
        ],
    )


def reference_note(
    guide: Guide, reference: ReferenceMedian | None, fmt: Formatter, labels: Labels
) -> str | None:
    """The source line of the all-jobs median on the salary chart (drawn for yearly pay only):
    a grey bar beside a lone median, a dashed line otherwise."""
    return paths_reference_note(guide.numbers.salary_paths, reference, fmt, labels)


def paths_reference_note(
    paths: Sequence[SalaryPath], reference: ReferenceMedian | None, fmt: Formatter, labels: Labels
) -> str | None:
    """The all-jobs median's source line for a chart of these pay paths (one guide's, or a
    comparison's), or None when the chart does not draw the median."""
    if reference is None or not any(compares_with_reference(p, reference) for p in paths):
        return None
    return labels.format(
        "chart_reference_bar_note"
        if reference_as_bar(paths, reference)
        else "chart_reference_note",
        label=reference.label,
        amount=fmt.money(reference.amount, reference.currency),
        year=reference.year,
        source=reference.source,
    )
