"""Stage 6 (assemble): hold a career to its two pages, and say what spills when it doesn't.

Every section of the spread carries `data-section`; the front page's sections must end on the
spread's first page and the back's on its second. When content spills, the message names the
section that runs over and roughly how much text must go.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from publisher.errors import BuildError
from publisher.layout import pagebox

PX_TO_MM = 25.4 / 96
LINE_MM = 4.4  # one body line at 9.6 pt × 1.3
LARGE_LINE_MM = 7.6  # one body line of large print, 16 pt × 1.35
MAX_TAIL_BLANK = 0.5  # the last of many pages may end anywhere above half its height
PARTS = ("front", "back")
MAX_FOOT_GAP_MM = 12.7  # a page that stops more than half an inch above its footer looks unfinished


class Measures(Protocol):
    """What earlier layouts measured, by what they laid out (`subject`: a document's HTML and
    the stylesheets it was laid out with). The build keeps them (`publisher.builder.measures`)
    with everything else that shapes a layout in their key."""

    def known(self, subject: str) -> float | None: ...

    def keep(self, subject: str, value: float) -> None: ...


@dataclass(frozen=True)
class Placed:
    """One section's box on one page, in CSS px from the top of the page."""

    slug: str
    section: str
    part: str
    top: float
    bottom: float
    border_bottom: float  # the bottom without its margin: where the ink can end


def _boxes(box: Any, slug: str, part: str) -> Iterator[Placed]:
    element = pagebox.element(box)
    if element is not None:
        slug = element.get("data-slug") or slug
        section = element.get("data-section")
        if section in PARTS:
            part = section
        if section and part and pagebox.is_element_box(box):
            yield Placed(
                slug,
                section,
                part,
                pagebox.top(box),
                pagebox.bottom(box),
                pagebox.border_bottom(box),
            )
            if section not in PARTS:
                return  # one entry per section; its children belong to it
    for child in pagebox.children(box):
        yield from _boxes(child, slug, part)


def placed_sections(page: Any) -> list[Placed]:
    return list(_boxes(pagebox.root(page), "", ""))


def _sections(page: Any, slug: str, part: str) -> list[Placed]:
    return [p for p in placed_sections(page) if (p.slug, p.part) == (slug, part)]


def check_two_pages(
    pages: Sequence[Any], first: int, slug: str, what: str, names: dict[str, str]
) -> None:
    """Raise `BuildError` if the spread of `slug` that starts at page index `first` overflows."""
    last = min(len(pages), first + 4)  # an overflow shows on the pages right after the spread
    for offset, part in enumerate(PARTS):
        own_page = first + offset
        spill_pages = [
            (index, _sections(pages[index], slug, part)) for index in range(own_page + 1, last)
        ]
        spill_pages = [(index, placed) for index, placed in spill_pages if placed]
        if not spill_pages:
            continue
        index, placed = spill_pages[0]
        inner = [p for p in placed if p.section not in PARTS] or placed
        section = names.get(inner[0].section, inner[0].section)
        top = pagebox.content_top(pages[index])
        over_mm = sum((max(p.bottom for p in boxes) - top) * PX_TO_MM for _, boxes in spill_pages)
        lines = max(1, round(over_mm / LINE_MM))
        side = "front" if part == "front" else "back"
        raise BuildError(
            f"{what}: does not fit two pages: the {side} page overflows and "
            f"'{section}' spills onto page {index - first + 1}; cut about {over_mm:.0f} mm "
            f"of content (~{lines} lines of text) from the {side} page"
        )


def foot_gaps(pages: Sequence[Any], first: int, slug: str) -> tuple[float, float]:
    """How far (mm) the front and back pages of `slug`'s spread end above their footers."""
    gaps = []
    for offset, part in enumerate(PARTS):
        page = pages[first + offset]
        placed = [p for p in _sections(page, slug, part) if p.section not in PARTS]
        end = max((p.border_bottom for p in placed), default=pagebox.content_top(page))
        gaps.append(max(0.0, (pagebox.content_bottom(page) - end) * PX_TO_MM))
    return gaps[0], gaps[1]


def underfill_note(gaps: tuple[float, float], front_hint: str = "") -> str | None:
    """What to say when a page ends more than `MAX_FOOT_GAP_MM` above its footer, or None.
    `front_hint` names what could fill the front page (e.g. a section the guide leaves out)."""
    notes = []
    for part, gap in zip(PARTS, gaps, strict=True):
        if gap > MAX_FOOT_GAP_MM:
            lines = round(gap / LINE_MM)
            fill = front_hint if part == "front" and front_hint else "add to its sections"
            notes.append(
                f"the {part} page ends {gap:.0f} mm above its footer (room for ~{lines} lines "
                f"of text): {fill}"
            )
    return ("under-filled: " + "; ".join(notes)) if notes else None


def check_page_budget(
    pages: Sequence[Any], slug: str, what: str, names: dict[str, str], most: int
) -> None:
    """Raise `BuildError` if the career `slug` runs past its `most` pages (a variant whose
    careers take as many pages as they need, up to a ceiling: large print)."""
    spill_pages = [(index, _career_sections(pages[index], slug)) for index in range(len(pages))]
    spill_pages = [(index, placed) for index, placed in spill_pages[most:] if placed]
    if not spill_pages:
        return
    index, placed = spill_pages[0]
    section = names.get(placed[0].section, placed[0].section)
    top = pagebox.content_top(pages[index])
    over_mm = sum((max(p.bottom for p in boxes) - top) * PX_TO_MM for _, boxes in spill_pages)
    raise BuildError(
        f"{what}: does not fit {most} pages: '{section}' runs onto page {index + 1}; cut "
        f"about {over_mm:.0f} mm of content (~{max(1, round(over_mm / LARGE_LINE_MM))} lines "
        "of text)"
    )


def _career_sections(page: Any, slug: str) -> list[Placed]:
    return [p for p in placed_sections(page) if p.slug == slug and p.section not in PARTS]


def last_page_gap(pages: Sequence[Any], slug: str) -> tuple[int, float]:
    """The last page (index) that holds something of `slug`, and how far (mm) its content
    ends above the footer."""
    for index in range(len(pages) - 1, -1, -1):
        placed = _career_sections(pages[index], slug)
        if placed:
            end = max(p.border_bottom for p in placed)
            return index, max(0.0, (pagebox.content_bottom(pages[index]) - end) * PX_TO_MM)
    return 0, 0.0


def blank_mm(pages: Sequence[Any], slug: str) -> float:
    """How much page is left blank under `slug`'s content, summed over the pages it is on
    (a page break before a section leaves the rest of its page blank)."""
    total = 0.0
    for page in pages:
        placed = _career_sections(page, slug)
        if placed:
            end = max(p.border_bottom for p in placed)
            total += max(0.0, (pagebox.content_bottom(page) - end) * PX_TO_MM)
    return total


def tail_underfill_note(page: Any, number: int, gap: float, filler: bool) -> str | None:
    """What to say when a career's last page of content (`page`, number `number`) is more
    than half blank; `filler`: a Notes page follows it, to make the count even. (A career of
    many pages may end anywhere on its last page: only a mostly blank one is worth a note.)"""
    area = (pagebox.content_bottom(page) - pagebox.content_top(page)) * PX_TO_MM
    if gap <= area * MAX_TAIL_BLANK:
        return None
    used = area - gap
    after = ", and a Notes page follows it for an even page count" if filler else ""
    return (
        f"under-filled: page {number} ends {gap:.0f} mm above its footer{after}: cut about "
        f"{used:.0f} mm (~{max(1, round(used / LARGE_LINE_MM))} lines of text) to end a page "
        f"sooner, or add to its sections"
    )
