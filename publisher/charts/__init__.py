"""Stage 3 (chart): a guide → its print-grade SVG charts, each with alt text.

`plan_charts` turns a guide into chart plans: the content each chart shows, formatted for the
locale, and the alt text (no matplotlib). A plan draws itself into SVG with text kept as text
in the layout's font, byte for byte the same for the same content (`figures` hands them to the
layouts as images; `qr` draws the QR codes the pages carry).

    timesplit    the work's activities as a donut with direct labels ("time-split")
    limits       what the charts can show, for the rules that check a guide (no drawing)
    salary       pay paths as bars on a shared pay axis, linear from zero ("salary")
    salary_scale the salary chart's axis: linear (or log past 10×), fitted to its labels
    salary_draw  the salary chart's drawing: its panels, as tall as they need
    salary_panel one axis panel of the salary chart: bars, values, gridlines, all-jobs line
    day          the typical day as a timeline strip ("day")
    chart        a chart plan: what it shows, its identity, its drawing
    draw         a guide → its chart plans, at the sizes the spread places them
    style        the charts' look: palette, fonts, matplotlib settings, text measuring
    placement    labels spread along an axis without overlapping
    figures      chart plans → images for the layouts (through `Pictures`)
    qr           a URL → a QR code SVG
    inline       a chart's SVG → the same drawing inline in a web page, named for screen readers
    export       `publisher charts`: a guide's charts as SVG or PNG files
"""

# The names below load when first used: loading and checking guides needs none of the drawing.
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.charts.chart import ChartPlan
    from publisher.charts.draw import DEFAULT_SIZES, ChartSizes, plan_charts
    from publisher.charts.export import export_charts

__all__ = [
    "DEFAULT_SIZES",
    "ChartPlan",
    "ChartSizes",
    "export_charts",
    "plan_charts",
]

_HOMES = {
    "ChartPlan": "chart",
    "DEFAULT_SIZES": "draw",
    "ChartSizes": "draw",
    "plan_charts": "draw",
    "export_charts": "export",
}


def __getattr__(name: str) -> Any:
    """The package's names, each imported from its module when first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'publisher.charts' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"publisher.charts.{home}"), name)
