"""Salary drawing: pay bars with their values → SVG, on the axis `salary_scale` fits.

Each row is a path's label over its bar: a range from low to high with the median marked (an
open top ends in an arrowhead at its value), or a lone median as a solid bar from zero. Under
a lone median, the all-occupations median is a grey bar; in a panel without one it is a
near-black dashed line drawn over the bars and under the text, pausing wherever a label would
sit on it (a median label moves to the side of it when it can, and a gridline that would
double it is left out). Positions are inches from the top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from publisher.charts.salary import PayPanel, PayRow, Salary
from publisher.charts.salary_scale import Scale, Span, fit_linear, fit_log, ticks
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
HEAD_IN = 8 * PT  # an open top's arrowhead: its length, its tip at the top value
HEAD_HALF_IN = 7 * PT  # and half its height, wider than the bar so it reads as an arrow
# Text over gridlines sits on a white box that hides the line behind it: drawn over the
# gridlines and under the bars, so a box a little taller than its text never nicks a bar.
KNOCKOUT_PAD = 0.15  # of the font size, on every side
KNOCKOUT_HALF = 0.62  # half the box's height, of the font size: cap height and descenders
GAP_IN = 3 * PT  # between a bar end and its value
END_ROOM_IN = 0.04  # kept between a value and the axis end
MIN_BAR_IN = 0.3  # on a log axis, the shortest bar a lone median gets
LABEL_LINE_IN = TITLE_PT * LINE_FACTOR * PT
VALUE_LINE_IN = LABEL_PT * LINE_FACTOR * PT
SMALL_LINE_IN = SMALL_PT * LINE_FACTOR * PT
ROW_GAP_IN = 7 * PT
PANEL_GAP_IN = 0.1
REFERENCE_WIDTH_PT = 1.0  # the all-jobs line: near-black, dashed
REFERENCE_DASH = (0, (3.5, 2.5))  # in multiples of the line width
REFERENCE_CLEAR_IN = 2.5 * PT  # kept between the reference line and any text
GRID_CLEAR_IN = 0.08  # a gridline nearer the reference line than this is left out
NUMBER_PT = 16.0  # a lone figure printed large, in a number panel
NUMBER_LINE_IN = NUMBER_PT * 1.15 * PT


def _width(text: str, size: float = LABEL_PT, weight: str = "normal") -> float:
    return text_width(text, size, weight) * PT


def _tick_width(text: str) -> float:
    return _width(text, SMALL_PT)


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


def _spans(panel: PayPanel) -> list[Span]:
    """What each bar needs from the axis (a bar from zero starts, on a log axis, at its end)."""
    zero_need = MIN_BAR_IN if panel.log else 0.0
    spans = []
    for row in panel.rows:
        values = _values(row)
        if row.median_only and row.median is not None:
            need = GAP_IN + _width(row.median_text or "", weight="bold") + END_ROOM_IN
            start = row.median if panel.log else 0.0
            spans.append(Span(start, row.median, zero_need, need))
            continue
        left_text = row.low_text if _has_bar(row) else None
        need_left = _width(left_text) + GAP_IN if left_text else 0.06
        need_right = _width(_right_text(row) or "") + GAP_IN + END_ROOM_IN
        spans.append(Span(min(values), max(values), need_left, need_right))
    reference = panel.reference
    if reference and panel.reference_bar:
        need = GAP_IN + _width(reference.text) + END_ROOM_IN
        start = reference.amount if panel.log else 0.0
        spans.append(Span(start, reference.amount, zero_need, need))
    elif reference:
        spans.append(Span(reference.amount, reference.amount, 0.2, 0.05))  # room for its tick
    return spans


def fit_scale(panel: PayPanel, left: float, width: float) -> Scale:
    """The panel's axis; a linear one starts half its "$0" label in, so that label fits."""
    if panel.log:
        return fit_log(_spans(panel), left, width)
    inset = _tick_width(panel.steps[0][0][1]) / 2 if panel.steps else 0.0
    return fit_linear(_spans(panel), left + inset, width - inset)


def _lines(text: str, width: float) -> list[str]:
    return wrap(text, width * 72, TITLE_PT, "semibold")


def _show_heading(panel: PayPanel) -> bool:
    """A number panel prints its period after each figure, so a bare period heading goes."""
    return bool(panel.heading) and not (panel.numbers_only and panel.heading == panel.per)


def _panel_height(panel: PayPanel, width: float) -> float:
    height = LABEL_LINE_IN if _show_heading(panel) else 0.0
    if panel.numbers_only:
        for row in panel.rows:
            height += len(_lines(row.label, width)) * LABEL_LINE_IN + NUMBER_LINE_IN
            height += SMALL_LINE_IN + ROW_GAP_IN
        return height - ROW_GAP_IN / 2
    if panel.reference and not panel.reference_bar:
        height += SMALL_LINE_IN  # the dashed line's label
    for row in panel.rows:
        height += len(_lines(row.label, width)) * LABEL_LINE_IN + VALUE_LINE_IN + ROW_GAP_IN
        height += VALUE_LINE_IN if row.median_text and _has_bar(row) else 0.0
        height += VALUE_LINE_IN if row.median_only and panel.reference else 0.0  # grey bar
        height += SMALL_LINE_IN if row.note else 0.0
    return height + SMALL_LINE_IN * (2 if panel.log else 1)  # ticks, and "log scale"


def draw_salary(data: Salary, width: float, fmt: Format, salt: str) -> bytes:
    with chart_context(salt):
        inner = width - 2 * MARGIN_IN
        scales = [
            None if panel.numbers_only else fit_scale(panel, MARGIN_IN, inner)
            for panel in data.panels
        ]
        heights = [  # labels wrap to the axis they sit over, as `_Panel.label` wraps them
            _panel_height(panel, scale.width if scale else inner)
            for panel, scale in zip(data.panels, scales, strict=True)
        ]
        height = sum(heights) + PANEL_GAP_IN * (len(heights) - 1) + 2 * MARGIN_IN
        sheet = Sheet(width, height, y_down=True)
        top = MARGIN_IN
        for panel, scale, panel_height in zip(data.panels, scales, heights, strict=True):
            if scale is None:
                _draw_numbers(sheet, panel, MARGIN_IN, top, inner)
            else:
                _Panel(sheet, panel, scale).draw(top)
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
        for line in _lines(row.label, width):
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

        width = _width(text, size, weight)
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
        for line in _lines(text, self.scale.width):
            self.text(
                self.scale.left, y + LABEL_LINE_IN / 2, line, size=TITLE_PT, weight="semibold"
            )
            y += LABEL_LINE_IN
        return y

    def draw(self, top: float) -> None:
        sheet, panel, scale = self.sheet, self.panel, self.scale
        y = top
        if panel.heading:
            _heading(sheet, panel.heading, scale.left, y)
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
        for x, text in ticks(self.panel, scale, _tick_width, MARGIN_IN):
            if ref is None or abs(x - ref) >= GRID_CLEAR_IN:  # no gridline doubling the line
                sheet.plot([x, x], [top, bottom], color=RULE, linewidth=0.6, zorder=0)
            sheet.text(x, bottom + SMALL_LINE_IN / 2, text, ha="center", va="center", size=SMALL_PT)
        if scale.log:
            y = bottom + SMALL_LINE_IN * 1.5
            sheet.text(scale.right, y, self.panel.log_label, ha="right", va="center", size=SMALL_PT)

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
        values = _values(row)
        start, end = scale.x(min(values)), scale.x(max(values))
        if end > start and row.open_top:
            self.arrow(start, end, centre)
        elif end > start:
            self.bar(start, end, centre, SKY)
        else:  # a lone low or high: a dot
            sheet.plot([start], [centre], marker="o", markersize=7, color=SKY, zorder=2)
        if row.low is not None and row.low_text and end > start:
            width = _width(row.low_text)
            if start - GAP_IN - width >= scale.left - MARGIN_IN:
                self.text(start - GAP_IN, centre, row.low_text, ha="right")
            else:  # no room before the bar: inside its start
                self.text(start + GAP_IN, centre, row.low_text, knockout=False)
        right_text = _right_text(row)
        if right_text:
            shift = 0.05 if not _has_bar(row) else GAP_IN  # clear a lone dot
            self.text(end + shift, centre, right_text)
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
