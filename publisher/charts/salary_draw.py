"""Salary drawing: range bars with their values → SVG, on a log scale fitted to the labels.

Each panel's scale is solved so that every value label fits beside its bar inside the axis;
ticks are the 1-2-5 values inside it (with 1.5-3-7 added when fewer than three would show).
Positions are inches from the top-left corner.

The all-jobs reference is a near-black dashed line drawn over the bars and under the text: it
pauses wherever a label would sit on it (a path heading, a value), a median label moves to
the side of it when it can, and a gridline that would double it is left out. A path with only
a median is a diamond with its value in bold and a note; a panel of nothing but such paths,
with no reference to compare against, prints its figures large instead of on an axis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from publisher.charts.salary import PayPanel, PayRow, Salary
from publisher.charts.style import (
    INK,
    LABEL_PT,
    LINE_FACTOR,
    RULE,
    SKY,
    SMALL_PT,
    TITLE_PT,
    Format,
    Sheet,
    chart_context,
    render,
    text_width,
    wrap,
)

PT = 1 / 72
MARGIN_IN = 0.04
BAR_IN = 9 * PT
# Text over gridlines sits on a white box that hides the line behind it.
_KNOCKOUT = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}
_VALUE: dict[str, Any] = {"bbox": _KNOCKOUT, "zorder": 4}
TAIL_IN = 0.28  # the fade that draws an open-ended top
GAP_IN = 3 * PT  # between a bar end and its value
MIN_DECADES = 0.6  # the narrowest scale: a factor of four from end to end
LABEL_LINE_IN = TITLE_PT * LINE_FACTOR * PT
VALUE_LINE_IN = LABEL_PT * LINE_FACTOR * PT
SMALL_LINE_IN = SMALL_PT * LINE_FACTOR * PT
ROW_GAP_IN = 7 * PT
PANEL_GAP_IN = 0.1
REFERENCE_WIDTH_PT = 1.0  # the all-jobs line: near-black, dashed
REFERENCE_DASH = (0, (3.5, 2.5))  # in multiples of the line width
REFERENCE_CLEAR_IN = 2.5 * PT  # kept between the reference line and any text
GRID_CLEAR_IN = 0.08  # a gridline nearer the reference line than this is left out
DIAMOND_PT = 8.0  # a lone median's marker
DIAMOND_HALF_IN = DIAMOND_PT / 2 * PT
NUMBER_PT = 16.0  # a lone figure printed large, in a number panel
NUMBER_LINE_IN = NUMBER_PT * 1.15 * PT


@dataclass(frozen=True)
class _Scale:
    """Log scale of one panel: money → inches from the left edge."""

    low: float  # log10 at the left end of the axis
    high: float
    left: float
    width: float

    def x(self, value: float) -> float:
        return self.left + (math.log10(value) - self.low) / (self.high - self.low) * self.width

    @property
    def right(self) -> float:
        return self.left + self.width


def _width(text: str, size: float = LABEL_PT, weight: str = "normal") -> float:
    return text_width(text, size, weight) * PT


def _fit_scale(panel: PayPanel, left: float, width: float) -> _Scale:
    """The scale that leaves room for every value label beside its bar, inside the axis."""
    spans = []  # (log start, log end, inches needed left of start, right of end)
    for row in panel.rows:
        values = _values(row)
        start, end = math.log10(min(values)), math.log10(max(values))
        if row.median_only and row.median_text:
            need_left = DIAMOND_HALF_IN + 0.04
            need_right = DIAMOND_HALF_IN + GAP_IN + _width(row.median_text, weight="bold") + 0.06
        else:
            left_text = row.low_text if _has_bar(row) else None
            need_left = _width(left_text) + GAP_IN if left_text else 0.06
            need_right = _width(_right_text(row) or "") + GAP_IN + 0.06
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


def _show_heading(panel: PayPanel) -> bool:
    """A number panel prints its period after each figure, so a bare period heading goes."""
    return bool(panel.heading) and not (panel.numbers_only and panel.heading == panel.per)


def _panel_height(panel: PayPanel, width: float) -> float:
    height = LABEL_LINE_IN if _show_heading(panel) else 0.0
    if panel.numbers_only:
        for row in panel.rows:
            height += len(_row_lines(row, width)) * LABEL_LINE_IN + NUMBER_LINE_IN
            height += SMALL_LINE_IN + ROW_GAP_IN
        return height - ROW_GAP_IN / 2
    height += SMALL_LINE_IN if panel.reference else 0.0
    for row in panel.rows:
        height += len(_row_lines(row, width)) * LABEL_LINE_IN + VALUE_LINE_IN + ROW_GAP_IN
        height += VALUE_LINE_IN if row.median_text and _has_bar(row) else 0.0
        height += SMALL_LINE_IN if row.note else 0.0
    return height + SMALL_LINE_IN  # ticks


def draw_salary(data: Salary, width: float, fmt: Format, salt: str) -> bytes:
    with chart_context(salt):
        inner = width - 2 * MARGIN_IN
        heights = [_panel_height(panel, inner) for panel in data.panels]
        height = sum(heights) + PANEL_GAP_IN * (len(heights) - 1) + 2 * MARGIN_IN
        sheet = Sheet(width, height, y_down=True)
        top = MARGIN_IN
        for panel, panel_height in zip(data.panels, heights, strict=True):
            if panel.numbers_only:
                _draw_numbers(sheet, panel, MARGIN_IN, top, inner)
            else:
                _Panel(sheet, panel, _fit_scale(panel, MARGIN_IN, inner)).draw(top)
            top += panel_height + PANEL_GAP_IN
        return render(sheet.figure, fmt)


def _heading(sheet: Sheet, text: str, x: float, y: float) -> None:
    sheet.text(x, y + LABEL_LINE_IN / 2, text, va="center", size=TITLE_PT, weight="bold")


def _draw_numbers(sheet: Sheet, panel: PayPanel, left: float, top: float, width: float) -> None:
    """Lone medians with nothing to compare them with: each figure large, with its period."""
    y = top
    if _show_heading(panel) and panel.heading:
        _heading(sheet, panel.heading, left, y)
        y += LABEL_LINE_IN
    for row in panel.rows:
        for line in _row_lines(row, width):
            sheet.text(
                left, y + LABEL_LINE_IN / 2, line, va="center", size=TITLE_PT, weight="semibold"
            )
            y += LABEL_LINE_IN
        baseline = y + NUMBER_LINE_IN * 0.82
        amount = row.median_amount or row.median_text or ""
        sheet.text(left, baseline, amount, va="baseline", size=NUMBER_PT, weight="bold")
        after = left + _width(amount, NUMBER_PT, "bold") + 3 * PT
        sheet.text(after, baseline, panel.per, va="baseline", size=LABEL_PT)
        y += NUMBER_LINE_IN
        if row.note:
            sheet.text(left, y + SMALL_LINE_IN / 2, row.note, va="center_baseline", size=SMALL_PT)
        y += SMALL_LINE_IN + ROW_GAP_IN


@dataclass
class _Panel:
    """One axis panel being drawn; remembers where its text sits, for the reference line."""

    sheet: Sheet
    panel: PayPanel
    scale: _Scale
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0 x1 y0 y1

    @property
    def reference_x(self) -> float | None:
        return self.scale.x(self.panel.reference.amount) if self.panel.reference else None

    def text(
        self, x: float, y: float, text: str, ha: str = "left", size: float = LABEL_PT, **style: Any
    ) -> None:
        """Text centred on y, its box kept for the reference line to pause at."""
        weight = style.get("weight", "normal")
        width = _width(text, size, weight)
        x0 = {"left": x, "right": x - width, "center": x - width / 2}[ha]
        half = size * 0.42 * PT
        self.boxes.append((x0, x0 + width, y - half, y + half))
        self.sheet.text(x, y, text, ha=ha, va="center_baseline", size=size, **style)

    def crosses_reference(self, x0: float, x1: float) -> bool:
        ref = self.reference_x
        return ref is not None and x0 - REFERENCE_CLEAR_IN < ref < x1 + REFERENCE_CLEAR_IN

    def clear_left(self, want: float, width: float) -> float:
        """Where text `width` wide starting near `want` stays in the axis and off the line."""
        low, high = self.scale.left, self.scale.right - width
        start = min(max(want, low), max(low, high))
        ref = self.reference_x
        if ref is None or not self.crosses_reference(start, start + width):
            return start
        after, before = ref + REFERENCE_CLEAR_IN, ref - REFERENCE_CLEAR_IN - width
        options = [x for x in (after, before) if low - 1e-9 <= x <= high + 1e-9]
        return min(options, key=lambda x: abs(x - want)) if options else start

    def draw(self, top: float) -> None:
        sheet, panel, scale = self.sheet, self.panel, self.scale
        left, width = scale.left, scale.width
        y = top
        if panel.heading:
            _heading(sheet, panel.heading, left, y)
            y += LABEL_LINE_IN
        reference_y = y + SMALL_LINE_IN / 2
        if panel.reference:
            y += SMALL_LINE_IN
        grid_top = y
        for row in panel.rows:
            for line in _row_lines(row, width):
                self.text(
                    left, y + LABEL_LINE_IN / 2, line, size=TITLE_PT, weight="semibold", **_VALUE
                )
                y += LABEL_LINE_IN
            y = self.row(row, y)
        bottom = y - ROW_GAP_IN / 2
        ref = self.reference_x
        for x, text in _ticks(panel, scale):
            if ref is None or abs(x - ref) >= GRID_CLEAR_IN:  # no gridline doubling the line
                sheet.plot([x, x], [grid_top, bottom], color=RULE, linewidth=0.6, zorder=0)
            sheet.text(x, bottom + SMALL_LINE_IN / 2, text, ha="center", va="center", size=SMALL_PT)
        if panel.reference and ref is not None:
            self.reference(ref, panel.reference.text, reference_y, bottom)

    def reference(self, x: float, text: str, label_y: float, bottom: float) -> None:
        """The dashed all-jobs line from beside its label down, pausing at text in its way."""
        room_right = self.scale.right - x
        ha = "left" if _width(text, SMALL_PT) < room_right else "right"
        self.sheet.text(
            x + (0.03 if ha == "left" else -0.03),
            label_y,
            text,
            ha=ha,
            va="center",
            size=SMALL_PT,
        )
        top = label_y - SMALL_LINE_IN / 2
        stops = sorted(
            (y0 - REFERENCE_CLEAR_IN, y1 + REFERENCE_CLEAR_IN)
            for x0, x1, y0, y1 in self.boxes
            if x0 - REFERENCE_CLEAR_IN < x < x1 + REFERENCE_CLEAR_IN
        )
        segments, start = [], top
        for stop_top, stop_bottom in stops:
            if stop_top > start:
                segments.append((start, min(stop_top, bottom)))
            start = max(start, stop_bottom)
        if start < bottom:
            segments.append((start, bottom))
        for y0, y1 in segments:
            if y1 - y0 > 1.5 * PT:
                self.sheet.plot(
                    [x, x],
                    [y0, y1],
                    color=INK,
                    linewidth=REFERENCE_WIDTH_PT,
                    linestyle=REFERENCE_DASH,
                    solid_capstyle="butt",
                    dash_capstyle="butt",
                    zorder=2.5,  # over the bars, under the median marks and all text
                )

    def row(self, row: PayRow, y: float) -> float:
        """One range bar (or a lone median's diamond) with its values; returns the y below it."""
        from matplotlib.patches import Rectangle

        sheet, scale = self.sheet, self.scale
        centre = y + VALUE_LINE_IN / 2
        values = _values(row)
        start, end = scale.x(min(values)), scale.x(max(values))
        if end > start:
            sheet.add_patch(
                Rectangle(
                    (start, centre - BAR_IN / 2),
                    end - start,
                    BAR_IN,
                    facecolor=SKY,
                    edgecolor="none",
                    zorder=2,
                )
            )
        elif row.median is None:  # a lone low or high: a dot
            sheet.plot([start], [centre], marker="o", markersize=7, color=SKY, zorder=2)
        right = end
        if row.open_top:
            # A fade: stacked translucent strips, widest first, so it thins out towards the right.
            for step in range(10, 0, -1):
                sheet.add_patch(
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
        if row.median_only:
            return self.lone_median(row, start, centre)
        if row.low is not None and row.low_text and end > start:
            self.text(start - GAP_IN, centre, row.low_text, ha="right", **_VALUE)
        right_text = _right_text(row)
        if right_text:
            shift = 0.05 if not _has_bar(row) else GAP_IN  # clear a lone dot
            self.text(right + shift, centre, right_text, **_VALUE)
        y += VALUE_LINE_IN
        if row.median is not None and row.median_text:
            x = scale.x(row.median)
            sheet.plot(
                [x, x],
                [centre - BAR_IN / 2 - 2.5 * PT, centre + BAR_IN / 2 + 2.5 * PT],
                color=INK,
                linewidth=2.2,
                solid_capstyle="butt",
                zorder=3,
            )
            if end > start:
                width = _width(row.median_text)
                label_left = self.clear_left(x - width / 2, width)
                self.text(label_left, y + VALUE_LINE_IN / 2, row.median_text, **_VALUE)
                y += VALUE_LINE_IN
        return y + ROW_GAP_IN

    def lone_median(self, row: PayRow, x: float, centre: float) -> float:
        """A diamond at the median, its value in bold beside it and the note beneath."""
        self.sheet.plot(
            [x],
            [centre],
            marker="D",
            markersize=DIAMOND_PT * 0.75,  # a square of this side, turned: 8 pt corner to corner
            color=INK,
            markeredgewidth=0,
            zorder=3,
        )
        text = row.median_text or ""
        width = _width(text, weight="bold")
        after = x + DIAMOND_HALF_IN + GAP_IN
        before = x - DIAMOND_HALF_IN - GAP_IN - width
        label_left = after
        if self.crosses_reference(after, after + width) or after + width > self.scale.right:
            fits_before = before >= self.scale.left
            if fits_before and not self.crosses_reference(before, before + width):
                label_left = before
        self.text(label_left, centre, text, weight="bold", **_VALUE)
        y = centre + VALUE_LINE_IN / 2
        if row.note:
            note_width = _width(row.note, SMALL_PT)
            note_left = self.clear_left(label_left, note_width)
            self.text(note_left, y + SMALL_LINE_IN / 2, row.note, size=SMALL_PT, **_VALUE)
            y += SMALL_LINE_IN
        return y + ROW_GAP_IN


def _ticks(panel: PayPanel, scale: _Scale) -> list[tuple[float, str]]:
    """Tick positions and labels inside the axis, finer ones only where they do not crowd."""

    def inside(candidates: tuple[tuple[float, str], ...]) -> list[tuple[float, float, str]]:
        found = []
        for value, text in candidates:
            x, half = scale.x(value), _width(text, SMALL_PT) / 2
            if scale.left + half <= x <= scale.right - half:
                found.append((x, half, text))
        return found

    chosen = inside(panel.ticks)
    if len(chosen) < 3:
        for tick in inside(panel.fine_ticks):
            if all(abs(tick[0] - x) > tick[1] + half + 0.08 for x, half, _ in chosen):
                chosen.append(tick)
    return [(x, text) for x, _, text in sorted(chosen)]
