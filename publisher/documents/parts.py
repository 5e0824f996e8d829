"""Stage 4–5 for booklets: one part of a booklet → its PDF pages, with the real folios.

A career's spread reuses its handout's pages (`publisher.documents.stamp`):
only the furniture (running heads, folios, the related line with page numbers) is laid out.
When the handout's pages cannot be reused (the longer related line would not fit), the spread
is laid out whole: it takes its charts from the job's `Pictures` and is held to its two pages
like a handout. Parts link to each other with `booklet:` URLs that `publisher.documents.merge`
turns into page links when the parts are merged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from publisher.charts.figures import Pictures, career_charts
from publisher.documents.booklet import BookletView, PartSpec
from publisher.documents.handout import Career, make_spread, related_box, section_names
from publisher.documents.handout_pdf import HandoutPDF
from publisher.documents.stamp import NotComposableError, compose_spread
from publisher.documents.tags import TreePlace, tidy_pdf
from publisher.errors import BuildError
from publisher.guides.models import Guide
from publisher.layout import pagebox
from publisher.layout.engine import Rendered, allowed_roots, render_html
from publisher.layout.fit import check_two_pages
from publisher.layout.template import doc_info, environment, render_template
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import Paper, Project
from publisher.project.variants import variant_named


class KeptPDFs(Protocol):
    """PDFs earlier builds laid out, by what they laid out (`subject`: a document's HTML and
    what else placed it). The build keeps them (`publisher.builder.furniture`) with
    everything else that shapes a layout in their key."""

    def known(self, subject: str) -> bytes | None: ...

    def keep(self, subject: str, pdf: bytes) -> None: ...


@dataclass(frozen=True)
class PartJob:
    """Everything a worker needs to lay out one part (picklable)."""

    project: Project
    view: BookletView
    spec: PartSpec
    labels: Labels
    paper: Paper
    print_css: str
    titles: dict[str, str]
    pictures: Pictures
    career: tuple[str, Guide, str, bool] | None = None  # slug, guide, display, draft: spreads
    handout: HandoutPDF | None = None  # the career's handout, same paper: spread parts only
    variant: str = "standard"  # the layout variant (publisher.project.variants)
    headings: int = 2  # the level its headings start at in the booklet (see `tree_place`)
    furniture: KeptPDFs | None = None  # spreads' furniture laid out by earlier builds


@dataclass(frozen=True)
class PartResult:
    """A part's PDF and page count; a part that took other than its planned count has no PDF
    (`measured`): its booklet is numbered again and the part laid out again, so writing it
    would be wasted (a 100-career booklet's front matter and openers, as first planned).
    `names_only`: a spread that keeps its handout's related line, without page numbers (with
    them it would not fit its two pages); the booklet says so."""

    pdf: bytes
    pages: int
    names_only: bool = False

    @property
    def measured(self) -> bool:
        """Laid out only to count its pages (no PDF)."""
        return not self.pdf


def render_part(job: PartJob) -> PartResult:
    """Lay out one part and return its PDF bytes and page count."""
    if job.spec.kind == "spread" and job.handout is not None:
        try:
            return _reuse_handout(job, job.handout)
        except NotComposableError:
            if job.variant != "standard":
                raise  # (its page count is its handout's: it is never laid out again)
        try:
            return _whole(job)
        except BuildError:  # (the page numbers made it too long for two pages)
            return replace(_reuse_handout(job, job.handout, own_line=True), names_only=True)
    return _whole(job)


def _whole(job: PartJob) -> PartResult:
    """The part laid out on its own (a spread held to its two pages)."""
    html, what, sheets = part_html(job)
    rendered = _render(job, html, what, sheets)
    pages = rendered.pages
    if job.spec.kind == "spread":
        check_two_pages(pages, 0, job.spec.slug, what, section_names(job.labels))
    elif job.spec.pages and len(pages) != job.spec.pages:
        return PartResult(b"", len(pages))  # (not as planned: see `PartResult`)
    return PartResult(tidy_pdf(rendered.pdf_bytes(None), what, tree_place(job)), len(pages))


def tree_place(job: PartJob) -> TreePlace:
    """Where the part's structure tree goes in the booklet's: its headings at the job's level
    (the cover's title stays the booklet's H1), its ids prefixed with its first page."""
    return TreePlace(job.headings, job.spec.start == 1, f"p{job.spec.start}-")


def _reuse_handout(job: PartJob, handout: HandoutPDF, *, own_line: bool = False) -> PartResult:
    """The spread as its handout's pages under the booklet's furniture. With `own_line`, the
    furniture has no related line and the handout's stays (names only: it fits, as the
    handout did). The furniture an earlier build laid out from the same HTML, stylesheets
    and related line is taken as it is (`job.furniture`)."""
    top = None if own_line else handout.related_top
    html, what, sheets = part_html(job, furniture=True, related_top=top)
    layouts = variant_named(job.variant).layouts(job.project.layouts)
    subject = "\n".join([html, repr(top), *(str(path) for path in (*sheets, *layouts.folders))])
    kept = job.furniture.known(subject) if job.furniture is not None else None
    if kept is not None:  # (it fitted, or it would not have been kept)
        furniture = kept
    else:
        rendered = _render(job, html, what, sheets)
        if len(rendered.pages) != job.spec.pages:
            count = len(rendered.pages)
            raise NotComposableError(f"{what}: the booklet's furniture took {count} pages")
        if top is not None:
            _check_related_fits(rendered.pages, what)
        furniture = _pdf(rendered)
        if job.furniture is not None:
            job.furniture.keep(subject, furniture)
    spread = compose_spread(handout.pdf, furniture, top is not None, tree_place(job))
    return PartResult(spread, job.spec.pages)


def _check_related_fits(pages: list[Any], what: str) -> None:
    """The booklet's related line (longer: it has page numbers) must end in the first page's
    area, on that page: a line that ran on would print its end over the next page's top."""
    first = pages[0]
    ran_on = any(pagebox.with_class(page, "related") is not None for page in pages[1:])
    if ran_on or pagebox.bottom(related_box(first)) > pagebox.content_bottom(first):
        raise NotComposableError(f"{what}: the booklet's related line does not fit on the page")


def part_html(
    job: PartJob,
    *,
    furniture: bool = False,
    related_top: float | None = None,
) -> tuple[str, str, list[Path]]:
    """The part's HTML, what to call it in messages, and its stylesheets. A spread is either
    whole or (`furniture`) only what the booklet draws over its handout's pages."""
    project, view, spec, labels = job.project, job.view, job.spec, job.labels
    variant = variant_named(job.variant)
    layouts = variant.layouts(project.layouts)
    doc = doc_info(
        project,
        labels,
        title=view.title,
        subject=view.subtitle or view.title,
        keywords=[view.title],
        paper=job.paper,
        stylesheets=("booklet.css",),
        layouts=layouts,
        variant=variant.stylesheets,
    )
    context: dict[str, object] = {"doc": doc, "booklet": view, "labels": labels, "part": spec}
    what = f"booklet '{view.name}' ({spec.kind})"
    if spec.kind == "spread":
        assert job.career is not None
        slug, guide, display, draft = job.career
        fmt = Formatter(project.config.locale)
        charts = (
            {}
            if furniture
            else career_charts(project, guide, labels, fmt, job.pictures, variant=variant)
        )
        spread = make_spread(
            project,
            Career(slug, guide, display, charts, draft),
            labels=labels,
            fmt=fmt,
            related_titles=job.titles,
            pictures=job.pictures,
            pages=_career_pages(view),
        )
        if furniture and related_top is None:  # (the handout's own related line stays)
            spread = replace(spread, related=[])
        context["spread"] = spread
        context["furniture"] = furniture
        context["related_top"] = related_top
        what = display
    if spec.kind == "back":
        url = back_cover_url(project)
        context["qr"] = job.pictures.qr(url, labels.format("qr_alt", url=url)) if url else None
        context["qr_url"] = url
    html = render_template(environment(layouts, project.cache_dir), "booklet/part.html", **context)
    if job.print_css:
        html = html.replace("</head>", f"<style>{job.print_css}</style>\n</head>", 1)
    return html, what, doc.stylesheets


def _render(job: PartJob, html: str, what: str, stylesheets: list[Path]) -> Rendered:
    project = job.project
    layouts = variant_named(job.variant).layouts(project.layouts)
    roots = allowed_roots(layouts, project.assets_dir, project.cache_dir)
    return render_html(
        html,
        layouts.first,
        roots,
        what,
        stylesheets=stylesheets,
        layers=layouts.folders,
    )


def _pdf(rendered: Rendered) -> bytes:
    return tidy_pdf(rendered.pdf_bytes(None), rendered.what)  # (its /ID: see `tidy_pdf`)


def back_cover_url(project: Project) -> str | None:
    """What the back cover's QR code opens: the contact page, else the project's site."""
    return project.config.branding.contact_url or project.config.base_url


def _career_pages(view: BookletView) -> dict[str, int]:
    prefix = "career-"
    return {k[len(prefix) :]: v for k, v in view.pages.items() if k.startswith(prefix)}
