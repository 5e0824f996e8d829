"""Stage 6 (assemble), comparison sheets: two to four careers → one PDF, side by side.

Landscape Letter (or A4), one or two pages, tagged like a handout: the quick facts as a table,
the pay paths on one shared axis, the time splits as bars of one length, the usual way in and
the signs it is, or is not, your thing. Figures and source lines are the handouts' own
(`layout.compare`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from publisher.charts.figures import Pictures
from publisher.errors import BuildError
from publisher.layout.compare import (
    Career,
    build_comparison,
    column,
    comparison_pay_plan,
    pay_note,
)
from publisher.layout.engine import allowed_roots, render_html
from publisher.layout.template import doc_info, environment, render_template
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import Paper, Project

SHEET_SIZES: dict[str, str] = {"letter": "letter landscape", "a4": "A4 landscape"}
MAX_PAGES = 2


def compose_comparison(
    project: Project,
    careers: Sequence[Career],
    labels: Labels,
    *,
    paper: Paper,
    pictures: Pictures,
    name: str,
    draft: bool = False,
) -> bytes:
    """The comparison sheet of `careers` (2–4, in the order given); `BuildError` past two
    pages. `name` says which sheet in a message (`compare/a-vs-b.pdf`)."""
    fmt = Formatter(project.config.locale)
    reference = project.config.reference_median
    plan = comparison_pay_plan(careers, fmt, labels, reference)
    sheet = build_comparison(
        [column(career, fmt, labels, draft) for career in careers],
        pictures.chart(plan) if plan else None,
        pay_note(careers, reference, fmt, labels),
        labels,
    )
    titles = [career.guide.title for career in careers]
    doc = doc_info(
        project,
        labels,
        title=labels.format("compare_doc_title", careers=" · ".join(titles)),
        subject=labels["compare_title"],
        keywords=titles,
        paper=paper,
        stylesheets=("compare.css",),
    )
    doc = replace(doc, page_size=SHEET_SIZES[paper])
    layouts = project.layouts
    env = environment(layouts, project.cache_dir)
    html = render_template(env, "compare.html", doc=doc, sheet=sheet, labels=labels, draft=draft)
    roots = allowed_roots(layouts, project.assets_dir, project.cache_dir)
    rendered = render_html(
        html, layouts.first, roots, name, stylesheets=doc.stylesheets, layers=layouts.folders
    )
    if len(rendered.pages) > MAX_PAGES:
        raise BuildError(
            f"{name}: the comparison runs to {len(rendered.pages)} pages; it must fit "
            f"{MAX_PAGES}. Compare fewer careers"
        )
    seed = "compare:" + ":".join(c.guide.model_dump_json() for c in careers) + f":{paper}"
    pdf: bytes = rendered.pdf_bytes(seed.encode())
    return pdf
