"""Salary ranges: a guide's pay paths → one horizontal range bar per path on a log scale.

A log scale gives equal raises equal length, so a $34K–$105K job and a $150K–$500K+ gamble are
both legible on one 3.4 in axis (a linear one squeezes the first into a stub; a broken axis
hides how far apart the two roads are). Values are printed at the bars, so the ticks only set
the scale. Hourly pay cannot share an axis with yearly pay: paths are grouped into panels by
period and currency, each with its own scale and a heading when there is more than one (or
when it is hourly pay, so a lone hourly panel still says "per hour").

A path with only a median has no range to draw: it gets a marker with its value in bold and a
note that the range is not published. A panel of such paths with no reference line to compare
against is not an axis at all but a short "number" panel: each path's figure, large, with its
period ("$42 per hour").
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
TICK_STEPS = (1, 2, 5)  # always tried
FINE_STEPS = (1.5, 3, 7)  # added when a narrow scale would show fewer than three ticks


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
    text: str  # "All jobs: $50K (May 2024)"


@dataclass(frozen=True)
class PayPanel:
    """Paths that share one scale (same period and currency)."""

    heading: str | None
    rows: tuple[PayRow, ...]
    reference: Reference | None
    ticks: tuple[tuple[float, str], ...]  # 1-2-5 candidates; those inside the scale are drawn
    fine_ticks: tuple[tuple[float, str], ...]  # in-between values for narrow scales
    per: str = ""  # "per year", "per hour"

    @property
    def numbers_only(self) -> bool:
        """Nothing to draw on an axis: every path a lone median, and no reference line."""
        return self.reference is None and all(row.median_only for row in self.rows)


@dataclass(frozen=True)
class Salary:
    panels: tuple[PayPanel, ...]

    def draw(self, width_in: float, height_in: float | None, fmt: Format, salt: str) -> bytes:
        from publisher.charts.salary_draw import draw_salary

        return draw_salary(self, width_in, fmt, salt)


def plan_salary(
    paths: Sequence[SalaryPath],
    formatter: Formatter,
    labels: Labels,
    reference: ReferenceMedian | None = None,
    width_in: float = WIDTH_IN,
) -> ChartPlan:
    """Plan the range bars; raises ValueError when no path has any figure."""
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
        if reference and period == "year" and currency == reference.currency:
            amount = formatter.money_short(reference.amount, reference.currency)
            text = labels.format(
                "chart_reference", label=reference.label, amount=amount, year=reference.year
            )
            ref = Reference(reference.amount, text)
        values = [v for row in rows for v in (row.low, row.median, row.high) if v is not None]
        low, high = min(values) / 10, max(values) * 10
        ticks, fine = (
            tuple((v, formatter.money_short(v, currency)) for v in _tick_values(low, high, steps))
            for steps in (TICK_STEPS, FINE_STEPS)
        )
        panels.append(PayPanel(heading, rows, ref, ticks, fine, per))
        suffix = f" {per}" if period == "hour" else ""
        items += [_alt_item(row, labels) + suffix for row in rows]
        if ref:
            items.append(ref.text)
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


def _alt_item(row: PayRow, labels: Labels) -> str:
    if row.low_text and row.high_text:
        span = labels.format("chart_range", low=row.low_text, high=row.high_text)
    else:
        span = row.low_text or row.high_text or ""
    parts = [f"{row.label} {span}".strip()]
    if row.median_text:
        parts.append(row.median_text)
    return ", ".join(parts)


def _tick_values(low: float, high: float, steps: tuple[float, ...]) -> list[float]:
    values = []
    for exponent in range(math.floor(math.log10(max(low, 1))), math.ceil(math.log10(high)) + 1):
        values += [step * 10.0**exponent for step in steps]
    return [value for value in values if low <= value <= high]
