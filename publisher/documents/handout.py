"""Stage 6 (assemble), handouts: one career → a two-page PDF, printed duplex.

Builds the spread's view, renders it, holds it to two pages and returns the PDF bytes.
Writing them is the caller's job (`publisher.output`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from markupsafe import escape

from publisher.charts.figures import Image, Pictures
from publisher.charts.qr import qr_size_mm
from publisher.documents.budget import PageFit, fit_even_pages
from publisher.documents.handout_pdf import HandoutPDF
from publisher.documents.tags import tidy_pdf
from publisher.errors import BuildError
from publisher.guides.models import Guide
from publisher.layout import pagebox
from publisher.layout.engine import Rendered, allowed_roots, render_html
from publisher.layout.fetcher import RefusedURLError, resolve_allowed
from publisher.layout.fit import (
    MAX_FOOT_GAP_MM,
    Measures,
    check_two_pages,
    foot_gaps,
    underfill_note,
)
from publisher.layout.template import doc_info, environment, render_template
from publisher.layout.views import Spread, build_spread
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import Paper, Project
from publisher.project.variants import STANDARD, LayoutVariant

# A back page the compact QR code leaves more than MAX_FOOT_GAP_MM short prints the code grown
# into the room, to end this far above its footer; by at most QR_GROW_MAX_MM.
QR_GROW_LEAVES_MM = 6.0
QR_GROW_MAX_MM = 14.0

SECTION_LABELS = {
    "front": "section_work",
    "facts": "facts_title",
    "work": "section_work",
    "suits": "section_suits",
    "related": "related",
    "back": "section_day",
    "day": "section_day",
    "fit": "section_fit",
    "getting_in": "section_getting_in",
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
    draft: bool = False  # printed marked DRAFT, with no data date


def guide_url(project: Project, career: Career) -> str | None:
    """The address a career's QR code opens: its page of the web edition, `BASE/SLUG/`, when
    publisher.yaml says where the school hosts `output/site/` (`base_url`; the page links the
    guide's `more_info_url`); otherwise the guide's `more_info_url`, if any."""
    base = project.config.base_url
    if base:
        return f"{base.rstrip('/')}/{career.slug}/"
    return career.guide.more_info_url


def make_spread(
    project: Project,
    career: Career,
    *,
    labels: Labels,
    fmt: Formatter,
    related_titles: dict[str, str],
    pictures: Pictures,
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
        qr=pictures.qr(url, labels.format("qr_alt", url=url)) if url else None,
        url=url,
        pages=pages,
        reference=project.config.reference_median,
        draft=career.draft,
    )


def section_names(labels: Labels) -> dict[str, str]:
    return {section: labels[key] for section, key in SECTION_LABELS.items()}


def compose_handout(
    project: Project,
    career: Career,
    labels: Labels,
    related_titles: dict[str, str],
    *,
    paper: Paper,
    pictures: Pictures,
    variant: LayoutVariant = STANDARD,
    measures: Measures | None = None,
) -> HandoutPDF:
    """The handout PDF for one career (two pages; in large print, an even number of them);
    `BuildError` if it does not fit its page budget. `measures` keeps what a layout measured
    for the next build (see `back_gap`)."""
    fmt = Formatter(project.config.locale)
    spread = make_spread(
        project, career, labels=labels, fmt=fmt, related_titles=related_titles, pictures=pictures
    )
    guide = career.guide
    layouts = variant.layouts(project.layouts)
    doc = doc_info(
        project,
        labels,
        title=guide.title,
        subject=guide.summary,
        keywords=[guide.title, project.cluster_name(guide.cluster), *guide.tags],
        paper=paper,
        stylesheets=("handout.css",),
        layouts=layouts,
        variant=variant.stylesheets,
    )
    env = environment(layouts, project.cache_dir)
    roots = allowed_roots(layouts, project.assets_dir, project.cache_dir)

    def page_html(fit: PageFit, qr_mm: float | None = None, back_only: bool = False) -> str:
        return render_template(
            env,
            "handout.html",
            doc=replace(doc, subject="") if back_only else doc,  # (see `back_gap`)
            spread=spread,
            labels=labels,
            fit=fit,
            qr_mm=qr_mm,
            back_only=back_only,
        )

    def render(html: str) -> Rendered:
        return render_html(
            html,
            layouts.first,
            roots,
            career.display,
            stylesheets=doc.stylesheets,
            layers=layouts.folders,
        )

    def lay_out(fit: PageFit, qr_mm: float | None = None) -> Rendered:
        return render(page_html(fit, qr_mm))

    def back_gap() -> float:
        """How far the back page, laid out alone with the compact QR code, ends above its
        footer. The measure depends only on that page's HTML (the document's description,
        which the summary fills, is left out: it lays nothing out) and its stylesheets: what
        `measures` kept for the same page is used instead of laying it out again (a guide
        whose front page was edited, say), and a chart in it is named by its size, not by
        what it draws (`charts_by_size`: a salary figure moved, say)."""
        html = page_html(PageFit(), back_only=True)
        sized = charts_by_size(html, spread.charts.values(), roots)
        subject = "\n".join([sized, *(str(path) for path in (*doc.stylesheets, *layouts.folders))])
        known = measures.known(subject) if measures is not None else None
        if known is not None:
            return known
        gap = foot_gaps(render(html).pages, 0, career.slug)[1]
        if measures is not None:
            measures.keep(subject, gap)
        return gap

    names = section_names(labels)
    if variant.fixed_pages is None:
        fitted = fit_even_pages(lay_out, career.slug, career.display, names, variant)
        rendered, _, underfill = fitted
    else:
        rendered = lay_out_two_pages(lay_out, spread, career, names, back_gap)
        gaps = foot_gaps(rendered.pages, 0, career.slug)
        hint = "" if guide.getting_in else f"add `getting_in:` ('{labels['section_getting_in']}')"
        underfill = underfill_note(gaps, hint)
    reusable = spread.related and variant.fixed_pages is not None  # (booklets: see parts.py)
    related_top = related_line_top(rendered.pages[0]) if reusable else None
    return HandoutPDF(tidy_pdf(rendered.pdf_bytes(None), rendered.what), related_top, underfill)


_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')
_ALT = re.compile(r'\salt="[^"]*"')
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>")


def charts_by_size(html: str, charts: Iterable[Image], roots: Iterable[Path]) -> str:
    """`html` with each chart's image tag naming the chart by its drawing's root element (its
    size, its view box), not by its file or its alternative text. A picture is laid out as a
    box of its own size, whatever it draws, and an image's alternative text is shown only
    when it cannot be read, which stops the build: so where the page is laid out the same,
    it reads the same. Text a layout prints elsewhere (a caption, say) is left as it is. A
    drawing that cannot be read (or lies outside `roots`) keeps its tag as it was."""
    allowed = tuple(root.resolve() for root in roots)
    drawn = {}
    for chart in charts:
        root = _svg_root(chart.src, allowed)
        if root is not None:
            drawn[str(escape(chart.src))] = root

    def by_size(tag: re.Match[str]) -> str:
        src = _SRC.search(tag[0])
        if src is None or (root := drawn.get(src[1])) is None:
            return tag[0]
        return _ALT.sub("", tag[0].replace(src[0], f' src="drawn:{escape(root)}"'))

    return _IMG.sub(by_size, html)


def _svg_root(src: str, allowed: tuple[Path, ...]) -> str | None:
    """The root element of the SVG drawing at `src` (a file URL under `allowed`), or None."""
    try:
        with resolve_allowed(src, allowed).open("rb") as stream:
            head = stream.read(4096)
    except (RefusedURLError, OSError):
        return None
    root = _SVG_ROOT.search(head)
    return None if root is None else root[0].decode("utf-8", "replace")


class LayOut(Protocol):
    def __call__(self, fit: PageFit, qr_mm: float | None = None) -> Rendered: ...


def lay_out_two_pages(
    lay_out: LayOut,
    spread: Spread,
    career: Career,
    names: dict[str, str],
    back_gap: Callable[[], float],
) -> Rendered:
    """The two pages, the QR code grown into the back page's room (`grown_qr_mm`).

    The room (`back_gap`) is measured on the back page laid out alone, behind an empty front
    page: it starts on a page of its own and nothing on the front reaches it, so it ends where
    it does in the whole handout, and the whole handout is laid out once, with the code at its
    final size (not once compact, then again grown). If the grown code does not fit after all,
    the compact one stays."""
    qr_mm = grown_qr_mm(spread.url, back_gap()) if spread.url else None
    if qr_mm is not None:
        grown = lay_out(PageFit(), qr_mm)
        if fits_two_pages(grown, spread, career, names):
            return grown
    rendered = lay_out(PageFit())
    check_two_pages(rendered.pages, 0, career.slug, career.display, names)
    if spread.url and pagebox.with_class(rendered.pages[1], "qr-address") is None:
        # (a float that runs off the page is dropped, not carried to a third page)
        raise BuildError(
            f"{career.display}: does not fit two pages: the QR code's address runs off the "
            "back page; cut a line or two of content from the back page"
        )
    return rendered


def grown_qr_mm(url: str, back_gap: float) -> float | None:
    """The QR code's printed size (mm) on a back page that ends `back_gap` mm above its footer
    with the compact code, or None to keep the compact one (the page ends close enough)."""
    if back_gap <= MAX_FOOT_GAP_MM:
        return None
    grown = qr_size_mm(url) + min(back_gap - QR_GROW_LEAVES_MM, QR_GROW_MAX_MM)
    return round(grown, 1)


def fits_two_pages(
    rendered: Rendered, spread: Spread, career: Career, names: dict[str, str]
) -> bool:
    try:
        check_two_pages(rendered.pages, 0, career.slug, career.display, names)
    except BuildError:
        return False
    return pagebox.with_class(rendered.pages[1], "qr-address") is not None


def related_line_top(page: Any) -> float:
    """Where the front page's related-careers line starts, from the page area's top (CSS px)."""
    return pagebox.border_top(related_box(page)) - pagebox.content_top(page)


def related_box(page: Any) -> Any:
    """The laid-out box of the related-careers line on a front page."""
    box = pagebox.with_class(page, "related")
    if box is None:
        raise BuildError("the related-careers line is missing from the laid-out front page")
    return box
