"""Stage 3 (chart), for the layouts: a guide → the chart images its spread shows.

The layouts get `Image`s (a URL the layout engine's fetcher serves, and alt text), never the
drawing code. Where the drawings live is the caller's business: it passes `Pictures`, which
turns a chart plan or a URL into an image (the build keeps one file per distinct content).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from publisher.guides.models import Guide
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import Project
from publisher.project.variants import STANDARD, LayoutVariant

if TYPE_CHECKING:
    from publisher.charts import ChartPlan


@dataclass(frozen=True)
class Image:
    """An image the page shows: a URL the fetcher serves, and its alt text."""

    src: str
    alt: str
    width_in: float = 0.0
    height_in: float = 0.0


class Pictures(Protocol):
    """Charts and QR codes as images the layout engine can read."""

    def chart(self, plan: ChartPlan) -> Image:
        """The drawing of `plan`."""
        ...

    def qr(self, url: str, alt: str) -> Image:
        """A QR code that opens `url`."""
        ...


def career_charts(
    project: Project,
    guide: Guide,
    labels: Labels,
    fmt: Formatter,
    pictures: Pictures,
    *,
    variant: LayoutVariant = STANDARD,
) -> dict[str, Image]:
    """The guide's charts by name, as images from `pictures`, as `variant` prints them."""
    plans = chart_plans(project, guide, labels, fmt, variant=variant)
    return {name: pictures.chart(plan) for name, plan in plans.items()}


# A card's time split, across the card (`layouts/css/card.css`; an A6 card is 3.53 in wide
# inside its margins): as tall as the card leaves room for, between these heights.
CARD_CHART_IN = (3.5, 1.6)
CARD_CHART_MIN_IN = 1.0


def card_chart(
    guide: Guide,
    labels: Labels,
    fmt: Formatter,
    pictures: Pictures,
    size: tuple[float, float] = CARD_CHART_IN,
) -> Image:
    """The time-split chart a table card shows, at `size` (width, height in inches)."""
    from publisher.charts.timesplit import plan_time_split

    plan = plan_time_split(guide.work.time_split, fmt, labels, *size)
    return pictures.chart(plan)


def chart_plans(
    project: Project,
    guide: Guide,
    labels: Labels,
    fmt: Formatter,
    *,
    variant: LayoutVariant = STANDARD,
) -> dict[str, ChartPlan]:
    """What the guide's charts show, by name (no drawing, no matplotlib)."""
    from publisher.charts.draw import large_print_charts, plan_charts

    reference = project.config.reference_median
    if variant.name == "large-print":
        return large_print_charts(guide, fmt, labels, reference)
    return plan_charts(guide, fmt, labels, reference)


def export_guide_charts(
    project: Project, guide: Guide, slug: str, out: Path, fmt: str
) -> list[Path]:
    """`publisher charts`: the guide's charts as SVG or PNG files in `out`."""
    from publisher.charts import export_charts
    from publisher.project.labels import load_labels

    labels = load_labels(project.layouts, project.config.locale)
    return export_charts(
        guide,
        slug,
        Formatter(project.config.locale),
        labels,
        project.config.reference_median,
        out_dir=out,
        fmt="png" if fmt == "png" else "svg",
    )
