"""Salary ranges: a guide's pay paths → one horizontal bar per path on a shared pay axis.

The axis is linear from zero, so twice the length is twice the pay, as a reader expects. Only
a panel whose figures span more than `LOG_ABOVE` times gets a log axis, and then it says so
("log scale") under its ticks. Values are printed at the bars, so the ticks only set the
scale. Hourly pay cannot share an axis with yearly pay: paths are grouped into panels by
period and currency, each with its own scale and a heading when there is more than one (or
when it is hourly pay, so a lone hourly panel still says "per hour").

A range is a bar from its low to its high with the median marked; an open-ended top ends in
an arrowhead whose tip is the top value ("$500K+"), never past it. A path with only a median
is a solid bar from zero to that median, compared the way the Occupational Outlook Handbook
does it: a grey bar for all occupations just beneath it, on the same axis. A panel without
such a path marks the all-occupations median with a dashed line instead. A panel of lone
medians with nothing to compare against (hourly pay) is not an axis at all but a short
"number" panel: each figure, large, with its period ("$42 per hour").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from publisher.charts.chart import ChartPlan
from publisher.charts.style import Format
from publisher.guides.models import SalaryPath
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels

if TYPE_CHECKING:
    from publisher.project.settings import ReferenceMedian

NAME = "salary"
WIDTH_IN = 3.4
LOG_ABOVE = 10.0  # a panel whose figures span more than this factor gets a (labelled) log axis
TICK_STEPS = (1, 2, 5)  # log axis: always tried
FINE_STEPS = (1.5, 3, 7)  # log axis: added when a narrow scale would show fewer than three ticks
LINEAR_STEPS = (1, 2, 2.5, 5)  # linear axis: tick steps, times a power of ten
AXIS_ROOM = 1.6  # a linear axis never runs further than this times its largest figure


@dataclass(frozen=True)
class PayRow:
    label: str
    low: float | None
    median: float | None
    high: float | None
    open_top: bool
    low_text: str | None
    median_text: str | None  # "median $66K"
    high_text: str | None  # "$500K+" when open-ended
    note: str | None = None  # "median only; range not published", for a lone median
    median_amount: str | None = None  # "$42": a lone median's figure, printed large

    @property
    def median_only(self) -> bool:
        return self.median is not None and self.low is None and self.high is None


@dataclass(frozen=True)
class Reference:
    amount: float
    text: str  # "All jobs: $50K (May 2024)", beside the dashed line or the grey bar


Ticks = tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class PayPanel:
    """Paths that share one scale (same period and currency)."""

    heading: str | None
    rows: tuple[PayRow, ...]
    reference: Reference | None
    ticks: Ticks  # log axis: 1-2-5 candidates; those inside the scale are drawn
    fine_ticks: Ticks  # log axis: in-between values for narrow scales
    per: str = ""  # "per year", "per hour"
    log: bool = False  # figures spanning more than LOG_ABOVE times
    log_label: str = ""  # "log scale", printed under a log axis
    steps: tuple[Ticks, ...] = ()  # linear axis: tick candidates for each step, finest first

    @property
    def numbers_only(self) -> bool:
        """Nothing to draw on an axis: every path a lone median, and no reference."""
        return self.reference is None and all(row.median_only for row in self.rows)

    @property
    def reference_bar(self) -> bool:
        """The all-occupations median as a grey bar under each lone median, not a line."""
        return self.reference is not None and any(row.median_only for row in self.rows)


@dataclass(frozen=True)
class Salary:
    panels: tuple[PayPanel, ...]

    def draw(self, width_in: float, height_in: float | None, fmt: Format, salt: str) -> bytes:
        from publisher.charts.salary_draw import draw_salary

        return draw_salary(self, width_in, fmt, salt)


def compares_with_reference(path: SalaryPath, reference: ReferenceMedian | None) -> bool:
    """Whether the path's panel draws the all-occupations median (yearly pay, same currency)."""
    return reference is not None and path.period == "year" and path.currency == reference.currency


def reference_as_bar(paths: Sequence[SalaryPath], reference: ReferenceMedian | None) -> bool:
    """Whether the chart draws the all-occupations median as a grey bar rather than a dashed
    line: it does when a path compared with it has a median only."""
    return any(
        compares_with_reference(path, reference)
        and path.median is not None
        and path.low is None
        and path.high is None
        for path in paths
    )


def plan_salary(
    paths: Sequence[SalaryPath],
    formatter: Formatter,
    labels: Labels,
    reference: ReferenceMedian | None = None,
    width_in: float = WIDTH_IN,
) -> ChartPlan:
    """Plan the pay bars; raises ValueError when no path has any figure."""
    groups: dict[tuple[str, str], list[SalaryPath]] = {}
    for path in paths:
        if any(value is not None for value in (path.low, path.median, path.high)):
            groups.setdefault((path.period, path.currency), []).append(path)
    if not groups:
        raise ValueError("the salary chart needs at least one pay path with a figure")
    currencies = {currency for _, currency in groups}
    panels, items = [], []
    for (period, currency), members in groups.items():
        per = labels["per_hour" if period == "hour" else "per_year"]
        heading = None
        if len(groups) > 1 or period == "hour":
            heading = per if len(currencies) == 1 else f"{currency} {per}"
        rows = tuple(_row(path, formatter, labels) for path in members)
        ref = None
        if reference and compares_with_reference(members[0], reference):
            amount = formatter.money_short(reference.amount, reference.currency)
            text = labels.format(
                "chart_reference", label=reference.label, amount=amount, year=reference.year
            )
            ref = Reference(reference.amount, text)
        values = [v for row in rows for v in (row.low, row.median, row.high) if v is not None]
        log = max(values) > LOG_ABOVE * min(values)
        if log:
            low, high = min(values) / 10, max(values) * 10
            ticks, fine = (
                tuple((v, formatter.money_short(v, currency)) for v in _tick_values(low, high, s))
                for s in (TICK_STEPS, FINE_STEPS)
            )
            steps: tuple[Ticks, ...] = ()
        else:
            top = max([*values, ref.amount] if ref else values)
            ticks, fine = (), ()
            steps = tuple(
                tuple((v, formatter.money_short(v, currency)) for v in multiples)
                for multiples in _linear_ticks(top)
            )
        log_label = labels["chart_log_scale"] if log else ""
        panel = PayPanel(heading, rows, ref, ticks, fine, per, log, log_label, steps)
        panels.append(panel)
        suffix = f" {per}" if period == "hour" else ""
        items += [_alt_item(row, labels, suffix) for row in rows]
        if ref:
            items.append(ref.text)
        if log:
            items.append(log_label)
    alt = labels.format("chart_salary_alt", items="; ".join(items))
    return ChartPlan(NAME, Salary(tuple(panels)), alt, width_in)


def _row(path: SalaryPath, formatter: Formatter, labels: Labels) -> PayRow:
    def short(value: float | None, open_top: bool = False) -> str | None:
        return None if value is None else formatter.money_short(value, path.currency, open_top)

    median = short(path.median)
    median_only = path.median is not None and path.low is None and path.high is None
    return PayRow(
        path.label,
        path.low,
        path.median,
        path.high,
        path.open_top and path.high is not None,
        short(path.low),
        labels.format("chart_median_value", amount=median) if median else None,
        short(path.high, path.open_top),
        labels["chart_median_only"] if median_only else None,
        median if median_only else None,
    )


def _alt_item(row: PayRow, labels: Labels, suffix: str) -> str:
    if row.low_text and row.high_text:
        key = "chart_range_open" if row.open_top else "chart_range"
        span = labels.format(key, low=row.low_text, high=row.high_text)
    else:
        span = row.low_text or row.high_text or ""
    parts = [f"{row.label} {span}".strip()]
    if row.median_text:
        parts.append(row.median_text)
    parts[-1] += suffix
    if row.median_only:
        parts.append(labels["chart_median_only_alt"])
    return ", ".join(parts)


def _tick_values(low: float, high: float, steps: tuple[float, ...]) -> list[float]:
    values = []
    for exponent in range(math.floor(math.log10(max(low, 1))), math.ceil(math.log10(high)) + 1):
        values += [step * 10.0**exponent for step in steps]
    return [value for value in values if low <= value <= high]


def _linear_ticks(top: float) -> list[list[float]]:
    """For each round step that gives two to ten ticks up to `top`, finest first: its
    multiples from zero to as far as the axis may run."""
    found = []
    for exponent in range(math.floor(math.log10(top)) - 1, math.floor(math.log10(top)) + 1):
        for step in (s * 10.0**exponent for s in LINEAR_STEPS):
            if 1 <= top / step <= 10:
                count = math.floor(top * AXIS_ROOM / step)
                found.append([step * k for k in range(count + 1)])
    return found
