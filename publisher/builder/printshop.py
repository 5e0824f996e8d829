"""A booklet's print-shop set: NAME-print.pdf (PDF/X-4), its imposed sheets and a job ticket.

Beside the booklet's own build (`publisher.builder.booklets`): the same parts, laid out in the
print shop's layer (`PrintOptions.css`), merged the same way, then made a press's file here
(inks, slug and marks, output intent: `publisher.documents.inks`, `.marks`, `.pdfx`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import replace
from pathlib import Path

from publisher.builder import keys
from publisher.builder.workers import fresh_process
from publisher.documents.booklet import BookletView
from publisher.documents.merge import is_big, merge_parts
from publisher.documents.pdfx import PROFILE_FILE, PressJob
from publisher.documents.press import PRINT_SHOP_BLEED, PrintOptions, length_pt
from publisher.guides.library import Entry
from publisher.output import save_buffered
from publisher.project.labels import Labels
from publisher.project.settings import Project

SUFFIX = "-print"  # NAME-print.pdf, NAME-print-imposed.pdf
TICKET = "-job-ticket"  # NAME-print-job-ticket.pdf
NO_DATE = datetime.date(2000, 1, 1)  # a booklet of drafts only has no data date


def press_job(project: Project, entries: list[Entry], press: PrintOptions, key: str) -> PressJob:
    """The print shop's facts of one booklet: bleed, profile, data date, document id."""
    dates = [e.guide.as_of for e in entries if e.guide is not None and e.guide.as_of]
    date = max(dates, default=NO_DATE)
    bleed = length_pt(press.bleed or PRINT_SHOP_BLEED)
    profile = project.layouts.require(PROFILE_FILE)
    sheets = keys.digest(key, "sheets")
    return PressJob(bleed, profile, date.isoformat(), key[:32], sheets[:32])


def ticket_name(booklet_name: str) -> str:
    """booklets/NAME-print.pdf → booklets/NAME-print-job-ticket.pdf"""
    return booklet_name.replace(".pdf", f"{TICKET}.pdf")


def bind_for_press(
    parts: list[bytes],
    view: BookletView,
    project: Project,
    labels: Labels,
    target: Path,
    *,
    job: PressJob,
) -> None:
    """Merge the parts and write the print shop's booklet and its job ticket (in a worker)."""
    from publisher.documents.inks import separate
    from publisher.documents.marks import add_marks
    from publisher.documents.pdfx import make_pdfx, save_pdfx
    from publisher.documents.ticket import job_ticket

    with merge_parts(parts, view, project, labels) as merged:
        separate(merged, job.profile)
        add_marks(merged, job.bleed)
        make_pdfx(merged, job, view.title)
        pages = len(merged.pages)
        trim = [float(v) for v in merged.pages[0].trimbox]
        save_buffered(target, lambda stream: save_pdfx(merged, stream))
    size = (trim[2] - trim[0], trim[3] - trim[1])
    ticket = job_ticket(project, labels, view, file=target.name, pages=pages, trim=size, job=job)
    save_buffered(target.with_name(ticket_name(target.name)), lambda stream: stream.write(ticket))


def impose_for_press(
    parts: list[bytes],
    view: BookletView,
    project: Project,
    labels: Labels,
    sheets: list[tuple[Path, tuple[float, float] | None]],
    *,
    job: PressJob,
) -> list[float]:
    """The print shop's imposed sheets (twice the trim, with bleed, marks and fold marks per
    sheet), PDF/X-4 like the booklet."""
    import pikepdf

    from publisher.documents.impose import place_sheets
    from publisher.documents.inks import separate
    from publisher.documents.marks import add_marks
    from publisher.documents.pdfx import make_pdfx, save_pdfx

    scales = []
    with merge_parts(parts, view, project, labels) as merged:
        separate(merged, job.profile)
        placed = place_sheets(merged, [None], job.bleed)
        for (target, _), scale in zip(sheets, placed, strict=False):
            for key in ("/Outlines", "/PageLabels", "/Names", "/Dests"):
                if key in merged.Root:
                    del merged.Root[key]  # they point into the booklet's pages (its structure
                    # tree was moved onto the sheets by `place_sheets`)
            merged.Root.PageMode = pikepdf.Name.UseNone
            add_marks(merged, job.bleed, fold=True)
            make_pdfx(merged, replace(job, document_id=job.sheets_id), view.title)
            save_buffered(target, lambda stream: save_pdfx(merged, stream))
            scales.append(scale)
    return scales


def finish_for_press(  # noqa: PLR0917 -- Binder.finish's own arguments, passed on
    executor: Executor,
    parts: list[bytes],
    view: BookletView,
    project: Project,
    labels: Labels,
    job: PressJob,
    target: Path,
    sheets: list[tuple[Path, tuple[float, float] | None]],
    laid_out: Callable[[], None] | None,
) -> list[float]:
    """The print shop's booklet and ticket in a worker, its sheets here, meanwhile (a big
    booklet's one after the other, each in a process of its own, as `Binder.finish` does)."""
    if is_big(parts):
        if laid_out is not None:
            laid_out()
        with fresh_process() as first:
            copy = list(parts)
            first.submit(bind_for_press, copy, view, project, labels, target, job=job).result()
        with fresh_process() as second:
            placed = second.submit(impose_for_press, parts, view, project, labels, sheets, job=job)
            return placed.result()
    bound = executor.submit(bind_for_press, list(parts), view, project, labels, target, job=job)
    scales = impose_for_press(parts, view, project, labels, sheets, job=job)
    bound.result()
    return scales
