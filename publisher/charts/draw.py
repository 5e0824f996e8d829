"""A guide → its chart plans, and the charts drawn from them (or read from the cache)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from publisher.charts.cache import ChartCache
from publisher.charts.chart import Chart, ChartPlan
from publisher.charts.day import plan_day
from publisher.charts.salary import plan_salary
from publisher.charts.timesplit import plan_time_split
from publisher.formatting import Formatter
from publisher.labels import Labels
from publisher.models import Guide

if TYPE_CHECKING:
    from publisher.project import ReferenceMedian


@dataclass(frozen=True)
class ChartSizes:
    """Print sizes in inches; the salary chart is as tall as its paths need."""

    time_split: tuple[float, float] = (3.4, 2.3)
    salary_width: float = 3.4
    day: tuple[float, float] = (7.0, 1.1)


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


def draw_charts(
    guide: Guide,
    formatter: Formatter,
    labels: Labels,
    reference: ReferenceMedian | None = None,
    *,
    sizes: ChartSizes = DEFAULT_SIZES,
    cache: ChartCache | None = None,
) -> dict[str, Chart]:
    """Every chart of the guide, drawn (or read from `cache` when given)."""
    plans = plan_charts(guide, formatter, labels, reference, sizes)
    return {name: cache.chart(plan) if cache else plan.chart() for name, plan in plans.items()}
