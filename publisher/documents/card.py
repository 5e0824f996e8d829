"""Stage 6 (assemble), table cards: one career → a one-page card PDF, front only.

A quarter of the paper (4.25 × 5.5 in on Letter, A6 on A4), tagged like a handout. The card
reuses the handout's pieces: its quick facts and source lines (`layout.views`), the time split
from the charts stage, the QR code of the guide's page. `cutsheet` puts four on a sheet.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from publisher.charts.figures import CARD_CHART_IN, CARD_CHART_MIN_IN, Pictures, card_chart
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
SHORTEN = "Shorten the title, the pitch, the starter's title or the time split's activities"


def make_card(
    project: Project,
    career: Career,
    *,
    labels: Labels,
    fmt: Formatter,
    pictures: Pictures,
    chart_height: float = CARD_CHART_IN[1],
) -> CardView:
    url = guide_url(project, career)
    return build_card(
        career.slug,
        career.guide,
        fmt=fmt,
        labels=labels,
        cluster_name=project.cluster_name(career.guide.cluster),
        chart=card_chart(career.guide, labels, fmt, pictures, (CARD_CHART_IN[0], chart_height)),
        qr=pictures.qr(url, labels.format("qr_alt", url=url)) if url else None,
        url=url,
        draft=career.draft,
    )


def compose_card(
    project: Project, career: Career, labels: Labels, *, paper: Paper, pictures: Pictures
) -> bytes:
    """The one-page card PDF for one career; `BuildError` if it does not fit its page.

    The time split takes the room the rest leaves it: drawn at its tallest first, and drawn
    again to the height that is left when that runs into the footer (never under
    `CARD_CHART_MIN_IN`)."""
    height = CARD_CHART_IN[1]
    page, over = _lay_out(project, career, labels, paper=paper, pictures=pictures, height=height)
    if over > 0:
        height = math.floor((height - over / 96) * 50) / 50  # (in 1/50 in, for the chart cache)
        if height < CARD_CHART_MIN_IN:
            raise _too_tall(career, over / 96 - (CARD_CHART_IN[1] - CARD_CHART_MIN_IN))
        page, over = _lay_out(
            project, career, labels, paper=paper, pictures=pictures, height=height
        )
        if over > 0:  # (a chart drawn taller than asked: its labels needed the room)
            raise _too_tall(career, over / 96)
    seed = f"card:{career.slug}:{paper}:{career.guide.model_dump_json()}".encode()
    pdf: bytes = page.pdf_bytes(seed)
    return pdf


def _lay_out(
    project: Project,
    career: Career,
    labels: Labels,
    *,
    paper: Paper,
    pictures: Pictures,
    height: float,
) -> tuple[Any, float]:
    """The laid-out card, and how far (CSS px) its flow runs into its footer (<= 0: not)."""
    fmt = Formatter(project.config.locale)
    card = make_card(
        project, career, labels=labels, fmt=fmt, pictures=pictures, chart_height=height
    )
    guide = career.guide
    doc = doc_info(
        project,
        labels,
        title=guide.title,
        subject=card.pitch or guide.summary,
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
            f"{career.display}: the table card runs to {pages} pages; it must fit one. {SHORTEN}"
        )
    page = rendered.pages[0]
    chart, foot = pagebox.with_class(page, "card-chart"), pagebox.with_class(page, "card-foot")
    if chart is None or foot is None:
        raise BuildError(f"{career.display}: the card's chart or footer is missing from its page")
    return rendered, pagebox.border_bottom(chart) - pagebox.border_top(foot)


def _too_tall(career: Career, over_in: float) -> BuildError:
    return BuildError(
        f"{career.display}: the table card runs {over_in:.2f} in into its footer. {SHORTEN}"
    )
