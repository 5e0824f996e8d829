"""The time split: a guide's activities and shares → a donut with direct labels.

Slices run clockwise from twelve o'clock in the order the guide gives. Each label (percent in
bold, then the activity) sits beside the ring, tucked in as close as the ring's curve allows
and joined to its slice by a leader line; labels on one side are spread so they never
overlap. The ring is as large as its labels let it be in the box (`_fit`), off centre if that
helps. In a short box (a table card's) where the labels do not fit so, each percent moves onto
its activity's first line, then a word too wide may break after its hyphen or slash; a box
too short even for that is drawn taller, so no label is ever cut off at its edge. Beyond
`MAX_SLICES` activities the smallest are merged into "Other" (the rules warn about it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from publisher.charts.chart import ChartPlan
from publisher.charts.limits import MAX_SLICES
from publisher.charts.style import (
    FIGURE_PT,
    INK,
    LABEL_PT,
    LINE_FACTOR,
    MUTED,
    Format,
    Sheet,
    chart_context,
    render,
    slice_colours,
    text_width,
    wrap,
)
from publisher.guides.models import TimeShare
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels

NAME = "time-split"
WIDTH_IN = 3.4
HEIGHT_IN = 2.3
LINE_IN = LABEL_PT * LINE_FACTOR / 72
PERCENT_LINE_IN = FIGURE_PT * LINE_FACTOR / 72
LABEL_GAP_IN = 0.05  # between two labels on one side
GUTTER_IN = 0.16  # ring edge to label column
EDGE_IN = 0.04  # kept clear at the figure's edges
MIN_RADIUS_IN = 0.45
INLINE_MIN_RADIUS_IN = 0.3  # with inline labels (a short box) the ring may be this small
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
INLINE_GAP_IN = 0.04  # between a percent and its activity on one line (inline labels)
GROW_STEP_IN = 0.05  # a box too short for its labels grows by this much at a time...
GROW_STEPS = 40  # ...this many times at most (then the labels take the room they need)
_LEADER_STEPS = [step / LEADER_SAMPLES for step in range(LEADER_SAMPLES + 1)]


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
    """A placed label: its text runs from `PERCENT_LINE_IN / 2` above `y` down through the
    percent line and `len(lines)` lines of `LINE_IN`."""

    slice: int
    right: bool
    anchor: tuple[float, float]  # where the leader leaves the ring
    out: tuple[float, float]  # a little way out along the slice's middle: the leader's bend
    lines: tuple[str, ...]  # the activity, wrapped; the percent is a line of its own above
    y: float  # centre of the percent line
    x: float  # the label's edge nearest the ring
    inline: float = 0.0  # >0: the percent starts the first line, the activity this far out


def _angles(slices: Sequence[Slice]) -> list[tuple[float, float]]:
    """(start, end) in degrees, counter-clockwise maths angles, running clockwise from 90°."""
    total = sum(s.percent for s in slices)
    spans, start = [], 90.0
    for s in slices:
        end = start - 360 * s.percent / total
        spans.append((end, start))
        start = end
    return spans


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


class _Trial(NamedTuple):
    """Where the labels went beside one ring, by slice: their sides, percent-line centres, near
    edges and wrapped activity lines (a `_Label` each, once the ring is chosen)."""

    right: list[bool]
    ys: list[float]
    xs: list[float]
    lines: list[tuple[str, ...]]

    @property
    def line_count(self) -> int:
        return sum(len(lines) for lines in self.lines)


class _Layout(NamedTuple):
    """A chart's ring and labels, in a box of `width` × `height` inches."""

    ring: _Ring
    labels: list[_Label]
    width: float
    height: float


def _fit(data: TimeSplit, width: float, height: float) -> _Layout:
    """The ring and its labels in the box, the first of these that fits, so every label is
    inside the box, whole:

    1. each percent on a line of its own above its activity (`_search`);
    2. each percent at the start of its activity's first line: a line less a label;
    3. as 2, and a word wider than its room broken after its hyphen or slash (Post-/production);
    4. the box a little taller, `GROW_STEP_IN` at a time, labels as in 3;
    5. the labels as they come beside the smallest ring, and the box as large as they need
       (`_contain`: a word wider than half the box, say).
    """
    for inline, split in ((False, False), (True, False), (True, True)):
        found = _search(_Placer(data, height, inline=inline, split=split), width, height)
        if found:
            return _Layout(*found, width, height)
    for step in range(1, GROW_STEPS + 1):
        taller = height + step * GROW_STEP_IN
        found = _search(_Placer(data, taller, inline=True, split=True), width, taller)
        if found:
            return _Layout(*found, width, taller)
    return _contain(data, width, height)


def _search(placer: _Placer, width: float, height: float) -> tuple[_Ring, list[_Label]] | None:
    """The largest ring whose labels fit beside it, each tucked in as close as the ring's curve
    allows: every word on a line, no label over `MAX_LINES` lines, no side too tall, no leader
    across the ring or another label. The ring may sit off centre, towards the side with less
    to say. Of rings within `RADIUS_SLACK_IN` of the largest, a slightly smaller one wins when
    its labels take fewer lines or it sits nearer the centre (see the `_WORTH` weights).

    A label whose slice points up or down may cross to the emptier side (its leader runs over
    the top or bottom of the ring) when its own side would be taller than the figure. None when
    no ring of `MIN_RADIUS_IN` or more has room for the labels.
    """
    steps = round(MAX_SHIFT_IN / SHIFT_STEP_IN)
    shifts = [0.0] + [sign * n * SHIFT_STEP_IN for n in range(1, steps + 1) for sign in (1, -1)]

    def ring(radius: float, shift: float) -> _Ring:
        return _Ring(width / 2 + shift, height / 2, radius, width)

    # Radii in hundredths of an inch: coarsely first (every fifth radius, every third shift),
    # then finely from just above the first that fits.
    radii = [r / 100 for r in range(math.floor((min(height, width) / 2 - EDGE_IN) * 100), 0, -1)]
    smallest = INLINE_MIN_RADIUS_IN if placer.inline else MIN_RADIUS_IN
    radii = [r for r in radii if r > smallest]
    coarse = next(
        (
            index
            for index in range(0, len(radii), 5)
            if any(placer.place(ring(radii[index], s)) for s in shifts[::3])
        ),
        len(radii),
    )
    # Each label takes a line at least, so a ring's score is at most its radius less this and
    # its shift's worth: rings that cannot beat the best so far are not tried (ties go to the
    # first found, as before). Shifts grow, and radii shrink, along the loops.
    fewest_lines = LINE_WORTH_IN * len(placer.texts)
    best: tuple[float, _Ring, _Trial] | None = None
    largest = None
    for radius in radii[max(0, coarse - 4) :]:
        if largest is not None and radius < largest - RADIUS_SLACK_IN:
            break
        for shift in shifts:
            if best is not None and radius - fewest_lines - SHIFT_WORTH * abs(shift) < best[0]:
                break
            trial = placer.place(ring(radius, shift))
            if trial is not None:
                largest = largest or radius
                score = radius - LINE_WORTH_IN * trial.line_count - SHIFT_WORTH * abs(shift)
                if best is None or score > best[0]:
                    best = (score, ring(radius, shift), trial)
    if best is None:
        return None
    # The largest, unless a little smaller saves label lines or sits more centred.
    _, chosen, trial = best
    return chosen, placer.labels(chosen, trial)


def _contain(data: TimeSplit, width: float, height: float) -> _Layout:
    """The last resort: inline labels beside the smallest ring, spread without regard to the
    box, then everything moved and the box made as large as the labels and the ring need."""
    placer = _Placer(data, height, inline=True, split=True)
    ring = _Ring(width / 2, height / 2, INLINE_MIN_RADIUS_IN, width)
    trial = placer.place(ring, strict=False)
    labels = placer.labels(ring, trial) if trial else []
    xs, ys = (
        [ring.cx - ring.radius, ring.cx + ring.radius],
        [ring.cy - ring.radius, ring.cy + ring.radius],
    )
    for label in labels:
        wide = label.inline + max(text_width(line, LABEL_PT) for line in label.lines) / 72
        xs.append(label.x + wide if label.right else label.x - wide)
        top = label.y + PERCENT_LINE_IN / 2
        ys += [top, top - _label_height(label)]
    dx, dy = max(0.0, EDGE_IN - min(xs)), max(0.0, EDGE_IN - min(ys))
    wider = max(width + dx, max(xs) + dx + EDGE_IN)
    taller = max(height + dy, max(ys) + dy + EDGE_IN)
    moved = [
        replace(
            label,
            anchor=(label.anchor[0] + dx, label.anchor[1] + dy),
            out=(label.out[0] + dx, label.out[1] + dy),
            x=label.x + dx,
            y=label.y + dy,
        )
        for label in labels
    ]
    return _Layout(replace(ring, cx=ring.cx + dx, cy=ring.cy + dy), moved, wider, taller)


def _line_height(lines: int, inline: bool) -> float:
    """A label's height: the percent's line, and the activity's lines (its first beside the
    percent when `inline`)."""
    return PERCENT_LINE_IN + (lines - 1 if inline else lines) * LINE_IN


def _label_height(label: _Label) -> float:
    return _line_height(len(label.lines), label.inline > 0)


class _Placer:
    """One chart's labels placed beside any ring: `_search` tries hundreds of rings, so what does
    not depend on the ring (angles, texts, widths) is worked out once, and a trial works on
    plain lists."""

    def __init__(
        self, data: TimeSplit, height: float, *, inline: bool = False, split: bool = False
    ) -> None:
        spans = _angles(data.slices)
        self.height = height
        self.mids = [0.0 if len(spans) == 1 else math.radians((a + b) / 2) for a, b in spans]
        self.cos = [math.cos(mid) for mid in self.mids]
        self.sin = [math.sin(mid) for mid in self.mids]
        self.rises = [max(0.0, sin) for sin in self.sin]
        self.right = [cos > -1e-9 for cos in self.cos]
        self.texts = [item.label for item in data.slices]
        self.percents = [text_width(item.percent_text, FIGURE_PT, "bold") for item in data.slices]
        self.inline, self.split = inline, split
        # How far the activity starts from the label's edge: past its percent, when inline.
        self.leads = [width / 72 + INLINE_GAP_IN if inline else 0.0 for width in self.percents]
        self.most_lines = [
            min(MAX_LINES, len(wrap(text, COMFORT_IN * 72, LABEL_PT))) for text in self.texts
        ]

    def place(self, ring: _Ring, strict: bool = True) -> _Trial | None:
        """Labels wrapped to the room beside `ring` where they end up, spread; None if they do
        not fit (when `strict`)."""
        cy, radius = ring.cy, ring.radius
        count = len(self.texts)
        natural = [cy + (radius + 0.1) * sin for sin in self.sin]
        rooms = [
            ring.room(side, y - 2 * LINE_IN * (1 - rise), y + PERCENT_LINE_IN / 2) - lead
            for side, y, rise, lead in zip(self.right, natural, self.rises, self.leads, strict=True)
        ]
        lines: list[tuple[str, ...]] = []
        heights: list[float] = []
        right, ys = self.right, natural
        for _ in range(3):  # wrap to the room, spread, and measure the room where each label went
            wrapped = [
                tuple(wrap(text, room * 72, LABEL_PT, split=self.split))
                for text, room in zip(self.texts, rooms, strict=True)
            ]
            if wrapped == lines:
                break  # the same lines go to the same places, with the same room, again
            lines = wrapped
            heights = [_line_height(len(label), self.inline) for label in lines]
            right = list(self.right)
            gaps = [h + LABEL_GAP_IN for h in heights]
            if not _balance(right, self.mids, gaps, self.height - 2 * EDGE_IN) and strict:
                return None
            # A label above the middle stands on its point, one below hangs from it: each grows
            # away from the middle, where the ring is widest.
            wanted = [
                y + rise * (h - PERCENT_LINE_IN)
                for y, rise, h in zip(natural, self.rises, heights, strict=True)
            ]
            ys = list(wanted)
            for side in (True, False):
                order = [i for i in range(count) if right[i] is side]
                for index, y in _spread(order, wanted, heights, EDGE_IN, self.height - EDGE_IN):
                    ys[index] = y
            rooms = [
                ring.room(side, y + PERCENT_LINE_IN / 2 - h, y + PERCENT_LINE_IN / 2) - lead
                for side, y, h, lead in zip(right, ys, heights, self.leads, strict=True)
            ]
        xs = [
            ring.edge(side, y + PERCENT_LINE_IN / 2 - h, y + PERCENT_LINE_IN / 2)
            for side, y, h in zip(right, ys, heights, strict=True)
        ]
        trial = _Trial(right, ys, xs, lines)
        if strict and not self._fits(ring, trial, rooms, heights):
            return None
        return trial

    def _fits(self, ring: _Ring, trial: _Trial, rooms: list[float], heights: list[float]) -> bool:
        """No label over its lines or wider than its room (`rooms`: its activity's), no leader
        across the ring or a label or out of the figure."""
        right, ys, xs, lines = trial
        for index, label in enumerate(lines):
            if len(label) > self.most_lines[index]:
                return False
            if any(text_width(line, LABEL_PT) / 72 > rooms[index] + 1e-6 for line in label):
                return False
        boxes = []  # x0, x1, bottom, top of each label's text
        for index, label in enumerate(lines):
            widest = max(text_width(line, LABEL_PT) for line in label)
            lead = self.leads[index]
            width = lead + widest / 72 if lead else max(self.percents[index], widest) / 72
            x0 = xs[index] if right[index] else xs[index] - width
            top = ys[index] + PERCENT_LINE_IN / 2
            boxes.append((x0, x0 + width, top - heights[index], top))
        cx, cy, radius = ring.cx, ring.cy, ring.radius
        clear = radius + RING_CLEAR_IN
        for index in range(len(lines)):
            # The leader's free run: from its bend outside the ring to its end by the label.
            x0 = cx + (radius + 0.07) * self.cos[index]
            y0 = cy + (radius + 0.07) * self.sin[index]
            if not (0 <= x0 <= ring.width and 0 <= y0 <= self.height):
                return False  # (its bend would be drawn outside the figure)
            x1 = xs[index] - (1 if right[index] else -1) * LEADER_END_IN
            y1 = ys[index]
            # Only labels near the leader can hold one of its points (1e-9: rounding).
            left, right_end = min(x0, x1) - 1e-9, max(x0, x1) + 1e-9
            low, high = min(y0, y1) - 1e-9, max(y0, y1) + 1e-9
            others = [
                box
                for other, box in enumerate(boxes)
                if other != index
                and box[0] <= right_end
                and left <= box[1]
                and box[2] <= high
                and low <= box[3]
            ]
            for t in _LEADER_STEPS:
                x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
                if math.hypot(x - cx, y - cy) < clear:
                    return False
                if others and any(a <= x <= b and lo <= y <= hi for a, b, lo, hi in others):
                    return False
        return True

    def labels(self, ring: _Ring, trial: _Trial) -> list[_Label]:
        cx, cy, radius = ring.cx, ring.cy, ring.radius
        return [
            _Label(
                index,
                trial.right[index],
                (cx + radius * cos, cy + radius * sin),
                (cx + (radius + 0.07) * cos, cy + (radius + 0.07) * sin),
                trial.lines[index],
                trial.ys[index],
                trial.xs[index],
                self.leads[index],
            )
            for index, (cos, sin) in enumerate(zip(self.cos, self.sin, strict=True))
        ]


def _spread(
    order: list[int], wanted: list[float], heights: list[float], low: float, high: float
) -> list[tuple[int, float]]:
    """Move the labels `order` picks (one side's) apart vertically so none overlap, keeping
    them in the figure: (label, centre of its percent line) from where each `wanted` to be."""
    order = sorted(order, key=lambda i: -wanted[i])
    placed: list[float] = []
    ceiling = high
    for i in order:  # top down: push below the label above
        y = min(wanted[i], ceiling - PERCENT_LINE_IN / 2)
        placed.append(y)
        ceiling = y + PERCENT_LINE_IN / 2 - heights[i] - LABEL_GAP_IN
    floor = low
    spread = []
    for k in range(len(order) - 1, -1, -1):  # bottom up: lift what fell out
        i, y = order[k], placed[k]
        bottom = y + PERCENT_LINE_IN / 2 - heights[i]
        if bottom < floor:
            y = y + floor - bottom
        spread.append((i, y))
        floor = y + PERCENT_LINE_IN / 2 + LABEL_GAP_IN
    return spread


def _leader(label: _Label) -> tuple[tuple[float, float], tuple[float, float]]:
    """The leader's free run: from its bend outside the ring to its end by the label."""
    return label.out, (label.x - (1 if label.right else -1) * LEADER_END_IN, label.y)


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

    ring, labels, width, height = _fit(data, width, height)
    with chart_context(salt):
        sheet = Sheet(width, height)
        cx, cy, radius = ring.cx, ring.cy, ring.radius
        colours = slice_colours(len(data.slices))
        for index, (start, end) in enumerate(_angles(data.slices)):
            sheet.add_patch(
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
            _draw_label(sheet, data.slices[label.slice], label)
        return render(sheet.figure, fmt)


def _draw_label(sheet: Sheet, item: Slice, label: _Label) -> None:
    x = label.x
    ha = "left" if label.right else "right"
    # Leader: out of the ring along the slice's middle, then over to the label's first line.
    (out_x, out_y), (end_x, end_y) = _leader(label)
    sheet.plot(
        [label.anchor[0], out_x, end_x],
        [label.anchor[1], out_y, end_y],
        color=MUTED,
        linewidth=0.9,
        solid_joinstyle="round",
        clip_on=False,
    )
    baseline = label.y - FIGURE_PT * 0.34 / 72
    lines = label.lines
    percent_x = x
    if label.inline:  # "20% Business &" on one line: the percent first, on either side
        first = text_width(lines[0], LABEL_PT) / 72
        sheet.text(x + label.inline if label.right else x, baseline, lines[0], ha=ha, color=INK)
        percent_x = x if label.right else x - first - INLINE_GAP_IN
        x = x + label.inline if label.right else x  # a hanging indent on the right
        lines = lines[1:]
    sheet.text(percent_x, baseline, item.percent_text, ha=ha, size=FIGURE_PT, weight="bold")
    baseline -= PERCENT_LINE_IN * 0.5 + LINE_IN * 0.5
    for number, line in enumerate(lines):
        sheet.text(x, baseline - number * LINE_IN, line, ha=ha, va="baseline", color=INK)
