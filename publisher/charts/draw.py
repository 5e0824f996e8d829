"""A guide → its chart plans: what each chart shows, at what size (no matplotlib)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from publisher.charts.chart import ChartPlan
from publisher.charts.day import plan_day
from publisher.charts.salary import plan_salary
from publisher.charts.style import LARGE_PRINT_STYLE, STANDARD_STYLE, ChartStyle
from publisher.charts.timesplit import plan_time_split
from publisher.guides.models import Guide
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels

if TYPE_CHECKING:
    from publisher.project.settings import ReferenceMedian


@dataclass(frozen=True)
class ChartSizes:
    """Print sizes in inches, as the spread's layout places them; the salary chart is as tall
    as its paths need."""

    time_split: tuple[float, float] = (3.1, 2.1)  # the right column of "The work"
    salary_width: float = 3.1  # the right column of "The numbers"
    day: tuple[float, float] = (7.3, 1.0)  # the full measure of a Letter page


DEFAULT_SIZES = ChartSizes()
# Large print: one column, the charts at twice their standard type (`LARGE_PRINT_STYLE`). The
# day, under 5 in at its standard size, stands as a column; the others keep their shapes.
LARGE_PRINT_SIZES = ChartSizes(time_split=(5.6, 3.6), salary_width=7.3, day=(7.3, 2.0))


def plan_charts(
    guide: Guide,
    formatter: Formatter,
    labels: Labels,
    reference: ReferenceMedian | None = None,
    sizes: ChartSizes = DEFAULT_SIZES,
    *,
    style: ChartStyle = STANDARD_STYLE,
) -> dict[str, ChartPlan]:
    """The guide's charts by name ('time-split', 'salary', 'day'); no salary without paths.
    `sizes` are the printed sizes; `style` how large the type and lines are drawn."""
    plans = [
        plan_time_split(guide.work.time_split, formatter, labels, *sizes.time_split),
        plan_day(guide.day, formatter, labels, width_in=sizes.day[0], height_in=sizes.day[1]),
    ]
    if guide.numbers.salary_paths:
        paths = guide.numbers.salary_paths
        plans.insert(1, plan_salary(paths, formatter, labels, reference, sizes.salary_width))
    return {plan.name: replace(plan, style=style) for plan in plans}


def large_print_charts(
    guide: Guide,
    formatter: Formatter,
    labels: Labels,
    reference: ReferenceMedian | None = None,
) -> dict[str, ChartPlan]:
    """The guide's charts for a large-print page: one column wide, type at body size."""
    return plan_charts(
        guide, formatter, labels, reference, LARGE_PRINT_SIZES, style=LARGE_PRINT_STYLE
    )
