"""Stage 3 (chart), for the layouts: a guide → the chart images its spread shows.

Charts are drawn once per distinct content into the project's cache and served to WeasyPrint
from there as files; the layouts get `Image`s (URL + alt text), never the drawing code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from publisher.context import Image
from publisher.formatting import Formatter
from publisher.labels import Labels
from publisher.models import Guide
from publisher.project import Project

if TYPE_CHECKING:
    from publisher.charts import ChartPlan, ChartSizes

TIME_SPLIT_IN = (3.1, 2.1)  # the right column of "The work"
SALARY_WIDTH_IN = 3.1  # the right column of "The numbers"
DAY_IN = (7.3, 1.0)  # the full measure of a Letter page


def _sizes() -> ChartSizes:
    from publisher.charts import ChartSizes

    return ChartSizes(time_split=TIME_SPLIT_IN, salary_width=SALARY_WIDTH_IN, day=DAY_IN)


def career_charts(
    project: Project, guide: Guide, labels: Labels, fmt: Formatter
) -> dict[str, Image]:
    """The guide's charts by name, as files in the project's chart cache."""
    from publisher.charts import ChartCache

    cache = ChartCache(project.cache_dir / "charts")
    images = {}
    for name, plan in chart_plans(project, guide, labels, fmt).items():
        path = cache.path(plan)
        images[name] = Image(path.as_uri(), plan.alt)
    return images


def chart_plans(
    project: Project, guide: Guide, labels: Labels, fmt: Formatter
) -> dict[str, ChartPlan]:
    """What the guide's charts show, by name (no drawing, no matplotlib)."""
    from publisher.charts import plan_charts

    return plan_charts(guide, fmt, labels, project.config.reference_median, _sizes())


def export_guide_charts(
    project: Project, guide: Guide, slug: str, out: Path, fmt: str
) -> list[Path]:
    """`publisher charts`: the guide's charts as SVG or PNG files in `out`."""
    from publisher.charts import export_charts
    from publisher.labels import load_labels

    labels = load_labels(project.layouts_dir, project.config.locale)
    return export_charts(
        guide,
        slug,
        Formatter(project.config.locale),
        labels,
        project.config.reference_median,
        out_dir=out,
        fmt="png" if fmt == "png" else "svg",
        sizes=_sizes(),
    )
