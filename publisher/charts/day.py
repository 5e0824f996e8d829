"""The typical day: a guide's schedule → a timeline strip of its blocks.

Each block runs from its start to the next block's start; the last one to `day.end`, or an
hour when the guide gives no end. Wide (≥ 5 in) the strip runs across the page with each
block's clock time and title under the block's start: a title too wide for its block wraps
onto two (at most three) lines before any label is moved, and a label that must move stays
inside its own block, joined to its start by a leader. The day's end time stands beside the
strip's end, or under it when that moves fewer labels. Narrower, or when the labels cannot fit
in a row at all, the day stands as a column: clock times, a bar, and the titles beside it,
as tall as it needs.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Literal

from publisher.charts.chart import ChartPlan
from publisher.charts.placement import spread
from publisher.charts.style import (
    BLUE,
    INK,
    LABEL_PT,
    LINE_FACTOR,
    PALE,
    Format,
    Sheet,
    break_words,
    chart_context,
    render,
    text_width,
    wrap,
)
from publisher.guides.models import Day
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels

NAME = "day"
WIDTH_IN = 7.0
HEIGHT_IN = 1.1
ROW_MIN_WIDTH_IN = 5.0
PT = 1 / 72
MARGIN_IN = 0.04
LINE_IN = LABEL_PT * LINE_FACTOR * PT
STRIP_IN = 0.2  # thickness of the strip
ROW_STRIP_MAX_IN = 0.26  # a row strip thickens up to this to fill the height it is given
MAX_TITLE_LINES = 3  # a row label's title wraps onto at most this many lines
MAX_COMBINATIONS = 4096  # beyond this many ways to wrap the titles, two lines at most are tried
MOVE_STEP_IN = 0.02  # a label moved less than this is still at its block's start
MOVE_QUANTUM_IN = 0.05  # the precision to which layouts' total moves are compared
WRAP_COST_IN = 0.08  # an extra title line is worth moving a label this far to avoid
LEADER_IN = 0.1  # strip to labels
LABEL_GAP_IN = 0.1  # between two labels side by side
END_GAP_IN = 0.06  # the strip's end to the day's end time printed beside it
END_LABEL_GAP_IN = 0.16  # the last block's time to the day's end time printed under the strip
COLUMN_BAR_IN = 0.13
COLUMN_GAP_IN = 0.03  # between two labels, one above the other
PER_HOUR_IN = 0.17  # a column's length per hour, unless its labels need more
Layout = Literal["auto", "row", "column"]


@dataclass(frozen=True)
class Block:
    start: int  # minutes after midnight
    end: int
    time_text: str  # '11:00 AM'
    title: str


@dataclass(frozen=True)
class DayStrip:
    """The day's blocks in time order, and the printed end time."""

    blocks: tuple[Block, ...]
    end_text: str
    layout: Layout = "auto"

    def draw(self, width_in: float, height_in: float | None, fmt: Format, salt: str) -> bytes:
        return _draw(self, width_in, height_in or HEIGHT_IN, fmt, salt)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(formatter: Formatter, minutes: int) -> str:
    return formatter.clock(f"{minutes // 60 % 24:02d}:{minutes % 60:02d}")


def plan_day(
    day: Day,
    formatter: Formatter,
    labels: Labels,
    *,
    width_in: float = WIDTH_IN,
    height_in: float = HEIGHT_IN,
    layout: Layout = "auto",
) -> ChartPlan:
    """Plan the strip; raises ValueError for no blocks or blocks out of time order."""
    if not day.blocks:
        raise ValueError("the typical day chart needs at least one block")
    starts = [_minutes(block.time) for block in day.blocks]
    if any(b <= a for a, b in itertools.pairwise(starts)):
        raise ValueError("the typical day's blocks must be in time order")
    last_end = _minutes(day.end) if day.end else starts[-1] + 60
    if last_end <= starts[-1]:
        last_end = starts[-1] + 60
    ends = [*starts[1:], last_end]
    blocks = tuple(
        Block(start, end, _clock(formatter, start), block.title)
        for start, end, block in zip(starts, ends, day.blocks, strict=True)
    )
    items = "; ".join(
        labels.format(
            "chart_block",
            start=block.time_text,
            end=_clock(formatter, block.end),
            title=block.title,
        )
        for block in blocks
    )
    alt = labels.format("chart_day_alt", items=items)
    strip = DayStrip(blocks, _clock(formatter, last_end), layout)
    return ChartPlan(NAME, strip, alt, width_in, height_in)


def _draw(data: DayStrip, width: float, height: float, fmt: Format, salt: str) -> bytes:
    with chart_context(salt):
        row = None
        if data.layout == "row" or (data.layout == "auto" and width >= ROW_MIN_WIDTH_IN):
            row = _row_layout(data, width)
        sheet = _draw_row(data, width, height, row) if row else _draw_column(data, width)
        return render(sheet.figure, fmt)


@dataclass(frozen=True)
class _Label:
    at: int  # the minute it belongs to: a block's start, or the day's end
    time: str
    title: tuple[str, ...]  # wrapped; empty for the day's end

    @property
    def lines(self) -> int:
        return 1 + len(self.title)

    def width(self) -> float:
        return max([self.time_width(), *(_width(line) for line in self.title)])

    def time_width(self) -> float:
        return _width(self.time, "semibold")


def _width(text: str, weight: str = "normal") -> float:
    return text_width(text, LABEL_PT, weight) * PT


def _labels(data: DayStrip, wrap_in: float) -> list[_Label]:
    labels = [
        _Label(b.start, b.time_text, tuple(wrap(b.title, wrap_in * 72, LABEL_PT)))
        for b in data.blocks
    ]
    return [*labels, _Label(data.blocks[-1].end, data.end_text, ())]


def _wraps(title: str) -> list[tuple[str, ...]]:
    """The title on one line, then on each more line (up to `MAX_TITLE_LINES`), each split the
    most even way (the narrowest widest line)."""
    words = break_words(title)
    found: list[tuple[str, ...]] = []
    for count in range(1, min(MAX_TITLE_LINES, len(words)) + 1):
        best: tuple[float, tuple[str, ...]] | None = None
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            bounds = [0, *cuts, len(words)]
            lines = tuple(" ".join(words[a:b]) for a, b in itertools.pairwise(bounds))
            widest = max(_width(line) for line in lines)
            if best is None or widest < best[0] - 1e-9:
                best = (widest, lines)
        if best is not None:
            found.append(best[1])
    return found or [()]


@dataclass(frozen=True)
class _RowLayout:
    """Where everything of a row strip goes, in inches from the left edge."""

    strip_right: float  # the strip runs from the margin to here
    labels: tuple[_Label, ...]  # one per block, then the day's end
    starts: tuple[float, ...]  # each label's left edge
    end_beside: bool  # the day's end printed beside the strip's end, not under it

    @property
    def lines(self) -> int:
        return max(label.lines for label in self.labels)


def _row_layout(data: DayStrip, width: float) -> _RowLayout | None:
    """Labels under the strip, each at its block's start when it can be, else moved least.

    Every combination of title wraps is tried, with the day's end beside the strip's end
    (shortening the strip a little) or under it, sharing the first line with the block times.
    The best keeps every label inside its own block, then moves the fewest labels off their
    block's start, then wraps no title onto three lines, then moves labels least (an extra
    title line counting as a move of `WRAP_COST_IN`), then prints the day's end beside the
    strip; None when the labels do not fit in a row at all.
    """
    blocks = data.blocks
    first, last = blocks[0].start, blocks[-1].end
    options = [[_Label(b.start, b.time_text, lines) for lines in _wraps(b.title)] for b in blocks]
    if math.prod(len(o) for o in options) > MAX_COMBINATIONS:
        options = [o[:2] for o in options]
    end = _Label(last, data.end_text, ())
    best: tuple[tuple[float, ...], _RowLayout] | None = None
    for beside in (True, False):
        strip_right = width - MARGIN_IN
        if beside:
            strip_right -= end.width() + END_GAP_IN
        scale = (strip_right - MARGIN_IN) / (last - first)
        edges = [MARGIN_IN + (b.start - first) * scale for b in blocks] + [strip_right]
        end_start = strip_right - end.width()
        for chosen in itertools.product(*options):
            widths = [label.width() for label in chosen]
            uppers = [width - MARGIN_IN - w for w in widths]
            if not beside:  # the end's time shares the first line with the block times
                uppers = [
                    min(u, end_start - END_LABEL_GAP_IN - label.time_width())
                    for u, label in zip(uppers, chosen, strict=True)
                ]
            starts = spread(edges[:-1], widths, MARGIN_IN, math.inf, LABEL_GAP_IN, uppers=uppers)
            if starts is None:
                continue
            moved = [abs(s - e) for s, e in zip(starts, edges, strict=False)]
            outside = sum(
                s < e - 1e-6 or s > nxt - 1e-6
                for s, e, nxt in zip(starts, edges, edges[1:], strict=False)
            )
            wraps = sum(len(label.title) - 1 for label in chosen if label.title)
            cost = (
                outside,
                sum(move > MOVE_STEP_IN for move in moved),
                sum(len(label.title) > 2 for label in chosen),
                round((sum(moved) + WRAP_COST_IN * wraps) / MOVE_QUANTUM_IN),
                not beside,  # the same on every page when nothing else decides
            )
            if best is None or cost < best[0]:
                layout = _RowLayout(
                    strip_right,
                    (*chosen, end),
                    (*starts, strip_right + END_GAP_IN if beside else end_start),
                    beside,
                )
                best = (cost, layout)
    return best[1] if best else None


def _segment(sheet: Sheet, xs: tuple[float, float], ys: tuple[float, float], colour: str) -> None:
    from matplotlib.patches import Rectangle

    (x0, x1), (y0, y1) = xs, ys
    sheet.add_patch(
        Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=colour, edgecolor="white", linewidth=1.5)
    )


def _leader(sheet: Sheet, xs: tuple[float, float], ys: tuple[float, float]) -> None:
    sheet.plot(xs, ys, color=INK, linewidth=0.9, solid_capstyle="butt")


def _text(sheet: Sheet, x: float, top: float, label: _Label, ha: str = "left") -> None:
    """The clock time in semibold, the title beneath it."""
    sheet.text(x, top + LINE_IN / 2, label.time, ha=ha, va="center_baseline", weight="semibold")
    for number, line in enumerate(label.title, start=1):
        sheet.text(x, top + (number + 0.5) * LINE_IN, line, ha=ha, va="center_baseline")


def _draw_row(data: DayStrip, width: float, height: float, layout: _RowLayout) -> Sheet:
    first, last = data.blocks[0].start, data.blocks[-1].end
    rest = 2 * MARGIN_IN + LEADER_IN + layout.lines * LINE_IN
    strip = min(max(height - rest, STRIP_IN), ROW_STRIP_MAX_IN)
    sheet = Sheet(width, max(height, rest + strip), y_down=True)

    def x(minutes: int) -> float:
        return MARGIN_IN + (minutes - first) / (last - first) * (layout.strip_right - MARGIN_IN)

    top, bottom = MARGIN_IN, MARGIN_IN + strip
    for index, block in enumerate(data.blocks):
        _segment(sheet, (x(block.start), x(block.end)), (top, bottom), _colour(index))
    label_top = bottom + LEADER_IN
    *labels, end = layout.labels
    *starts, end_start = layout.starts
    for label, start in zip(labels, starts, strict=True):
        _leader(sheet, (x(label.at), x(label.at)), (top, bottom))  # the block's start
        _leader(sheet, (x(label.at), start), (bottom, label_top - 0.02))
        _text(sheet, start, label_top, label)
    _leader(sheet, (layout.strip_right, layout.strip_right), (top, bottom))  # the day's end
    if layout.end_beside:
        sheet.text(end_start, (top + bottom) / 2, end.time, va="center_baseline", weight="semibold")
    else:
        _leader(sheet, (layout.strip_right, layout.strip_right), (bottom, label_top - 0.02))
        _text(sheet, layout.strip_right, label_top, end, "right")
    return sheet


def _draw_column(data: DayStrip, width: float) -> Sheet:
    """Clock times, a vertical bar and the titles beside it, as tall as they need."""
    labels = _labels(data, 1.0)
    time_width = max(text_width(label.time, LABEL_PT, "semibold") for label in labels) * PT
    bar_left = MARGIN_IN + time_width + 0.08
    bar_right = bar_left + COLUMN_BAR_IN
    text_left = bar_right + 0.1
    labels = _labels(data, width - MARGIN_IN - text_left)
    heights = [max(1, len(label.title)) * LINE_IN for label in labels]
    first, last = data.blocks[0].start, data.blocks[-1].end
    needed = sum(heights[:-1]) + COLUMN_GAP_IN * len(heights)
    bar_height = max(PER_HOUR_IN * (last - first) / 60, needed)
    height = 2 * MARGIN_IN + bar_height + LINE_IN
    sheet = Sheet(width, height, y_down=True)

    def y(minutes: int) -> float:
        return MARGIN_IN + (minutes - first) / (last - first) * bar_height

    for index, block in enumerate(data.blocks):
        _segment(sheet, (bar_left, bar_right), (y(block.start), y(block.end)), _colour(index))
    wanted = [y(label.at) for label in labels]
    wanted[-1] -= LINE_IN / 2  # the day's end is centred on the bar's end
    tops = spread(wanted, heights, MARGIN_IN, height - MARGIN_IN, COLUMN_GAP_IN) or wanted
    for label, label_top in zip(labels, tops, strict=True):
        at, middle = y(label.at), label_top + LINE_IN / 2
        if label.title and abs(label_top - at) > 0.01:  # pushed: point back to its start
            _leader(sheet, (bar_right + 0.01, text_left - 0.03), (at, middle))
        sheet.text(
            bar_left - 0.08, middle, label.time, ha="right", va="center_baseline", weight="semibold"
        )
        for number, line in enumerate(label.title):
            sheet.text(text_left, middle + number * LINE_IN, line, va="center_baseline")
    return sheet


def _colour(index: int) -> str:
    return BLUE if index % 2 == 0 else PALE
