"""A guide → its chart plans: what each chart shows, at what size (no matplotlib)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from publisher.charts.chart import ChartPlan
from publisher.charts.day import plan_day
from publisher.charts.salary import plan_salary
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


def plan_charts(
    guide: Guide,
    formatter: Formatter,
    labels: Labels,
    reference: ReferenceMedian | None = None,
    sizes: ChartSizes = DEFAULT_SIZES,
) -> dict[str, ChartPlan]:
    """The guide's charts by name ('time-split', 'salary', 'day'); no salary without paths."""
    plans = [
        plan_time_split(guide.work.time_split, formatter, labels, *sizes.time_split),
        plan_day(guide.day, formatter, labels, width_in=sizes.day[0], height_in=sizes.day[1]),
    ]
    if guide.numbers.salary_paths:
        paths = guide.numbers.salary_paths
        plans.insert(1, plan_salary(paths, formatter, labels, reference, sizes.salary_width))
    return {plan.name: plan for plan in plans}
