"""Stage 6 (assemble): a career held to its variant's page budget, when that is not two pages.

In large print a career takes as many pages as its content needs, up to the variant's
ceiling, and always an even number, so a handout still prints duplex and a booklet's careers
still start on a left-hand page. The content flows from page to page. When it ends on an odd
page, its lines and sections close up a little (the type keeps its size) to end a page sooner;
when that is not enough, a page is added: either the back part ("A typical day" onwards)
starts on a page of its own, a natural break, or a Notes page ends the career, whichever
leaves less of the pages blank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from publisher.errors import BuildError
from publisher.layout.engine import Rendered
from publisher.layout.fit import blank_mm, check_page_budget, last_page_gap, tail_underfill_note
from publisher.project.variants import LayoutVariant


@dataclass(frozen=True)
class PageFit:
    """How a career's pages are broken to make their count even (the templates read it)."""

    compact: bool = False  # lines and sections a little closer (still 16 pt)
    back_on_new_page: bool = False  # the back part starts on a page of its own
    notes_page: bool = False  # a Notes page ends the career


BACK_ON_NEW_PAGE = PageFit(back_on_new_page=True)
NOTES_PAGE = PageFit(notes_page=True)
LayOut = Callable[[PageFit], Rendered]


def fit_even_pages(
    lay_out: LayOut, slug: str, what: str, names: dict[str, str], variant: LayoutVariant
) -> tuple[Rendered, PageFit, str | None]:
    """The career laid out on its page budget (an even number of pages, at most the variant's
    `max_pages`), how, and what to say when its last page of content is mostly blank.
    `BuildError` if it needs more."""
    most = variant.max_pages
    fit = PageFit()
    rendered = lay_out(fit)
    check_page_budget(rendered.pages, slug, what, names, most)
    if len(rendered.pages) % 2:
        fit, rendered = PageFit(compact=True), lay_out(PageFit(compact=True))
    if len(rendered.pages) % 2:  # of the two ways to add a page, the one that leaves less blank
        options = [(other, lay_out(other)) for other in (BACK_ON_NEW_PAGE, NOTES_PAGE)]
        even = [(f, r) for f, r in options if len(r.pages) % 2 == 0 and len(r.pages) <= most]
        fit, rendered = min(even or options[1:], key=lambda found: blank_mm(found[1].pages, slug))
    check_page_budget(rendered.pages, slug, what, names, most)
    if len(rendered.pages) != variant.budget(len(rendered.pages)):
        raise BuildError(f"{what}: {len(rendered.pages)} pages, not an even number")
    page, gap = last_page_gap(rendered.pages, slug)
    note = tail_underfill_note(rendered.pages[page], page + 1, gap, fit.notes_page)
    return rendered, fit, note
