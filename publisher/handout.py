"""Stage 6 (assemble), handouts: one career → a two-page PDF, printed duplex.

Builds the spread's view, renders it, holds it to two pages and returns the PDF bytes.
Writing them is the caller's job (`publisher.write`).
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.budget import check_two_pages
from publisher.context import Image, Spread, build_spread
from publisher.formatting import Formatter
from publisher.labels import Labels
from publisher.models import Guide
from publisher.project import Paper, Project
from publisher.qr import qr_image
from publisher.render import allowed_roots, render_html
from publisher.template import doc_info, environment, render_template

SECTION_LABELS = {
    "front": "section_work",
    "facts": "facts_title",
    "work": "section_work",
    "suits": "section_suits",
    "related": "related",
    "back": "section_day",
    "day": "section_day",
    "fit": "section_fit",
    "starter": "section_starter",
    "numbers": "section_numbers",
    "outlook": "section_going",
    "sources": "section_sources",
}


@dataclass(frozen=True)
class Career:
    """A guide ready to print: its slug, the guide, where it lives, and its chart images."""

    slug: str
    guide: Guide
    display: str
    charts: dict[str, Image]


def guide_url(project: Project, career: Career) -> str | None:
    if career.guide.more_info_url:
        return career.guide.more_info_url
    base = project.config.base_url
    return f"{base.rstrip('/')}/{career.slug}" if base else None


def make_spread(
    project: Project,
    career: Career,
    *,
    labels: Labels,
    fmt: Formatter,
    related_titles: dict[str, str],
    pages: dict[str, int] | None = None,
) -> Spread:
    url = guide_url(project, career)
    return build_spread(
        career.slug,
        career.guide,
        fmt=fmt,
        labels=labels,
        cluster_name=project.cluster_name(career.guide.cluster),
        related_titles=related_titles,
        charts=career.charts,
        qr=qr_image(url, project.cache_dir, labels) if url else None,
        url=url,
        pages=pages,
        reference=project.config.reference_median,
    )


def section_names(labels: Labels) -> dict[str, str]:
    return {section: labels[key] for section, key in SECTION_LABELS.items()}


def compose_handout(
    project: Project,
    career: Career,
    labels: Labels,
    related_titles: dict[str, str],
    paper: Paper,
) -> bytes:
    """The two-page handout PDF for one career; `BuildError` if it does not fit."""
    fmt = Formatter(project.config.locale)
    spread = make_spread(project, career, labels=labels, fmt=fmt, related_titles=related_titles)
    guide = career.guide
    doc = doc_info(
        project,
        labels,
        title=guide.title,
        subject=guide.summary,
        keywords=[guide.title, project.cluster_name(guide.cluster), *guide.tags],
        paper=paper,
        stylesheets=("handout.css",),
    )
    env = environment(project.layouts_dir)
    html = render_template(env, "handout.html", doc=doc, spread=spread, labels=labels)
    roots = allowed_roots(project.layouts_dir, project.assets_dir, project.cache_dir)
    rendered = render_html(
        html, project.layouts_dir, roots, career.display, stylesheets=doc.stylesheets
    )
    check_two_pages(rendered.pages, 0, career.slug, career.display, section_names(labels))
    seed = f"{career.slug}:{paper}:{guide.model_dump_json()}".encode()
    return rendered.pdf_bytes(seed)
