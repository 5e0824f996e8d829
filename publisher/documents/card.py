"""Stage 6 (assemble), table cards: one career → a one-page card PDF, front only.

A quarter of the paper (4.25 × 5.5 in on Letter, A6 on A4), tagged like a handout. The card
reuses the handout's pieces: its quick facts and source lines (`layout.views`), the time split
from the charts stage, the QR code of the guide's page. `cutsheet` puts four on a sheet.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from publisher.charts.figures import Image, Pictures
from publisher.documents.handout import Career, guide_url
from publisher.errors import BuildError
from publisher.layout import pagebox
from publisher.layout.cards import CardView, build_card
from publisher.layout.engine import allowed_roots, render_html
from publisher.layout.template import doc_info, environment, render_template
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import Paper, Project

# A quarter of the sheet: four cards cut from one Letter (or A4) page.
CARD_SIZES: dict[str, str] = {"letter": "4.25in 5.5in", "a4": "A6"}


def make_card(
    project: Project, career: Career, *, labels: Labels, fmt: Formatter, pictures: Pictures
) -> CardView:
    chart = career.charts.get("card-time-split")
    if chart is None:
        raise BuildError(f"{career.display}: the card's time-split chart was not drawn")
    url = guide_url(project, career)
    return build_card(
        career.slug,
        career.guide,
        fmt=fmt,
        labels=labels,
        cluster_name=project.cluster_name(career.guide.cluster),
        chart=chart,
        qr=pictures.qr(url, labels.format("qr_alt", url=url)) if url else None,
        url=url,
        draft=career.draft,
    )


def compose_card(
    project: Project, career: Career, labels: Labels, *, paper: Paper, pictures: Pictures
) -> bytes:
    """The one-page card PDF for one career; `BuildError` if it does not fit its page."""
    fmt = Formatter(project.config.locale)
    card = make_card(project, career, labels=labels, fmt=fmt, pictures=pictures)
    guide = career.guide
    doc = doc_info(
        project,
        labels,
        title=guide.title,
        subject=card.pitch,
        keywords=[guide.title, card.cluster_name, *guide.tags],
        paper=paper,
        stylesheets=("card.css",),
    )
    doc = replace(doc, page_size=CARD_SIZES[paper])
    layouts = project.layouts
    env = environment(layouts, project.cache_dir)
    html = render_template(env, "card.html", doc=doc, card=card, labels=labels)
    roots = allowed_roots(layouts, project.assets_dir, project.cache_dir)
    rendered = render_html(
        html,
        layouts.first,
        roots,
        career.display,
        stylesheets=doc.stylesheets,
        layers=layouts.folders,
    )
    pages = len(rendered.pages)
    if pages != 1:
        raise BuildError(
            f"{career.display}: the table card runs to {pages} pages; it must fit one. "
            "Shorten the title, the summary's first sentence or the starter's title"
        )
    _check_foot(rendered.pages[0], career.display)
    seed = f"card:{career.slug}:{paper}:{guide.model_dump_json()}".encode()
    return rendered.pdf_bytes(seed)


def _check_foot(page: Any, display: str) -> None:
    """The card's flow (title to chart) must end above its footer, which sits on the foot."""
    chart, foot = pagebox.with_class(page, "card-chart"), pagebox.with_class(page, "card-foot")
    if chart is None or foot is None:
        raise BuildError(f"{display}: the card's chart or footer is missing from its page")
    over = pagebox.border_bottom(chart) - pagebox.border_top(foot)
    if over > 0:
        raise BuildError(
            f"{display}: the table card runs {over / 96:.2f} in into its footer; shorten the "
            "title, the summary's first sentence or the starter's title"
        )


def card_charts(chart: Image) -> dict[str, Image]:
    """The charts a card's `Career` carries."""
    return {"card-time-split": chart}
