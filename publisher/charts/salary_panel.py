"""Salary axis panel: one panel's rows → bars, values, gridlines and ticks on a Sheet.

Each row is a path's label over its bar: a range from low to high with the median marked (an
open top ends in an arrowhead at its value), or a lone median as a solid bar from zero with
the grey all-occupations bar beneath it. In a panel without a lone median the
all-occupations median is a near-black dashed line drawn over the bars and under the text,
pausing wherever a label would sit on it (a median label moves to the side of it when it
can, and a gridline that would double it is left out). Positions are inches from the
top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from publisher.charts.salary import PayPanel, PayRow
from publisher.charts.salary_scale import Scale, ticks
from publisher.charts.style import (
    BLUE,
    INK,
    LABEL_PT,
    LINE_FACTOR,
    REFERENCE_FILL,
    RULE,
    SKY,
    SMALL_PT,
    TITLE_PT,
    Sheet,
    text_width,
    wrap,
)

PT = 1 / 72
MARGIN_IN = 0.04
BAR_IN = 9 * PT
HEAD_IN = 8 * PT  # an open top's arrowhead: its length, its tip at the top value
HEAD_HALF_IN = 7 * PT  # and half its height, wider than the bar so it reads as an arrow
# Text over gridlines sits on a white box that hides the line behind it: drawn over the
# gridlines and under the bars, so a box a little taller than its text never nicks a bar.
KNOCKOUT_PAD = 0.15  # of the font size, on every side
KNOCKOUT_HALF = 0.62  # half the box's height, of the font size: cap height and descenders
GAP_IN = 3 * PT  # between a bar end and its value
END_ROOM_IN = 0.04  # kept between a value and the axis end
LABEL_LINE_IN = TITLE_PT * LINE_FACTOR * PT
VALUE_LINE_IN = LABEL_PT * LINE_FACTOR * PT
SMALL_LINE_IN = SMALL_PT * LINE_FACTOR * PT
ROW_GAP_IN = 7 * PT
REFERENCE_WIDTH_PT = 1.0  # the all-jobs line: near-black, dashed
REFERENCE_DASH = (0, (3.5, 2.5))  # in multiples of the line width
REFERENCE_CLEAR_IN = 2.5 * PT  # kept between the reference line and any text
GRID_CLEAR_IN = 0.08  # a gridline nearer the reference line than this is left out


def measure(text: str, size: float = LABEL_PT, weight: str = "normal") -> float:
    return text_width(text, size, weight) * PT


def tick_width(text: str) -> float:
    return measure(text, SMALL_PT)


def figures(row: PayRow) -> list[float]:
    return [v for v in (row.low, row.median, row.high) if v is not None]


def has_bar(row: PayRow) -> bool:
    return max(figures(row)) > min(figures(row))


def right_text(row: PayRow) -> str | None:
    """The value printed after the bar's right end: its top, or a lone figure."""
    if row.high is not None:
        return row.high_text
    if not has_bar(row):
        return row.median_text or row.low_text
    return None  # a bar that ends at its median: the median is printed below


def label_lines(text: str, width: float) -> list[str]:
    return wrap(text, width * 72, TITLE_PT, "semibold")


def heading(sheet: Sheet, text: str, x: float, y: float) -> None:
    sheet.text(x, y + LABEL_LINE_IN / 2, text, va="center", size=TITLE_PT, weight="bold")


@dataclass
class AxisPanel:
    """One axis panel being drawn; remembers where its text sits, for the reference line."""

    sheet: Sheet
    panel: PayPanel
    scale: Scale
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0 x1 y0 y1

    @property
    def reference_x(self) -> float | None:
        """Where the dashed all-jobs line runs (none when the reference is a bar)."""
        reference = self.panel.reference
        if reference is None or self.panel.reference_bar:
            return None
        return self.scale.x(reference.amount)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        ha: str = "left",
        size: float = LABEL_PT,
        weight: str = "normal",
        knockout: bool = True,
    ) -> None:
        """Text centred on y on a white box, its extent kept for the reference line to pause at."""
        from matplotlib.patches import Rectangle

        width = measure(text, size, weight)
        x0 = {"left": x, "right": x - width, "center": x - width / 2}[ha]
        half = size * 0.42 * PT
        self.boxes.append((x0, x0 + width, y - half, y + half))
        if knockout:
            pad, tall = size * KNOCKOUT_PAD * PT, size * KNOCKOUT_HALF * PT
            box = Rectangle((x0 - pad, y - tall), width + 2 * pad, 2 * tall, facecolor="white")
            box.set(edgecolor="none", zorder=1)
            self.sheet.add_patch(box)
        style = {"ha": ha, "va": "center_baseline", "size": size, "weight": weight, "zorder": 4}
        self.sheet.text(x, y, text, **style)

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

    def label(self, text: str, y: float) -> float:
        """A path's label over its bar, wrapped to the axis; returns the y below it."""
        for line in label_lines(text, self.scale.width):
            self.text(
                self.scale.left, y + LABEL_LINE_IN / 2, line, size=TITLE_PT, weight="semibold"
            )
            y += LABEL_LINE_IN
        return y

    def draw(self, top: float) -> None:
        sheet, panel, scale = self.sheet, self.panel, self.scale
        y = top
        if panel.heading:
            heading(sheet, panel.heading, scale.left, y)
            y += LABEL_LINE_IN
        reference_y = y + SMALL_LINE_IN / 2
        if self.reference_x is not None:
            y += SMALL_LINE_IN
        grid_top = y
        for row in panel.rows:
            y = self.row(row, self.label(row.label, y))
        bottom = y - ROW_GAP_IN / 2
        self.axis(grid_top, bottom)
        ref = self.reference_x
        if panel.reference and ref is not None:
            self.reference(ref, panel.reference.text, reference_y, bottom)

    def axis(self, top: float, bottom: float) -> None:
        """Gridlines and tick labels, and "log scale" under a log axis."""
        sheet, scale, ref = self.sheet, self.scale, self.reference_x
        for x, text in ticks(self.panel, scale, tick_width, MARGIN_IN):
            if ref is None or abs(x - ref) >= GRID_CLEAR_IN:  # no gridline doubling the line
                sheet.plot([x, x], [top, bottom], color=RULE, linewidth=0.6, zorder=0)
            sheet.text(x, bottom + SMALL_LINE_IN / 2, text, ha="center", va="center", size=SMALL_PT)
        if scale.log:
            y = bottom + SMALL_LINE_IN * 1.5
            sheet.text(scale.right, y, self.panel.log_label, ha="right", va="center", size=SMALL_PT)

    def reference(self, x: float, text: str, label_y: float, bottom: float) -> None:
        """The dashed all-jobs line from beside its label down, pausing at text in its way."""
        room_right = self.scale.right - x
        ha = "left" if measure(text, SMALL_PT) < room_right else "right"
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

    def bar(self, start: float, end: float, centre: float, colour: str) -> None:
        from matplotlib.patches import Rectangle

        top = centre - BAR_IN / 2
        patch = Rectangle((start, top), end - start, BAR_IN, facecolor=colour, edgecolor="none")
        patch.set_zorder(2)
        self.sheet.add_patch(patch)

    def arrow(self, start: float, tip: float, centre: float) -> None:
        """A range whose top is open: a bar ending in an arrowhead, its tip at the top value."""
        from matplotlib.patches import Polygon

        neck = max(start, tip - HEAD_IN)
        top, bottom = centre - BAR_IN / 2, centre + BAR_IN / 2
        points = [(start, top), (neck, top), (neck, centre - HEAD_HALF_IN), (tip, centre)]
        points += [(neck, centre + HEAD_HALF_IN), (neck, bottom), (start, bottom)]
        self.sheet.add_patch(Polygon(points, facecolor=SKY, edgecolor="none", zorder=2))

    def row(self, row: PayRow, y: float) -> float:
        """One path's bar with its values; returns the y below it."""
        sheet, scale = self.sheet, self.scale
        centre = y + VALUE_LINE_IN / 2
        if row.median_only and row.median is not None:
            return self.median_bar(row, y)
        values = figures(row)
        start, end = scale.x(min(values)), scale.x(max(values))
        if end > start and row.open_top:
            self.arrow(start, end, centre)
        elif end > start:
            self.bar(start, end, centre, SKY)
        else:  # a lone low or high: a dot
            sheet.plot([start], [centre], marker="o", markersize=7, color=SKY, zorder=2)
        if row.low is not None and row.low_text and end > start:
            width = measure(row.low_text)
            if start - GAP_IN - width >= scale.left - MARGIN_IN:
                self.text(start - GAP_IN, centre, row.low_text, ha="right")
            else:  # no room before the bar: inside its start
                self.text(start + GAP_IN, centre, row.low_text, knockout=False)
        after = right_text(row)
        if after:
            shift = 0.05 if not has_bar(row) else GAP_IN  # clear a lone dot
            self.text(end + shift, centre, after)
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
                width = measure(row.median_text)
                label_left = self.clear_left(x - width / 2, width)
                self.text(label_left, y + VALUE_LINE_IN / 2, row.median_text)
                y += VALUE_LINE_IN
        return y + ROW_GAP_IN

    def median_bar(self, row: PayRow, y: float) -> float:
        """A lone median: a solid bar from zero, its value in bold at the end, the grey
        all-occupations bar beneath it and then the note."""
        centre = y + VALUE_LINE_IN / 2
        end = self.scale.x(row.median or 0.0)
        self.bar(self.scale.left, end, centre, BLUE)
        self.text(end + GAP_IN, centre, row.median_text or "", weight="bold")
        y += VALUE_LINE_IN
        reference = self.panel.reference
        if reference:
            centre = y + VALUE_LINE_IN / 2
            end = self.scale.x(reference.amount)
            self.bar(self.scale.left, end, centre, REFERENCE_FILL)
            self.text(end + GAP_IN, centre, reference.text)
            y += VALUE_LINE_IN
        if row.note:
            self.text(self.scale.left, y + SMALL_LINE_IN / 2, row.note, size=SMALL_PT)
            y += SMALL_LINE_IN
        return y + ROW_GAP_IN
