"""Stage 6 (assemble), booklets, part 1: the booklet's view (`publisher.documents.fields`) →
its plan, page by page.

A booklet is front matter (cover, how to read, contents), then per field an opener (divider
and careers at a glance, two pages) and each career's two-page spread, then the appendix,
Notes pages and the back cover. A field of fewer than `OWN_OPENER` careers has no opener of its
own, which would be two pages mostly blank: such fields come after the others, under one shared
opener when they have that many careers together (else under none: their spreads name their
field). Every spread is exactly two pages, so once the front matter is measured every page
number is known in advance (in large print a career takes an even number of pages, known
from its handout, so the same holds): each part is laid out on its own (in parallel,
and cached) with its real folios, contents numbers and cross-references, then the parts are
merged (`publisher.documents.merge`). Spreads start on left-hand (even) pages and face each
other; the page count is a multiple of four.

This module is pure data: no layout engine is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from publisher.documents.fields import (
    OWN_OPENER,
    PITCHED_LIST,
    SHARED,
    BookletView,
    Group,
    Row,
    make_view,
    select_entries,
)

__all__ = ["BookletView", "Group", "Row", "make_view", "select_entries"]  # (the plan's words)

PartKind = Literal["front", "opener", "spread", "appendix", "notes", "back"]
OPENER_PAGES = 2
CONTENTS_SUMMARIES = 8  # up to this many careers, the contents print their summaries
SPREAD_PAGES = 2
FRONT_PAGES = 3  # cover, how to read, contents: the front matter of a small booklet
CONTENTS_LINES = {"letter": 41, "a4": 43}  # lines of contents a page holds (standard type)


@dataclass(frozen=True)
class PartSpec:
    """One part to lay out: what it is, the booklet page it starts on, and its subject."""

    kind: PartKind
    start: int
    pages: int = 0  # planned page count (0: measured after layout)
    group: Group | None = None
    slug: str = ""
    fillers: int = 0  # Notes pages that end the part on a right-hand page

    @property
    def verso(self) -> str:
        """The page selector of left-hand pages in this part's own numbering."""
        return ":left" if self.start % 2 else ":right"

    @property
    def recto(self) -> str:
        return ":right" if self.start % 2 else ":left"


def paginate(
    view: BookletView,
    front_pages: int,
    openers: dict[str, int] | None = None,
    spreads: dict[str, int] | None = None,
) -> tuple[BookletView, list[PartSpec]]:
    """Number every page, given how many pages the front matter and each opener took as laid
    out (without fillers; an opener is assumed to take two until measured), and how many each
    career takes (`spreads`, by slug: its handout's even count in large print; two if not
    given), so the contents, cross-references and folios follow.

    A Notes page ends the front matter or an opener that would end on a left-hand page, so
    what follows starts on one. Returns the view with `pages` filled in, and the body parts.
    """
    fillers = 1 - front_pages % 2
    page = front_pages + fillers + 1
    pages = {"contents": 3}
    parts: list[PartSpec] = []
    for opener, groups in _sections(view):
        if opener is not None:
            natural = (openers or {}).get(opener.id, OPENER_PAGES)
            planned = natural + natural % 2
            pages.update({f"cluster-{group.id}": page for group in groups})
            shown = _as_opened(opener, view.glance_cards)
            parts.append(PartSpec("opener", page, planned, group=shown, fillers=planned - natural))
            page += planned
        for group in groups:
            if view.grouped and opener is None:
                pages[f"cluster-{group.id}"] = page  # no opener: its first career
            for row in group.rows:
                count = (spreads or {}).get(row.slug, SPREAD_PAGES)
                if count % 2:
                    raise ValueError(
                        f"a career takes an even number of pages ({row.slug}: {count})"
                    )
                pages[f"career-{row.slug}"] = page
                parts.append(PartSpec("spread", page, count, slug=row.slug))
                page += count
    pages["appendix"] = page
    parts.append(PartSpec("appendix", page))
    shared = tuple(
        g.id for opener, groups in _sections(view) if opener and opener.shared for g in groups
    )
    return replace(view, front_fillers=fillers, pages=pages, shared_ids=shared), parts


def expected_front_pages(view: BookletView, paper: str, variant: str) -> int:
    """How many pages the front matter will take, as planned before it is laid out: the
    cover, how to read and the contents, at a line for each career and two for each field's
    heading (CONTENTS_LINES to a page, as measured on Letter at 100 and 500 careers, and
    scaled to A4's height). Only a plan: the front is laid out, counted, and the booklet
    numbered again when the count differs (a booklet with summaries in its contents, or in
    large print, is planned at FRONT_PAGES until then). A right plan saves laying out again
    every part after the front (a 500-career booklet's front takes 16 pages)."""
    if variant != "standard" or view.career_count <= CONTENTS_SUMMARIES:
        return FRONT_PAGES
    headings = len(view.groups) if view.grouped else 0
    lines = view.career_count + 2 * headings + 3  # (the title, and the appendix's line)
    per_page = CONTENTS_LINES.get(paper, CONTENTS_LINES["letter"])
    return FRONT_PAGES - 1 + -(-lines // per_page)


def has_openers(view: BookletView) -> bool:
    """Whether any field of the booklet opens on a divider."""
    return any(opener is not None for opener, _ in _sections(view))


def heading_levels(view: BookletView) -> dict[int, int]:
    """The level the headings of a part start at in the booklet's structure tree, by the page
    the part starts on: the cover's title is the booklet's H1 and every part sits below it
    (level 2), but a career under its field's opener sits below the field (level 3)."""
    levels: dict[int, int] = {}
    for opener, groups in _sections(view):
        if opener is not None:
            for row in (row for group in groups for row in group.rows):
                levels[view.pages[f"career-{row.slug}"]] = 3
    return levels


def sections(view: BookletView) -> list[tuple[Group | None, list[Group]]]:
    """The body's sections in order: an opener (or none) and the fields whose careers follow."""
    return _sections(view)


def _sections(view: BookletView) -> list[tuple[Group | None, list[Group]]]:
    """The body's sections: an opener (or none) and the fields whose careers follow it.

    A field of `OWN_OPENER` careers or more opens itself; the smaller ones (last, see `_groups`)
    share one opener when they have that many careers together, else have none."""
    if not view.grouped:
        return [(None, list(view.groups))]
    own = [g for g in view.groups if len(g.rows) >= OWN_OPENER]
    small = [g for g in view.groups if len(g.rows) < OWN_OPENER]
    sections: list[tuple[Group | None, list[Group]]] = [(g, [g]) for g in own]
    rows = tuple(row for group in small for row in group.rows)
    if len(rows) >= OWN_OPENER:
        sections.append((Group(SHARED, view.shared_name, rows), small))
    elif small:
        sections.append((None, small))
    return sections


def _as_opened(group: Group, glance_cards: int) -> Group:
    """What an opener prints of its careers (so that an edit lays it out again only when it
    changes that): a small field's glance cards their summaries; a big field's list their
    pitches (up to `PITCHED_LIST` of them; more, by name only), and its table their figures."""
    if len(group.rows) <= glance_cards:
        return replace(group, rows=tuple(replace(row, pitch="") for row in group.rows))
    pitched = len(group.rows) <= PITCHED_LIST
    rows = (replace(r, summary="", worth="", pitch=r.pitch if pitched else "") for r in group.rows)
    return replace(group, rows=tuple(rows))


def closing_parts(appendix: PartSpec, appendix_pages: int) -> list[PartSpec]:
    """Notes pages to make the count a multiple of four, then the back cover."""
    after = appendix.start + appendix_pages  # first page after the appendix
    pad = (-after) % 4  # the back cover takes page `after + pad`, a multiple of 4
    parts = [PartSpec("notes", after, pad)] if pad else []
    return [*parts, PartSpec("back", after + pad, 1)]


def part_view(view: BookletView, spec: PartSpec, related: tuple[str, ...] = ()) -> BookletView:
    """The part of the booklet's view that one part shows, so that editing one career lays
    out again only the parts that print something of it."""
    if spec.kind == "spread":
        wanted = {f"career-{slug}" for slug in related}
        return replace(view, groups=(), pages={k: v for k, v in view.pages.items() if k in wanted})
    if spec.kind in ("front", "back"):  # titles and page numbers (and a small booklet's
        # contents the careers' summaries, so that its page is not mostly blank)
        summaries = spec.kind == "front" and view.career_count <= CONTENTS_SUMMARIES
        groups = tuple(
            replace(group, rows=tuple(_title_only(row, summaries) for row in group.rows))
            for group in view.groups
        )
        return replace(view, groups=groups)
    if spec.kind == "opener" and spec.group is not None:
        wanted = {f"career-{row.slug}" for row in spec.group.rows}
        pages = {k: v for k, v in view.pages.items() if k in wanted}
        return replace(view, groups=(spec.group,), pages=pages)
    if spec.kind == "appendix":  # the table and sources, no summaries
        groups = tuple(
            replace(
                group,
                rows=tuple(
                    replace(row, summary="", worth="", split=(), pitch="") for row in group.rows
                ),
            )
            for group in view.groups
        )
        return replace(view, groups=groups, pages={})
    return replace(view, groups=(), pages={})  # notes


def _title_only(row: Row, summary: bool = False) -> Row:
    return Row(
        row.slug, row.title, row.summary if summary else "", "", "", "", "", "", (), hue=row.hue
    )
