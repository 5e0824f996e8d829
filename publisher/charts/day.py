"""The typical day: a guide's schedule → a timeline strip of its blocks.

Each block runs from its start to the next block's start; the last one to `day.end`, or an
hour when the guide gives no end. Wide (≥ 5 in) the strip runs across the page, clock times
above it and titles below each block; narrower, or when a title cannot fit its block, it
stands as a column: clock times, a bar, and the titles beside it, as tall as it needs.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from publisher.charts.chart import ChartPlan
from publisher.charts.placement import spread
from publisher.charts.style import (
    BLUE,
    INK,
    LABEL_PT,
    LINE_FACTOR,
    PALE,
    Format,
    chart_context,
    new_figure,
    render,
    text_width,
    wrap,
)
from publisher.formatting import Formatter
from publisher.labels import Labels
from publisher.models import Day

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

NAME = "day"
WIDTH_IN = 7.0
HEIGHT_IN = 1.1
ROW_MIN_WIDTH_IN = 5.0
PT = 1 / 72
MARGIN_IN = 0.04
LINE_IN = LABEL_PT * LINE_FACTOR * PT
STRIP_IN = 0.2  # thickness of the strip
ROW_STRIP_MAX_IN = 0.26  # a row strip thickens up to this to fill the height it is given
ROW_WRAPS_IN = (1.2, 0.95, 0.75, 0.6)  # title widths tried, widest first, until labels fit
LEADER_IN = 0.1  # strip to labels
LABEL_GAP_IN = 0.1  # between two labels side by side
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


@dataclass(frozen=True)
class _Label:
    at: int  # the minute it belongs to: a block's start, or the day's end
    time: str
    title: list[str]  # wrapped; empty for the day's end

    @property
    def lines(self) -> int:
        return 1 + len(self.title)

    def width(self) -> float:
        widths = [text_width(self.time, LABEL_PT, "semibold")]
        widths += [text_width(line, LABEL_PT) for line in self.title]
        return max(widths) * PT


def _labels(data: DayStrip, wrap_in: float) -> list[_Label]:
    labels = [
        _Label(b.start, b.time_text, wrap(b.title, wrap_in * 72, LABEL_PT)) for b in data.blocks
    ]
    return [*labels, _Label(data.blocks[-1].end, data.end_text, [])]


def _draw(data: DayStrip, width: float, height: float, fmt: Format, salt: str) -> bytes:
    with chart_context(salt):
        row = None
        if data.layout == "row" or (data.layout == "auto" and width >= ROW_MIN_WIDTH_IN):
            row = _row_layout(data, width)
        figure = _draw_row(data, width, height, *row) if row else _draw_column(data, width)
        return render(figure, fmt)


def _row_layout(data: DayStrip, width: float) -> tuple[list[_Label], list[float]] | None:
    """Labels under the strip, each as near its block's start as the others allow."""
    first, last = data.blocks[0].start, data.blocks[-1].end
    inner = width - 2 * MARGIN_IN
    for wrap_in in ROW_WRAPS_IN:
        labels = _labels(data, wrap_in)
        widths = [label.width() for label in labels]
        wanted = [MARGIN_IN + (label.at - first) / (last - first) * inner for label in labels]
        wanted[-1] -= widths[-1]  # the day's end hangs left of the strip's end
        starts = spread(wanted, widths, MARGIN_IN, width - MARGIN_IN, LABEL_GAP_IN)
        if starts is not None:
            return labels, starts
    return None


def _canvas(figure: Figure, width: float, height: float) -> Axes:
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # y grows downwards, in inches
    return ax


def _segment(ax: Axes, xs: tuple[float, float], ys: tuple[float, float], colour: str) -> None:
    from matplotlib.patches import Rectangle

    (x0, x1), (y0, y1) = xs, ys
    ax.add_patch(
        Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=colour, edgecolor="white", linewidth=1.5)
    )


def _leader(ax: Axes, xs: tuple[float, float], ys: tuple[float, float]) -> None:
    ax.plot(xs, ys, color=INK, linewidth=0.9, solid_capstyle="butt")


def _text(ax: Axes, x: float, top: float, label: _Label, ha: str = "left") -> None:
    """The clock time in semibold, the title beneath it."""
    ax.text(x, top + LINE_IN / 2, label.time, ha=ha, va="center_baseline", weight="semibold")
    for number, line in enumerate(label.title, start=1):
        ax.text(x, top + (number + 0.5) * LINE_IN, line, ha=ha, va="center_baseline")


def _draw_row(
    data: DayStrip, width: float, height: float, labels: list[_Label], starts: list[float]
) -> Figure:
    first, last = data.blocks[0].start, data.blocks[-1].end
    inner = width - 2 * MARGIN_IN
    lines = max(label.lines for label in labels)
    rest = 2 * MARGIN_IN + LEADER_IN + lines * LINE_IN
    strip = min(max(height - rest, STRIP_IN), ROW_STRIP_MAX_IN)
    figure = new_figure(width, max(height, rest + strip))
    ax = _canvas(figure, width, max(height, rest + strip))

    def x(minutes: int) -> float:
        return MARGIN_IN + (minutes - first) / (last - first) * inner

    top, bottom = MARGIN_IN, MARGIN_IN + strip
    for index, block in enumerate(data.blocks):
        _segment(ax, (x(block.start), x(block.end)), (top, bottom), _colour(index))
    label_top = bottom + LEADER_IN
    for index, (label, start) in enumerate(zip(labels, starts, strict=True)):
        end = index == len(labels) - 1
        edge = start + label.width() if end else start
        _leader(ax, (x(label.at), x(label.at)), (top, bottom))  # the block's start
        _leader(ax, (x(label.at), edge), (bottom, label_top - 0.02))
        _text(ax, edge, label_top, label, "right" if end else "left")
    return figure


def _draw_column(data: DayStrip, width: float) -> Figure:
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
    figure = new_figure(width, height)
    ax = _canvas(figure, width, height)

    def y(minutes: int) -> float:
        return MARGIN_IN + (minutes - first) / (last - first) * bar_height

    for index, block in enumerate(data.blocks):
        _segment(ax, (bar_left, bar_right), (y(block.start), y(block.end)), _colour(index))
    wanted = [y(label.at) for label in labels]
    wanted[-1] -= LINE_IN / 2  # the day's end is centred on the bar's end
    tops = spread(wanted, heights, MARGIN_IN, height - MARGIN_IN, COLUMN_GAP_IN) or wanted
    for label, label_top in zip(labels, tops, strict=True):
        at, middle = y(label.at), label_top + LINE_IN / 2
        if label.title and abs(label_top - at) > 0.01:  # pushed: point back to its start
            _leader(ax, (bar_right + 0.01, text_left - 0.03), (at, middle))
        ax.text(
            bar_left - 0.08, middle, label.time, ha="right", va="center_baseline", weight="semibold"
        )
        for number, line in enumerate(label.title):
            ax.text(text_left, middle + number * LINE_IN, line, va="center_baseline")
    return figure


def _colour(index: int) -> str:
    return BLUE if index % 2 == 0 else PALE
