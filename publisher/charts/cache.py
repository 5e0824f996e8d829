"""The chart cache: a chart plan → the path of its SVG, drawn once per distinct content.

Files are named by the plan's key (`<sha256>.svg`), so a hit is a file that exists: reading
it needs neither matplotlib nor a lock. A miss draws the chart and writes it through a
temporary file and `os.replace`, so a reader never sees half a file, even when two build
processes draw the same chart at once.
"""

from __future__ import annotations

from pathlib import Path

from publisher.charts.chart import Chart, ChartPlan
from publisher.write import write_atomic


class ChartCache:
    """SVG drawings in one directory, keyed by content."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def has(self, plan: ChartPlan) -> bool:
        return (self.directory / f"{plan.key}.svg").is_file()

    def path(self, plan: ChartPlan) -> Path:
        """The SVG file for `plan`, drawing and storing it first on a miss."""
        target = self.directory / f"{plan.key}.svg"
        if not target.is_file():
            write_atomic(target, plan.draw("svg"))
        return target

    def chart(self, plan: ChartPlan) -> Chart:
        return Chart.from_svg(plan.name, self.path(plan).read_bytes(), plan.alt)
