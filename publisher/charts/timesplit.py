"""The time split: a guide's activities and shares → a donut with direct labels.

Slices run clockwise from twelve o'clock in the order the guide gives. Each label (percent in
bold, then the activity) sits in a column beside the ring, joined to its slice by a leader
line; labels on one side are spread so they never overlap. Beyond `MAX_SLICES` activities the
smallest are merged into "Other" (the rules warn about it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from publisher.charts.chart import ChartPlan
from publisher.charts.style import (
    FIGURE_PT,
    INK,
    LABEL_PT,
    LINE_FACTOR,
    MUTED,
    Format,
    chart_context,
    new_figure,
    render,
    slice_colours,
    text_width,
    wrap,
)
from publisher.formatting import Formatter
from publisher.labels import Labels
from publisher.models import TimeShare
from publisher.rules import MAX_SLICES

if TYPE_CHECKING:
    from matplotlib.axes import Axes

NAME = "time-split"
WIDTH_IN = 3.4
HEIGHT_IN = 2.3
LINE_IN = LABEL_PT * LINE_FACTOR / 72
PERCENT_LINE_IN = FIGURE_PT * LINE_FACTOR / 72
LABEL_GAP_IN = 0.05  # between two labels on one side
GUTTER_IN = 0.16  # ring edge to label column
EDGE_IN = 0.04  # kept clear at the figure's edges
MIN_RADIUS_IN = 0.45
RING_SHARE = 0.42  # the ring's thickness as a share of its radius


@dataclass(frozen=True)
class Slice:
    label: str
    percent: float
    percent_text: str


@dataclass(frozen=True)
class TimeSplit:
    """The slices of the donut, in drawing order, with their printed percents."""

    slices: tuple[Slice, ...]

    def draw(self, width_in: float, height_in: float | None, fmt: Format, salt: str) -> bytes:
        return _draw(self, width_in, height_in or HEIGHT_IN, fmt, salt)


def merge_small(shares: Sequence[TimeShare], limit: int = MAX_SLICES) -> list[tuple[str, float]]:
    """Shares → (activity, percent) with zeros dropped, and beyond `limit` the smallest merged.

    Kept activities stay in guide order; the merged share comes last as `None` for the caller
    to name ("Other"). Ties go to the activity listed first.
    """
    kept = [(share.activity, share.percent) for share in shares if share.percent > 0]
    if len(kept) <= limit:
        return kept
    ranked = sorted(range(len(kept)), key=lambda i: (-kept[i][1], i))
    keep = set(ranked[: limit - 1])
    rest = sum(percent for i, (_, percent) in enumerate(kept) if i not in keep)
    return [kept[i] for i in sorted(keep)] + [("", rest)]


def plan_time_split(
    shares: Sequence[TimeShare],
    formatter: Formatter,
    labels: Labels,
    width_in: float = WIDTH_IN,
    height_in: float = HEIGHT_IN,
) -> ChartPlan:
    """Plan the donut; raises ValueError when no activity has a share above zero."""
    merged = merge_small(shares)
    if not merged:
        raise ValueError("the time split chart needs at least one activity with a share above 0")
    slices = tuple(
        Slice(activity or labels["chart_other"], percent, formatter.percent(percent))
        for activity, percent in merged
    )
    items = ", ".join(
        labels.format("chart_share", activity=s.label, percent=s.percent_text) for s in slices
    )
    alt = labels.format("chart_time_split_alt", items=items)
    return ChartPlan(NAME, TimeSplit(slices), alt, width_in, height_in)


@dataclass(frozen=True)
class _Label:
    slice: int
    right: bool
    anchor: tuple[float, float]  # where the leader leaves the ring
    out: tuple[float, float]  # a little way out along the slice's middle: the leader's bend
    lines: list[str]  # the activity, wrapped; the percent is a line of its own above
    y: float = 0.0  # centre of the percent line, once placed

    @property
    def height(self) -> float:
        return PERCENT_LINE_IN + len(self.lines) * LINE_IN


def _angles(slices: Sequence[Slice]) -> list[tuple[float, float]]:
    """(start, end) in degrees, counter-clockwise maths angles, running clockwise from 90°."""
    total = sum(s.percent for s in slices)
    spans, start = [], 90.0
    for s in slices:
        end = start - 360 * s.percent / total
        spans.append((end, start))
        start = end
    return spans


def _spread(labels: list[_Label], low: float, high: float) -> list[_Label]:
    """Move labels of one side apart vertically so none overlap, keeping them in the figure."""
    if not labels:
        return []
    order = sorted(labels, key=lambda label: -label.y)
    placed: list[_Label] = []
    ceiling = high
    for label in order:  # top down: push below the label above
        y = min(label.y, ceiling - PERCENT_LINE_IN / 2)
        placed.append(_replace_y(label, y))
        ceiling = y + PERCENT_LINE_IN / 2 - label.height - LABEL_GAP_IN
    floor = low
    for index in range(len(placed) - 1, -1, -1):  # bottom up: lift what fell out
        label = placed[index]
        bottom = label.y + PERCENT_LINE_IN / 2 - label.height
        if bottom < floor:
            placed[index] = _replace_y(label, label.y + floor - bottom)
        floor = placed[index].y + PERCENT_LINE_IN / 2 + LABEL_GAP_IN
    return placed


def _replace_y(label: _Label, y: float) -> _Label:
    return _Label(label.slice, label.right, label.anchor, label.out, label.lines, y)


def _fit(data: TimeSplit, width: float, height: float) -> tuple[float, list[_Label]]:
    """The largest ring whose labels fit beside it: every word on a line, no side too tall.

    A label whose slice points up or down may cross to the emptier side (its leader runs over
    the top or bottom of the ring) when its own side would be taller than the figure.
    """
    spans = _angles(data.slices)
    mids = [0.0 if len(spans) == 1 else math.radians((a + b) / 2) for a, b in spans]
    room_high = height - 2 * EDGE_IN
    radius = max(MIN_RADIUS_IN, min(height / 2 - 0.2, width * 0.2))
    while True:
        room = (width / 2 - radius - GUTTER_IN - EDGE_IN) * 72  # points for a label's lines
        lines = [wrap(item.label, room, LABEL_PT) for item in data.slices]
        fits = all(text_width(line, LABEL_PT) <= room for group in lines for line in group)
        right = [math.cos(mid) > -1e-9 for mid in mids]
        heights = [PERCENT_LINE_IN + len(group) * LINE_IN + LABEL_GAP_IN for group in lines]
        fits = fits and _balance(right, mids, heights, room_high)
        if fits or radius <= MIN_RADIUS_IN:
            break
        radius = max(MIN_RADIUS_IN, radius - 0.02)
    cx, cy = width / 2, height / 2
    labels = [
        _Label(
            index,
            right[index],
            (cx + radius * math.cos(mid), cy + radius * math.sin(mid)),
            (cx + (radius + 0.07) * math.cos(mid), cy + (radius + 0.07) * math.sin(mid)),
            lines[index],
            cy + (radius + 0.1) * math.sin(mid),
        )
        for index, mid in enumerate(mids)
    ]
    return radius, labels


def _balance(right: list[bool], mids: list[float], heights: list[float], room: float) -> bool:
    """Move labels nearest the vertical to the other side until both fit (in place)."""
    for _ in range(len(right)):
        totals = {
            side: sum(h for h, r in zip(heights, right, strict=True) if r is side)
            for side in (True, False)
        }
        if max(totals.values()) <= room:
            return True
        full = totals[True] > room
        movable = [
            i
            for i in range(len(right))
            if right[i] is full and totals[not full] + heights[i] <= room
        ]
        if not movable:
            return False
        index = min(movable, key=lambda i: abs(math.cos(mids[i])))
        right[index] = not full
    return False


def _draw(data: TimeSplit, width: float, height: float, fmt: Format, salt: str) -> bytes:
    from matplotlib.patches import Wedge

    with chart_context(salt):
        figure = new_figure(width, height)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xlim(0, width)
        ax.set_ylim(0, height)
        ax.set_aspect("equal")

        radius, labels = _fit(data, width, height)
        cx, cy = width / 2, height / 2
        colours = slice_colours(len(data.slices))
        for index, (start, end) in enumerate(_angles(data.slices)):
            ax.add_patch(
                Wedge(
                    (cx, cy),
                    radius,
                    start,
                    end,
                    width=radius * RING_SHARE,
                    facecolor=colours[index],
                    edgecolor="white",
                    linewidth=1.5,
                )
            )
        for right in (True, False):
            side = [label for label in labels if label.right is right]
            x = cx + (1 if right else -1) * (radius + GUTTER_IN)
            for label in _spread(side, EDGE_IN, height - EDGE_IN):
                _draw_label(ax, data.slices[label.slice], label, x)
        return render(figure, fmt)


def _draw_label(ax: Axes, item: Slice, label: _Label, x: float) -> None:
    sign = 1 if label.right else -1
    ha = "left" if label.right else "right"
    # Leader: out of the ring along the slice's middle, then over to the label's first line.
    elbow_x = x - sign * 0.06
    ax.plot(
        [label.anchor[0], label.out[0], elbow_x],
        [label.anchor[1], label.out[1], label.y],
        color=MUTED,
        linewidth=0.9,
        solid_joinstyle="round",
        clip_on=False,
    )
    baseline = label.y - FIGURE_PT * 0.34 / 72
    ax.text(x, baseline, item.percent_text, ha=ha, va="baseline", size=FIGURE_PT, weight="bold")
    baseline -= PERCENT_LINE_IN * 0.5 + LINE_IN * 0.5
    for number, line in enumerate(label.lines):
        ax.text(x, baseline - number * LINE_IN, line, ha=ha, va="baseline", color=INK)
