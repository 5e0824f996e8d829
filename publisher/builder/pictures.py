"""Charts and QR codes as files the layout engine reads, drawn once per distinct content.

Files are named by their key (`publisher.builder.keys.chart`, `.qr`), so a hit is a file that
exists: reading it needs neither matplotlib nor a lock. A miss draws the picture and writes
it through a temporary file and a rename, so a reader never sees half a file, even when two
build processes draw the same chart at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publisher.builder import keys
from publisher.charts import ChartPlan
from publisher.charts.figures import Image
from publisher.output import write_atomic


@dataclass(frozen=True)
class PictureFiles:
    """The project's drawn charts (`charts/`) and QR codes (`qr/`) under one folder."""

    folder: Path

    def chart_path(self, plan: ChartPlan) -> Path:
        return self.folder / "charts" / f"{keys.chart(plan)}.svg"

    def chart(self, plan: ChartPlan) -> Image:
        target = self.chart_path(plan)
        if not target.is_file():
            write_atomic(target, plan.draw("svg"))
        return Image(target.as_uri(), plan.alt)

    def qr(self, url: str, alt: str) -> Image:
        target = self.folder / "qr" / f"{keys.qr(url)}.svg"
        if not target.is_file():
            from publisher.charts.qr import qr_svg

            write_atomic(target, qr_svg(url))
        return Image(target.as_uri(), alt)
