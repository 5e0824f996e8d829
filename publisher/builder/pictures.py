"""Charts and QR codes as files the layout engine reads, drawn once per distinct content.

Files are named by their key (`publisher.builder.keys.chart`, `.qr`), so a hit is a file that
exists and is a whole SVG (one cut short or overwritten is drawn again): reading it needs
neither matplotlib nor a lock. A miss draws the picture and writes
it through a temporary file and a rename, so a reader never sees half a file, even when two
build processes draw the same chart at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.builder import keys
from publisher.builder.libraries import import_chart_library
from publisher.charts.figures import Image
from publisher.output import write_atomic

if TYPE_CHECKING:
    from publisher.charts import ChartPlan


@dataclass(frozen=True)
class PictureFiles:
    """The project's drawn charts (`charts/`) and QR codes (`qr/`) under one folder."""

    folder: Path
    locale: str = "en_US"  # the edition's: its charts' words and numbers

    def chart_path(self, plan: ChartPlan) -> Path:
        return self.folder / "charts" / f"{keys.chart(plan, self.locale)}.svg"

    def chart(self, plan: ChartPlan) -> Image:
        target = self.chart_path(plan)
        if not whole_svg(target):
            import_chart_library()
            write_atomic(target, plan.draw("svg"))
        return Image(target.as_uri(), plan.alt)

    def qr(self, url: str, alt: str) -> Image:
        target = self.folder / "qr" / f"{keys.qr(url)}.svg"
        if not whole_svg(target):
            from publisher.charts.qr import qr_svg

            write_atomic(target, qr_svg(url))
        return Image(target.as_uri(), alt)


def whole_svg(path: Path) -> bool:
    """Whether `path` holds a whole SVG drawing: it opens as one and closes its root."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64)
            stream.seek(max(0, path.stat().st_size - 16))
            tail = stream.read()
    except OSError:
        return False
    return head.lstrip().startswith((b"<?xml", b"<svg")) and tail.rstrip().endswith(b"</svg>")
