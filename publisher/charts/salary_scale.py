"""Salary scales: a panel's figures and the room its labels need → a pay axis and its ticks.

A linear axis starts at zero and ends where the widest label after a bar end still fits; its
ticks are the multiples of one round step, so they are evenly spaced. A log axis (figures
spanning more than ten times) is solved so that every label fits beside its bar; its ticks
are the 1-2-5 values inside it, with 1.5-3-7 added when fewer than three would show.
Positions are inches from the left edge of the chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from publisher.charts.salary import PayPanel, Ticks

MIN_DECADES = 0.6  # the narrowest log scale: a factor of four from end to end
MIN_ROOM = 0.2  # share of a linear axis always left to its bars, however wide a label
MAX_TICKS = 6  # a linear axis shows at most this many ticks
TICK_GAP_IN = 0.08  # between neighbouring tick labels

Measure = Callable[[str], float]  # a tick label → its width in inches


@dataclass(frozen=True)
class Span:
    """What one bar needs: the amounts it runs between, and inches for labels on each side."""

    start: float
    end: float
    need_left: float
    need_right: float


@dataclass(frozen=True)
class Scale:
    """One panel's pay axis: money → inches from the left edge of the chart."""

    low: float  # at the left end: an amount (linear, always 0) or its log10 (log)
    high: float
    left: float
    width: float
    log: bool = False

    def x(self, value: float) -> float:
        position = math.log10(value) if self.log else value
        return self.left + (position - self.low) / (self.high - self.low) * self.width

    @property
    def right(self) -> float:
        return self.left + self.width


def fit_linear(spans: Sequence[Span], left: float, width: float) -> Scale:
    """From zero to the smallest top that leaves every bar end room for its label."""
    room = [max(width - span.need_right, width * MIN_ROOM) for span in spans]
    high = max(span.end * width / free for span, free in zip(spans, room, strict=True))
    return Scale(0.0, high, left, width)  # free <= width: every end is inside


def fit_log(spans: Sequence[Span], left: float, width: float) -> Scale:
    """The log scale that leaves room for every label beside its bar, inside the axis."""
    logs = [(math.log10(s.start), math.log10(s.end), s.need_left, s.need_right) for s in spans]
    low = min(s[0] for s in logs) - MIN_DECADES / 2
    high = max(s[1] for s in logs) + MIN_DECADES / 2
    for _ in range(60):  # converges in a few steps while the labels fit the width at all
        per_decade = width / (high - low)
        low = min(start - need / per_decade for start, _, need, _ in logs)
        high = max(end + need / per_decade for _, end, _, need in logs)
        if high - low < MIN_DECADES:  # a lone figure: show it on a sensible stretch of scale
            middle = (low + high) / 2
            low, high = middle - MIN_DECADES / 2, middle + MIN_DECADES / 2
    return Scale(low, high, left, width, log=True)


def ticks(panel: PayPanel, scale: Scale, measure: Measure, overhang: float) -> Ticks:
    """Tick positions and labels inside the axis (a label may reach `overhang` past its end)."""
    if scale.log:
        return _log_ticks(panel, scale, measure)
    chosen: Ticks = ()
    for candidates in panel.steps:  # finest first: the first that does not crowd
        chosen = tuple(
            (scale.x(value), text)
            for value, text in candidates
            if scale.x(value) + measure(text) / 2 <= scale.right + overhang
        )
        if len(chosen) <= MAX_TICKS and not _crowded(chosen, measure):
            break
    return chosen


def _crowded(found: Ticks, measure: Measure) -> bool:
    return any(
        (x1 - measure(t1) / 2) - (x0 + measure(t0) / 2) < TICK_GAP_IN
        for (x0, t0), (x1, t1) in pairwise(found)
    )


def _log_ticks(panel: PayPanel, scale: Scale, measure: Measure) -> Ticks:
    def inside(candidates: Ticks) -> list[tuple[float, float, str]]:
        found = []
        for value, text in candidates:
            x, half = scale.x(value), measure(text) / 2
            if scale.left + half <= x <= scale.right - half:
                found.append((x, half, text))
        return found

    chosen = inside(panel.ticks)
    if len(chosen) < 3:
        for tick in inside(panel.fine_ticks):
            if all(abs(tick[0] - x) > tick[1] + half + TICK_GAP_IN for x, half, _ in chosen):
                chosen.append(tick)
    return tuple((x, text) for x, _, text in sorted(chosen))
