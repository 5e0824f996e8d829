"""Salary drawing: range bars with their values → SVG, on a log scale fitted to the labels.

Each panel's scale is solved so that every value label fits beside its bar inside the axis;
ticks are the 1-2-5 values inside it (with 1.5-3-7 added when fewer than three would show).
Positions are inches from the top-left corner.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from publisher.charts.salary import PayPanel, PayRow, Salary
from publisher.charts.style import (
    INK,
    LABEL_PT,
    LINE_FACTOR,
    RULE,
    SKY,
    SMALL_PT,
    TITLE_PT,
    VERMILLION,
    Format,
    chart_context,
    new_figure,
    render,
    text_width,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

PT = 1 / 72
MARGIN_IN = 0.04
BAR_IN = 9 * PT
# Text over gridlines or the reference line sits on a white box that hides the line behind it.
_KNOCKOUT = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}
_VALUE: dict[str, Any] = {"bbox": _KNOCKOUT, "zorder": 4}
TAIL_IN = 0.28  # the fade that draws an open-ended top
GAP_IN = 3 * PT  # between a bar end and its value
MIN_DECADES = 0.6  # the narrowest scale: a factor of four from end to end
LABEL_LINE_IN = TITLE_PT * LINE_FACTOR * PT
VALUE_LINE_IN = LABEL_PT * LINE_FACTOR * PT
SMALL_LINE_IN = SMALL_PT * LINE_FACTOR * PT
ROW_GAP_IN = 7 * PT


@dataclass(frozen=True)
class _Scale:
    """Log scale of one panel: money → inches from the left edge."""

    low: float  # log10 at the left end of the axis
    high: float
    left: float
    width: float

    def x(self, value: float) -> float:
        return self.left + (math.log10(value) - self.low) / (self.high - self.low) * self.width


def _fit_scale(panel: PayPanel, left: float, width: float) -> _Scale:
    """The scale that leaves room for every value label beside its bar, inside the axis."""
    spans = []  # (log start, log end, inches needed left of start, right of end)
    for row in panel.rows:
        values = [v for v in (row.low, row.median, row.high) if v is not None]
        start, end = math.log10(min(values)), math.log10(max(values))
        left_text = row.low_text if _has_bar(row) else None
        need_left = text_width(left_text, LABEL_PT) * PT + GAP_IN if left_text else 0.06
        need_right = text_width(_right_text(row) or "", LABEL_PT) * PT + GAP_IN + 0.06
        if row.open_top:
            need_right += TAIL_IN
        spans.append((start, end, need_left, need_right))
    if panel.reference:
        ref = math.log10(panel.reference.amount)
        spans.append((ref, ref, 0.2, 0.05))  # room left of the line for its tick
    low = min(s[0] for s in spans) - MIN_DECADES / 2
    high = max(s[1] for s in spans) + MIN_DECADES / 2
    for _ in range(60):  # converges in a few steps while the labels fit the width at all
        per_decade = width / (high - low)
        low = min(start - need / per_decade for start, _, need, _ in spans)
        high = max(end + need / per_decade for _, end, _, need in spans)
        if high - low < MIN_DECADES:  # a lone figure: show it on a sensible stretch of scale
            middle = (low + high) / 2
            low, high = middle - MIN_DECADES / 2, middle + MIN_DECADES / 2
    return _Scale(low, high, left, width)


def _values(row: PayRow) -> list[float]:
    return [v for v in (row.low, row.median, row.high) if v is not None]


def _has_bar(row: PayRow) -> bool:
    return max(_values(row)) > min(_values(row))


def _right_text(row: PayRow) -> str | None:
    """The value printed after the bar's right end: its top, or a lone figure."""
    if row.high is not None:
        return row.high_text
    if not _has_bar(row):
        return row.median_text or row.low_text
    return None  # a bar that ends at its median: the median is printed below


def _row_lines(row: PayRow, width: float) -> list[str]:
    return wrap(row.label, width * 72, TITLE_PT, "semibold")


def _panel_height(panel: PayPanel, width: float) -> float:
    height = LABEL_LINE_IN if panel.heading else 0.0
    height += SMALL_LINE_IN if panel.reference else 0.0
    for row in panel.rows:
        height += len(_row_lines(row, width)) * LABEL_LINE_IN + VALUE_LINE_IN + ROW_GAP_IN
        height += VALUE_LINE_IN if row.median_text and _has_bar(row) else 0.0
    return height + SMALL_LINE_IN  # ticks


def draw_salary(data: Salary, width: float, fmt: Format, salt: str) -> bytes:
    with chart_context(salt):
        inner = width - 2 * MARGIN_IN
        heights = [_panel_height(panel, inner) for panel in data.panels]
        height = sum(heights) + 0.1 * (len(heights) - 1) + 2 * MARGIN_IN
        figure = new_figure(width, height)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)  # y grows downwards, in inches
        top = MARGIN_IN
        for panel, panel_height in zip(data.panels, heights, strict=True):
            _draw_panel(ax, panel, MARGIN_IN, top, inner)
            top += panel_height + 0.1
        return render(figure, fmt)


def _draw_panel(ax: Axes, panel: PayPanel, left: float, top: float, width: float) -> None:
    scale = _fit_scale(panel, left, width)
    y = top
    if panel.heading:
        ax.text(
            left, y + LABEL_LINE_IN / 2, panel.heading, va="center", size=TITLE_PT, weight="bold"
        )
        y += LABEL_LINE_IN
    reference_y = y + SMALL_LINE_IN / 2
    if panel.reference:
        y += SMALL_LINE_IN
    grid_top = y
    for row in panel.rows:
        for line in _row_lines(row, width):
            ax.text(
                left,
                y + LABEL_LINE_IN / 2,
                line,
                va="center",
                size=TITLE_PT,
                weight="semibold",
                bbox=_KNOCKOUT,
                zorder=4,
            )
            y += LABEL_LINE_IN
        y = _draw_row(ax, row, scale, y)
    bottom = y - ROW_GAP_IN / 2
    for x, text in _ticks(panel, scale):
        ax.plot([x, x], [grid_top, bottom], color=RULE, linewidth=0.6, zorder=0)
        ax.text(x, bottom + SMALL_LINE_IN / 2, text, ha="center", va="center", size=SMALL_PT)
    if panel.reference:
        x = scale.x(panel.reference.amount)
        ax.plot(
            [x, x],
            [reference_y - SMALL_LINE_IN / 2, bottom],  # from beside its label down
            color=VERMILLION,
            linewidth=1.4,
            linestyle=(0, (3, 2)),
            zorder=2.5,
        )
        room_right = left + width - x
        ha = "left" if text_width(panel.reference.text, SMALL_PT) * PT < room_right else "right"
        ax.text(
            x + (0.03 if ha == "left" else -0.03),
            reference_y,
            panel.reference.text,
            ha=ha,
            va="center",
            size=SMALL_PT,
        )


def _ticks(panel: PayPanel, scale: _Scale) -> list[tuple[float, str]]:
    """Tick positions and labels inside the axis, finer ones only where they do not crowd."""

    def inside(candidates: tuple[tuple[float, str], ...]) -> list[tuple[float, float, str]]:
        found = []
        for value, text in candidates:
            x, half = scale.x(value), text_width(text, SMALL_PT) * PT / 2
            if scale.left + half <= x <= scale.left + scale.width - half:
                found.append((x, half, text))
        return found

    chosen = inside(panel.ticks)
    if len(chosen) < 3:
        for tick in inside(panel.fine_ticks):
            if all(abs(tick[0] - x) > tick[1] + half + 0.08 for x, half, _ in chosen):
                chosen.append(tick)
    return [(x, text) for x, _, text in sorted(chosen)]


def _draw_row(ax: Axes, row: PayRow, scale: _Scale, y: float) -> float:
    """One range bar with its values; returns the y below it."""
    from matplotlib.patches import Rectangle

    centre = y + VALUE_LINE_IN / 2
    values = [v for v in (row.low, row.median, row.high) if v is not None]
    start, end = scale.x(min(values)), scale.x(max(values))
    if end > start:
        ax.add_patch(
            Rectangle(
                (start, centre - BAR_IN / 2),
                end - start,
                BAR_IN,
                facecolor=SKY,
                edgecolor="none",
                zorder=2,
            )
        )
    elif row.median is None:  # a lone low or high: a dot (a lone median is its marker)
        ax.plot([start], [centre], marker="o", markersize=7, color=SKY, zorder=2)
    right = end
    if row.open_top:
        # A fade: stacked translucent strips, widest first, so it thins out towards the right.
        for step in range(10, 0, -1):
            ax.add_patch(
                Rectangle(
                    (end, centre - BAR_IN / 2),
                    TAIL_IN * step / 10,
                    BAR_IN,
                    facecolor=SKY,
                    alpha=0.2,
                    edgecolor="none",
                    zorder=2,
                )
            )
        right = end + TAIL_IN
    if row.low is not None and row.low_text and end > start:
        ax.text(start - GAP_IN, centre, row.low_text, ha="right", va="center_baseline", **_VALUE)
    right_text = _right_text(row)
    if right_text:
        shift = 0.05 if not _has_bar(row) else GAP_IN  # clear a lone dot or marker
        ax.text(right + shift, centre, right_text, ha="left", va="center_baseline", **_VALUE)
    y += VALUE_LINE_IN
    if row.median is not None and row.median_text:
        x = scale.x(row.median)
        ax.plot(
            [x, x],
            [centre - BAR_IN / 2 - 2.5 * PT, centre + BAR_IN / 2 + 2.5 * PT],
            color=INK,
            linewidth=2.2,
            solid_capstyle="butt",
            zorder=3,
        )
        if end > start:
            _centred_text(ax, x, y + VALUE_LINE_IN / 2, row.median_text, scale)
            y += VALUE_LINE_IN
    return y + ROW_GAP_IN


def _centred_text(ax: Axes, x: float, y: float, text: str, scale: _Scale) -> None:
    """Text centred under x, slid inwards if it would leave the axis."""
    half = text_width(text, LABEL_PT) * PT / 2
    x = min(max(x, scale.left + half), scale.left + scale.width - half)
    ax.text(x, y, text, ha="center", va="center", color=INK, bbox=_KNOCKOUT, zorder=4)
