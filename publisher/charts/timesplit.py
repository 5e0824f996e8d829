"""The time split: a guide's activities and shares → a donut with direct labels.

Slices run clockwise from twelve o'clock in the order the guide gives. Each label (percent in
bold, then the activity) sits beside the ring, tucked in as close as the ring's curve allows
and joined to its slice by a leader line; labels on one side are spread so they never
overlap. The ring is as large as its labels let it be in the box (`_fit`), off centre if that
helps. Beyond `MAX_SLICES` activities the smallest are merged into "Other" (the rules warn
about it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
RADIUS_SLACK_IN = 0.05  # a ring this much smaller than the largest that fits may be chosen
LINE_WORTH_IN = 0.015  # ...when each label line it saves is worth this much radius
SHIFT_WORTH = 0.1  # ...and each inch nearer the centre this many inches of radius
HUG_SHARE = 0.6  # labels above or below the ring's middle tuck in to this share of its radius
MAX_SHIFT_IN = 0.3  # the ring may sit this far off centre, towards the side with less to say
SHIFT_STEP_IN = 0.02
MAX_LINES = 3  # an activity wraps onto at most this many lines
COMFORT_IN = 0.75  # ...and onto no more lines than it takes at this width
LEADER_END_IN = 0.06  # a leader stops this far short of its label
LEADER_SAMPLES = 24  # points along a leader checked against the ring and the other labels
RING_CLEAR_IN = 0.03  # a leader's free run keeps this far outside the ring
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
    lines: tuple[str, ...]  # the activity, wrapped; the percent is a line of its own above
    y: float = 0.0  # centre of the percent line, once placed
    x: float = 0.0  # the label's edge nearest the ring, once placed

    @property
    def height(self) -> float:
        return PERCENT_LINE_IN + len(self.lines) * LINE_IN

    @property
    def span(self) -> tuple[float, float]:
        """Bottom and top of the label's text."""
        top = self.y + PERCENT_LINE_IN / 2
        return top - self.height, top


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
        placed.append(replace(label, y=y))
        ceiling = y + PERCENT_LINE_IN / 2 - label.height - LABEL_GAP_IN
    floor = low
    for index in range(len(placed) - 1, -1, -1):  # bottom up: lift what fell out
        label = placed[index]
        bottom = label.y + PERCENT_LINE_IN / 2 - label.height
        if bottom < floor:
            placed[index] = replace(label, y=label.y + floor - bottom)
        floor = placed[index].y + PERCENT_LINE_IN / 2 + LABEL_GAP_IN
    return placed


@dataclass(frozen=True)
class _Ring:
    """A ring of some size and place in the figure, and the room it leaves beside it."""

    cx: float
    cy: float
    radius: float
    width: float  # the figure's

    def half_width(self, bottom: float, top: float) -> float:
        """How far the ring reaches left or right of its centre anywhere from bottom to top;
        at least `HUG_SHARE` of its radius, so labels stay beside it, never under it."""
        if bottom <= self.cy <= top:
            return self.radius
        gap = min(abs(bottom - self.cy), abs(top - self.cy))
        reach = math.sqrt(self.radius**2 - gap**2) if gap < self.radius else 0.0
        return max(reach, HUG_SHARE * self.radius)

    def edge(self, right: bool, bottom: float, top: float) -> float:
        """The x a label's near edge takes beside the ring, over the height it spans."""
        sign = 1 if right else -1
        return self.cx + sign * (self.half_width(bottom, top) + GUTTER_IN)

    def room(self, right: bool, bottom: float, top: float) -> float:
        """Inches a label's lines have beside the ring, over the height it spans."""
        centre = self.cx if right else self.width - self.cx
        return self.width - centre - self.half_width(bottom, top) - GUTTER_IN - EDGE_IN


def _fit(data: TimeSplit, width: float, height: float) -> tuple[_Ring, list[_Label]]:
    """The largest ring whose labels fit beside it, each tucked in as close as the ring's curve
    allows: every word on a line, no label over `MAX_LINES` lines, no side too tall, no leader
    across the ring or another label. The ring may sit off centre, towards the side with less
    to say. Of rings within `RADIUS_SLACK_IN` of the largest, a slightly smaller one wins when
    its labels take fewer lines or it sits nearer the centre (see the `_WORTH` weights).

    A label whose slice points up or down may cross to the emptier side (its leader runs over
    the top or bottom of the ring) when its own side would be taller than the figure. Below
    `MIN_RADIUS_IN` the labels get what room they can.
    """
    spans = _angles(data.slices)
    mids = [0.0 if len(spans) == 1 else math.radians((a + b) / 2) for a, b in spans]
    steps = round(MAX_SHIFT_IN / SHIFT_STEP_IN)
    shifts = [0.0] + [sign * n * SHIFT_STEP_IN for n in range(1, steps + 1) for sign in (1, -1)]

    def ring(radius: float, shift: float) -> _Ring:
        return _Ring(width / 2 + shift, height / 2, radius, width)

    # Radii in hundredths of an inch: coarsely first (every fifth radius, every third shift),
    # then finely from just above the first that fits.
    radii = [r / 100 for r in range(math.floor((min(height, width) / 2 - EDGE_IN) * 100), 0, -1)]
    radii = [r for r in radii if r > MIN_RADIUS_IN]
    coarse = next(
        (
            index
            for index in range(0, len(radii), 5)
            if any(_place(data, mids, ring(radii[index], s), height) for s in shifts[::3])
        ),
        len(radii),
    )
    found: list[tuple[float, _Ring, list[_Label]]] = []
    largest = None
    for radius in radii[max(0, coarse - 4) :]:
        if largest is not None and radius < largest - RADIUS_SLACK_IN:
            break
        for shift in shifts:
            labels = _place(data, mids, ring(radius, shift), height)
            if labels is not None:
                largest = largest or radius
                lines = sum(len(label.lines) for label in labels)
                score = radius - LINE_WORTH_IN * lines - SHIFT_WORTH * abs(shift)
                found.append((score, ring(radius, shift), labels))
    if found:  # the largest, unless a little smaller saves label lines or sits more centred
        _, best, labels = max(found, key=lambda item: item[0])
        return best, labels
    fallback = ring(MIN_RADIUS_IN, 0.0)
    return fallback, _place(data, mids, fallback, height, strict=False) or []


def _place(
    data: TimeSplit, mids: list[float], ring: _Ring, height: float, strict: bool = True
) -> list[_Label] | None:
    """Labels wrapped to the room beside `ring` where they end up, spread; None if they do not
    fit (when `strict`)."""
    cx, cy, radius = ring.cx, ring.cy, ring.radius
    right = [math.cos(mid) > -1e-9 for mid in mids]
    labels = [
        _Label(
            index,
            right[index],
            (cx + radius * math.cos(mid), cy + radius * math.sin(mid)),
            (cx + (radius + 0.07) * math.cos(mid), cy + (radius + 0.07) * math.sin(mid)),
            (),
            cy + (radius + 0.1) * math.sin(mid),
        )
        for index, mid in enumerate(mids)
    ]
    natural = [label.y for label in labels]
    rooms = [
        ring.room(side, y - 2 * LINE_IN * (1 - max(0.0, math.sin(mid))), y + PERCENT_LINE_IN / 2)
        for side, y, mid in zip(right, natural, mids, strict=True)
    ]
    placed = labels
    for _ in range(3):  # wrap to the room, spread, and measure the room where each label went
        wrapped = [
            replace(label, lines=tuple(wrap(data.slices[label.slice].label, room * 72, LABEL_PT)))
            for label, room in zip(labels, rooms, strict=True)
        ]
        heights = [label.height + LABEL_GAP_IN for label in wrapped]
        sides = list(right)
        if not _balance(sides, mids, heights, height - 2 * EDGE_IN) and strict:
            return None
        # A label above the middle stands on its point, one below hangs from it: each grows
        # away from the middle, where the ring is widest.
        wrapped = [
            replace(
                label, right=side, y=y + max(0.0, math.sin(mid)) * (label.height - PERCENT_LINE_IN)
            )
            for label, side, y, mid in zip(wrapped, sides, natural, mids, strict=True)
        ]
        placed = [
            label
            for side in (True, False)
            for label in _spread([w for w in wrapped if w.right is side], EDGE_IN, height - EDGE_IN)
        ]
        placed.sort(key=lambda label: label.slice)
        rooms = [ring.room(label.right, *label.span) for label in placed]
    placed = [replace(label, x=ring.edge(label.right, *label.span)) for label in placed]
    if strict:
        for label, room in zip(placed, rooms, strict=True):
            text = data.slices[label.slice].label
            lines = min(MAX_LINES, len(wrap(text, COMFORT_IN * 72, LABEL_PT)))
            if (
                len(label.lines) > lines
                or any(text_width(line, LABEL_PT) / 72 > room + 1e-6 for line in label.lines)
                or not _leader_clear(label, ring, placed, data)
            ):
                return None
    return placed


def _leader(label: _Label) -> tuple[tuple[float, float], tuple[float, float]]:
    """The leader's free run: from its bend outside the ring to its end by the label."""
    return label.out, (label.x - (1 if label.right else -1) * LEADER_END_IN, label.y)


def _box(label: _Label, item: Slice) -> tuple[float, float, float, float]:
    """x0, x1, bottom, top of a placed label's text."""
    widths = [text_width(item.percent_text, FIGURE_PT, "bold")]
    widths += [text_width(line, LABEL_PT) for line in label.lines]
    width = max(widths) / 72
    x0 = label.x if label.right else label.x - width
    return (x0, x0 + width, *label.span)


def _leader_clear(label: _Label, ring: _Ring, labels: list[_Label], data: TimeSplit) -> bool:
    """Whether the leader's free run keeps off the ring and off every other label."""
    (x0, y0), (x1, y1) = _leader(label)
    others = [_box(other, data.slices[other.slice]) for other in labels if other is not label]
    for step in range(LEADER_SAMPLES + 1):
        t = step / LEADER_SAMPLES
        x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        if math.hypot(x - ring.cx, y - ring.cy) < ring.radius + RING_CLEAR_IN:
            return False
        if any(a <= x <= b and lo <= y <= hi for a, b, lo, hi in others):
            return False
    return True


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

        ring, labels = _fit(data, width, height)
        cx, cy, radius = ring.cx, ring.cy, ring.radius
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
        for label in labels:
            _draw_label(ax, data.slices[label.slice], label)
        return render(figure, fmt)


def _draw_label(ax: Axes, item: Slice, label: _Label) -> None:
    x = label.x
    ha = "left" if label.right else "right"
    # Leader: out of the ring along the slice's middle, then over to the label's first line.
    (out_x, out_y), (end_x, end_y) = _leader(label)
    ax.plot(
        [label.anchor[0], out_x, end_x],
        [label.anchor[1], out_y, end_y],
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
