"""Salary drawing: pay panels → SVG, each on the axis `salary_scale` fits to its labels.

A panel of rows on an axis is drawn by `salary_panel`; a panel of lone medians with nothing
to compare them with prints each figure large instead. The chart is as tall as its panels.
"""

from __future__ import annotations

from publisher.charts.salary import PayPanel, Salary
from publisher.charts.salary_panel import (
    END_ROOM_IN,
    GAP_IN,
    LABEL_LINE_IN,
    MARGIN_IN,
    PT,
    ROW_GAP_IN,
    SMALL_LINE_IN,
    VALUE_LINE_IN,
    AxisPanel,
    figures,
    has_bar,
    heading,
    label_lines,
    measure,
    right_text,
    tick_width,
)
from publisher.charts.salary_scale import Scale, Span, fit_linear, fit_log
from publisher.charts.style import (
    LABEL_PT,
    SMALL_PT,
    TITLE_PT,
    Format,
    Sheet,
    chart_context,
    render,
)

MIN_BAR_IN = 0.3  # on a log axis, the shortest bar a lone median gets
PANEL_GAP_IN = 0.1
NUMBER_PT = 16.0  # a lone figure printed large, in a number panel
NUMBER_LINE_IN = NUMBER_PT * 1.15 * PT


def _spans(panel: PayPanel) -> list[Span]:
    """What each bar needs from the axis (a bar from zero starts, on a log axis, at its end)."""
    zero_need = MIN_BAR_IN if panel.log else 0.0
    spans = []
    for row in panel.rows:
        values = figures(row)
        if row.median_only and row.median is not None:
            need = GAP_IN + measure(row.median_text or "", weight="bold") + END_ROOM_IN
            start = row.median if panel.log else 0.0
            spans.append(Span(start, row.median, zero_need, need))
            continue
        left_text = row.low_text if has_bar(row) else None
        need_left = measure(left_text) + GAP_IN if left_text else 0.06
        need_right = measure(right_text(row) or "") + GAP_IN + END_ROOM_IN
        spans.append(Span(min(values), max(values), need_left, need_right))
    reference = panel.reference
    if reference and panel.reference_bar:
        need = GAP_IN + measure(reference.text) + END_ROOM_IN
        start = reference.amount if panel.log else 0.0
        spans.append(Span(start, reference.amount, zero_need, need))
    elif reference:
        spans.append(Span(reference.amount, reference.amount, 0.2, 0.05))  # room for its tick
    return spans


def fit_scale(panel: PayPanel, left: float, width: float) -> Scale:
    """The panel's axis; a linear one starts half its "$0" label in, so that label fits."""
    if panel.log:
        return fit_log(_spans(panel), left, width)
    inset = tick_width(panel.steps[0][0][1]) / 2 if panel.steps else 0.0
    return fit_linear(_spans(panel), left + inset, width - inset)


def _show_heading(panel: PayPanel) -> bool:
    """A number panel prints its period after each figure, so a bare period heading goes."""
    return bool(panel.heading) and not (panel.numbers_only and panel.heading == panel.per)


def _panel_height(panel: PayPanel, width: float) -> float:
    height = LABEL_LINE_IN if _show_heading(panel) else 0.0
    if panel.numbers_only:
        for row in panel.rows:
            height += len(label_lines(row.label, width)) * LABEL_LINE_IN + NUMBER_LINE_IN
            height += SMALL_LINE_IN + ROW_GAP_IN
        return height - ROW_GAP_IN / 2
    if panel.reference and not panel.reference_bar:
        height += SMALL_LINE_IN  # the dashed line's label
    for row in panel.rows:
        height += len(label_lines(row.label, width)) * LABEL_LINE_IN + VALUE_LINE_IN + ROW_GAP_IN
        height += VALUE_LINE_IN if row.median_text and has_bar(row) else 0.0
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
        heights = [  # labels wrap to the axis they sit over, as `AxisPanel.label` wraps them
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
                AxisPanel(sheet, panel, scale).draw(top)
            top += panel_height + PANEL_GAP_IN
        return render(sheet.figure, fmt)


def _draw_numbers(sheet: Sheet, panel: PayPanel, left: float, top: float, width: float) -> None:
    """Lone medians with nothing to compare them with: each figure large, with its period."""
    y = top
    if _show_heading(panel) and panel.heading:
        heading(sheet, panel.heading, left, y)
        y += LABEL_LINE_IN
    for row in panel.rows:
        for line in label_lines(row.label, width):
            sheet.text(
                left, y + LABEL_LINE_IN / 2, line, va="center", size=TITLE_PT, weight="semibold"
            )
            y += LABEL_LINE_IN
        baseline = y + NUMBER_LINE_IN * 0.82
        amount = row.median_amount or row.median_text or ""
        sheet.text(left, baseline, amount, va="baseline", size=NUMBER_PT, weight="bold")
        after = left + measure(amount, NUMBER_PT, "bold") + 3 * PT
        sheet.text(after, baseline, panel.per, va="baseline", size=LABEL_PT)
        y += NUMBER_LINE_IN
        if row.note:
            sheet.text(left, y + SMALL_LINE_IN / 2, row.note, va="center_baseline", size=SMALL_PT)
        y += SMALL_LINE_IN + ROW_GAP_IN
