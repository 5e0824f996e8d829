"""Stage 6 (assemble): a career held to its variant's page budget, when that is not two pages.

In large print a career takes as many pages as its content needs, up to the variant's
ceiling, and always an even number, so a handout still prints duplex and a booklet's careers
still start on a left-hand page. The content flows from page to page; when it ends on an odd
page, the back part ("A typical day" onwards) starts on a page of its own, a natural break,
which usually makes the count even; when it still does not, a Notes page ends the career.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from publisher.layout.engine import Rendered
from publisher.layout.fit import check_page_budget, last_page_gap, tail_underfill_note


@dataclass(frozen=True)
class PageFit:
    """How a career's pages are broken to make their count even (the templates read it)."""

    compact: bool = False  # lines and sections a little closer (still 16 pt)
    back_on_new_page: bool = False  # the back part starts on a page of its own
    notes_page: bool = False  # a Notes page ends the career


LayOut = Callable[[PageFit], Rendered]


def fit_even_pages(
    lay_out: LayOut, slug: str, what: str, names: dict[str, str], most: int
) -> tuple[Rendered, PageFit, str | None]:
    """The career laid out on an even number of pages (at most `most`), how, and what to say
    when its last page of content ends well above the footer. `BuildError` if it needs more."""
    fit = PageFit()
    rendered = lay_out(fit)
    check_page_budget(rendered.pages, slug, what, names, most)
    for other in (PageFit(compact=True), PageFit(back_on_new_page=True), PageFit(notes_page=True)):
        if len(rendered.pages) % 2 == 0 and len(rendered.pages) <= most:
            break
        fit, rendered = other, lay_out(other)
    check_page_budget(rendered.pages, slug, what, names, most)
    page, gap = last_page_gap(rendered.pages, slug)
    return rendered, fit, tail_underfill_note(page + 1, gap, fit.notes_page)
