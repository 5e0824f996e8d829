"""Stage 3 (chart): a guide → its print-grade SVG charts, each with alt text.

`plan_charts` turns a guide into chart plans: the content each chart shows, formatted for the
locale, and the alt text (no matplotlib). A plan draws itself into SVG with text kept as text
in the layout's font, byte for byte the same for the same content, and `ChartCache` keeps one
drawing per distinct content for every handout and booklet that shows it.

    time-split  the work's activities as a donut with direct labels   (`timesplit`)
    salary      pay paths as range bars on a log scale                (`salary`)
    day         the typical day as a timeline strip                   (`day`)
"""

from publisher.charts.cache import ChartCache
from publisher.charts.chart import Chart, ChartPlan
from publisher.charts.draw import DEFAULT_SIZES, ChartSizes, draw_charts, plan_charts
from publisher.charts.export import export_charts

__all__ = [
    "DEFAULT_SIZES",
    "Chart",
    "ChartCache",
    "ChartPlan",
    "ChartSizes",
    "draw_charts",
    "export_charts",
    "plan_charts",
]
