"""Stage 4–5 for booklets: one part of a booklet → its PDF pages, with the real folios.

Runs in a worker process. A spread part draws its career's charts (or takes them from the
cache), is held to its two pages like a handout, and links to other parts with `booklet:`
URLs that `publisher.binding` turns into page links when the parts are merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.booklet import BookletView, PartSpec
from publisher.budget import check_two_pages
from publisher.figures import career_charts
from publisher.formatting import Formatter
from publisher.handout import Career, make_spread, section_names
from publisher.labels import Labels
from publisher.models import Guide
from publisher.project import Paper, Project
from publisher.render import allowed_roots, render_html
from publisher.template import doc_info, environment, render_template


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
    career: tuple[str, Guide, str] | None = None  # slug, guide, display: spread parts only


@dataclass(frozen=True)
class PartResult:
    pdf: bytes
    pages: int


def render_part(job: PartJob) -> PartResult:
    """Lay out one part and return its PDF bytes and page count."""
    project, view, spec, labels = job.project, job.view, job.spec, job.labels
    doc = doc_info(
        project,
        labels,
        title=view.title,
        subject=view.subtitle or view.title,
        keywords=[view.title],
        paper=job.paper,
        stylesheets=("booklet.css",),
    )
    context: dict[str, object] = {"doc": doc, "booklet": view, "labels": labels, "part": spec}
    what = f"booklet '{view.name}' ({spec.kind})"
    if spec.kind == "spread":
        assert job.career is not None
        slug, guide, display = job.career
        fmt = Formatter(project.config.locale)
        career = Career(slug, guide, display, career_charts(project, guide, labels, fmt))
        context["spread"] = make_spread(
            project,
            career,
            labels=labels,
            fmt=fmt,
            related_titles=job.titles,
            pages=_career_pages(view),
        )
        what = display
    html = render_template(environment(project.layouts_dir), "booklet/part.html", **context)
    if job.print_css:
        html = html.replace("</head>", f"<style>{job.print_css}</style>\n</head>", 1)
    roots = allowed_roots(project.layouts_dir, project.assets_dir, project.cache_dir)
    rendered = render_html(
        html, project.layouts_dir, roots, what, tagged=False, stylesheets=doc.stylesheets
    )
    pages = rendered.pages
    if spec.kind == "spread":
        check_two_pages(pages, 0, spec.slug, what, section_names(labels))
    seed = f"{view.name}:{spec.kind}:{spec.start}:{spec.slug}:{html}"
    return PartResult(rendered.pdf_bytes(seed.encode(), tagged=False), len(pages))


def _career_pages(view: BookletView) -> dict[str, int]:
    prefix = "career-"
    return {k[len(prefix) :]: v for k, v in view.pages.items() if k.startswith(prefix)}
