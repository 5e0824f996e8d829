"""Stage 4 (template), comparison sheets: two to four guides → the view their sheet prints.

Every figure is the handout's own (`views.quick_facts`, formatted the same way) with the
handout's source numbers and source lines, so a figure reads the same on both. Facts line up
by what they are (a row per label); a career without one gets a dash. The pay paths of all
careers go on one chart (`comparison_pay_plan`), so they share one axis by the salary chart's
own rules; the time splits are bars of one length, one per career.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from publisher.charts.chart import ChartPlan
from publisher.charts.figures import Image
from publisher.charts.salary import plan_salary
from publisher.guides.models import Guide, Step
from publisher.guides.pitch import card_pitch, first_sentence
from publisher.layout.views import (
    Fact,
    SourceLine,
    paths_reference_note,
    quick_facts,
    source_numbers,
)
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import ReferenceMedian

MIN_CAREERS, MAX_CAREERS = 2, 4
PAY_CHART_WIDTH_IN = 6.4


@dataclass(frozen=True)
class Share:
    activity: str
    percent: float
    text: str  # "25%", as the time-split chart prints it


@dataclass(frozen=True)
class Column:
    """One career's column."""

    slug: str
    title: str
    cluster_name: str
    pitch: str
    facts: dict[str, Fact]  # by label
    sources: list[SourceLine]  # those its facts and pay paths cite, numbered as on its handout
    pay_marks: tuple[int, ...]
    split: list[Share]
    steps: list[Step]
    first_jobs: list[str]
    signs_yes: list[str]
    signs_no: list[str]
    as_of: str


@dataclass(frozen=True)
class Comparison:
    """What `layouts/compare.html` prints."""

    columns: list[Column]
    fact_rows: list[str]  # fact labels in the handout's order, each a row
    pay: Image | None
    pay_note: str | None  # the all-jobs median's source line, when the chart draws it


@dataclass(frozen=True)
class Career:
    """A guide to compare: its slug, the guide and its field's display name."""

    slug: str
    guide: Guide
    cluster_name: str


def column(career: Career, fmt: Formatter, labels: Labels, draft: bool = False) -> Column:
    guide = career.guide
    numbers = source_numbers(guide)
    facts = quick_facts(guide, fmt, labels)
    refs = {ref for path in guide.numbers.salary_paths for ref in path.sources}
    pay_marks = tuple(sorted(numbers[ref] for ref in refs if ref in numbers))
    cited = {mark for fact in facts for mark in fact.marks} | set(pay_marks)
    return Column(
        slug=career.slug,
        title=guide.title,
        cluster_name=career.cluster_name,
        pitch=card_pitch(guide) or first_sentence(guide.summary),
        facts={fact.label: fact for fact in facts},
        sources=[SourceLine(numbers[s.id], s) for s in guide.sources if numbers[s.id] in cited],
        pay_marks=pay_marks,
        split=[
            Share(s.activity, s.percent, fmt.percent(s.percent))
            for s in guide.work.time_split
            if s.percent > 0
        ],
        steps=list(guide.getting_in.steps) if guide.getting_in else [],
        first_jobs=list(guide.getting_in.first_jobs) if guide.getting_in else [],
        signs_yes=list(guide.fit.signs_yes),
        signs_no=list(guide.fit.signs_no),
        as_of=fmt.month(guide.as_of) if guide.as_of and not draft else "",
    )


def comparison_pay_plan(
    careers: Sequence[Career],
    fmt: Formatter,
    labels: Labels,
    reference: ReferenceMedian | None,
) -> ChartPlan | None:
    """Every career's pay paths on one salary chart, each named for its career: one shared
    axis (linear from zero, log only past the salary chart's own limit, and said so)."""
    paths = [
        path.model_copy(
            update={
                "label": labels.format("compare_pay_path", career=c.guide.title, path=path.label)
            }
        )
        for c in careers
        for path in c.guide.numbers.salary_paths
    ]
    if not any(p.low is not None or p.median is not None or p.high is not None for p in paths):
        return None
    return plan_salary(paths, fmt, labels, reference, PAY_CHART_WIDTH_IN)


def pay_note(
    careers: Sequence[Career], reference: ReferenceMedian | None, fmt: Formatter, labels: Labels
) -> str | None:
    """The all-jobs median's source line, as a handout prints it under its salary chart."""
    paths = [path for c in careers for path in c.guide.numbers.salary_paths]
    return paths_reference_note(paths, reference, fmt, labels)


# The quick facts in the handout's order (`views.quick_facts`): a row each on the sheet.
FACT_ORDER = (
    "fact_median_pay",
    "fact_median_pay_hour",
    "fact_growth",
    "fact_jobs",
    "fact_entry_education",
    "fact_soc",
)


def build_comparison(
    columns: list[Column], pay: Image | None, note: str | None, labels: Labels
) -> Comparison:
    order = [labels[key] for key in FACT_ORDER]
    found = {label for col in columns for label in col.facts}
    rows = [label for label in order if label in found]
    rows += sorted(found - set(rows))
    return Comparison(columns, rows, pay, note)
