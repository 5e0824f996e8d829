"""Stage 4–6, print shop: a booklet's press facts → its one-page job ticket (PDF).

A print shop asks the same questions of every file: which black, what bleed, which profile,
what trim size, how it is bound. The answers are facts of the build (`PressJob`, the booklet's
page count and trim), printed with the catalog's labels beside `NAME-print.pdf`.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.documents.booklet import BookletView, has_openers
from publisher.documents.marks import MARK_GAP, MARK_LENGTH, MM, SLUG
from publisher.documents.pdfx import CONDITION, CONDITION_INFO, PressJob
from publisher.layout.engine import allowed_roots, render_html
from publisher.layout.template import doc_info, environment, render_template
from publisher.project.labels import Labels
from publisher.project.settings import Project


@dataclass(frozen=True)
class Ticket:
    title: str
    rows: list[tuple[str, list[str]]]


def job_ticket(
    project: Project,
    labels: Labels,
    view: BookletView,
    *,
    file: str,
    pages: int,
    trim: tuple[float, float],
    job: PressJob,
) -> bytes:
    """The job ticket's PDF bytes."""
    width, height = trim
    booklet_file, sheets_file = file, file.replace(".pdf", "-imposed.pdf")
    rows = [
        (
            labels["ticket_files"],
            [
                labels.format("ticket_file_booklet", file=booklet_file),
                labels.format("ticket_file_sheets", file=sheets_file),
            ],
        ),
        (labels["ticket_trim"], [labels.format("ticket_trim_value", **_size(width, height))]),
        (
            labels["ticket_pages"],
            [labels.format("ticket_pages_value", pages=str(pages), sheets=str(pages // 4))],
        ),
        (labels["ticket_sheet"], [labels.format("ticket_sheet_value", **_size(2 * width, height))]),
        (labels["ticket_bleed"], [labels.format("ticket_bleed_value", bleed=_mm(job.bleed))]),
        (
            labels["ticket_marks"],
            [
                labels.format(
                    "ticket_marks_value",
                    gap=_mm(MARK_GAP),
                    length=_mm(MARK_LENGTH),
                    slug=_mm(SLUG),
                )
            ],
        ),
        (labels["ticket_standard"], [labels["ticket_standard_value"]]),
        (
            labels["ticket_profile"],
            [
                labels.format(
                    "ticket_profile_value",
                    condition=CONDITION,
                    info=CONDITION_INFO,
                    profile=job.profile.name,
                )
            ],
        ),
        (labels["ticket_black"], [labels["ticket_black_value"]]),
        (labels["ticket_colour"], [labels["ticket_colour_value"]]),
        (labels["ticket_date"], [view.as_of]),
    ]
    if has_openers(view):
        rows.insert(-1, (labels["ticket_bleeding"], [labels["ticket_bleeding_value"]]))
    contact = project.config.branding.contact
    if contact:
        rows.append((labels["ticket_contact"], [contact]))
    doc = doc_info(
        project,
        labels,
        title=labels.format("ticket_title", title=view.title),
        subject=view.title,
        keywords=[view.title],
        paper=_paper(width),
        stylesheets=(),
    )
    env = environment(project.layouts, project.cache_dir)
    html = render_template(
        env, "ticket/ticket.html", doc=doc, labels=labels, ticket=Ticket(view.title, rows)
    )
    roots = allowed_roots(project.layouts, project.assets_dir, project.cache_dir)
    what = f"booklet '{view.name}' (job ticket)"
    layers = project.layouts.folders
    rendered = render_html(
        html, project.layouts.first, roots, what, stylesheets=doc.stylesheets, layers=layers
    )
    return rendered.pdf_bytes(f"ticket:{job.document_id}".encode())


def _mm(points: float) -> str:
    return f"{points / MM:g} mm"


def _size(width: float, height: float) -> dict[str, str]:
    return {
        "inches": f"{width / 72:.3g} × {height / 72:.3g} in",
        "mm": f"{width / MM:.1f} × {height / MM:.1f} mm",
    }


def _paper(width: float) -> str:
    return "a4" if abs(width - 595.28) < 1 else "letter"
