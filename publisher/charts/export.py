"""Chart export: a guide → its charts as SVG or PNG files, for `publisher charts SLUG`.

Files are named `<slug>-<chart>.svg` (or `.png`, drawn by matplotlib at 200 dpi) and written
atomically; the list of paths comes back in chart order.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from publisher.charts.draw import DEFAULT_SIZES, ChartSizes, plan_charts
from publisher.charts.style import Format
from publisher.guides.models import Guide
from publisher.output import write_atomic
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels

if TYPE_CHECKING:
    from publisher.project.settings import ReferenceMedian


def export_charts(
    guide: Guide,
    slug: str,
    formatter: Formatter,
    labels: Labels,
    reference: ReferenceMedian | None,
    *,
    out_dir: Path,
    fmt: Format = "svg",
    sizes: ChartSizes = DEFAULT_SIZES,
) -> list[Path]:
    """Draw every chart of the guide into `out_dir`; returns the files written."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"chart format must be 'svg' or 'png', not {fmt!r}")
    written = []
    for name, plan in plan_charts(guide, formatter, labels, reference, sizes).items():
        target = out_dir / f"{slug}-{name}.{fmt}"
        write_atomic(target, plan.draw(fmt))
        written.append(target)
    return written
