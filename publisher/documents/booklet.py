"""Stage 6 (assemble), booklets, part 1: a recipe → the booklet's plan, page by page.

A booklet is front matter (cover, how to read, contents), then per cluster an opener (divider
and careers at a glance, two pages) and each career's two-page spread, then the appendix,
Notes pages and the back cover. Every spread is exactly two pages, so once the front matter is
measured every page number is known in advance: each part is laid out on its own (in parallel,
and cached) with its real folios, contents numbers and cross-references, then the parts are
merged (`publisher.documents.merge`). Spreads start on left-hand (even) pages and face each
other; the page count is a multiple of four.

This module is pure data: no layout engine is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from publisher.errors import BuildError
from publisher.guides.library import Entry, Library
from publisher.guides.models import Guide, Source
from publisher.layout.views import growth_text
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import BookletRecipe, Project

PartKind = Literal["front", "opener", "spread", "appendix", "notes", "back"]
OPENER_PAGES = 2
GLANCE_CARDS = 5  # up to this many careers, a cluster's glance page describes each one
SPREAD_PAGES = 2


@dataclass(frozen=True)
class Row:
    """One career as the contents, openers and appendix list it."""

    slug: str
    title: str
    summary: str
    cluster: str
    pay: str
    growth: str
    education: str
    as_of: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Group:
    """A cluster of careers (or, ungrouped, all of them) in booklet order."""

    id: str
    name: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class BookletView:
    """What every part of one booklet knows: its groups and the page of every anchor."""

    name: str
    title: str
    subtitle: str | None
    organisation: str
    event: str
    as_of: str  # the whole line, e.g. "Data as of June 2026 to November 2026"
    grouped: bool
    groups: tuple[Group, ...]
    front_fillers: int = 0
    pages: dict[str, int] = field(default_factory=dict)
    glance_cards: int = GLANCE_CARDS

    @property
    def career_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def slugs(self) -> list[str]:
        return [row.slug for group in self.groups for row in group.rows]


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


def select_entries(recipe: BookletRecipe, library: Library) -> list[Entry]:
    """The recipe's careers in its order; unknown slugs are a `BuildError`, never skipped."""
    entries = library.by_slug()
    if recipe.careers == "all":
        chosen = list(entries.values())
    else:
        missing = [slug for slug in recipe.careers if slug not in entries]
        if missing:
            raise BuildError(
                f"booklet '{recipe.name}': no guide for {', '.join(missing)} "
                "(check the slugs in publisher.yaml)"
            )
        chosen = [entries[slug] for slug in recipe.careers]
    if recipe.clusters:
        chosen = [e for e in chosen if e.guide is None or e.guide.cluster in recipe.clusters]
    if recipe.tags:
        chosen = [e for e in chosen if e.guide is None or set(recipe.tags) & set(e.guide.tags)]
    if not chosen:
        raise BuildError(f"booklet '{recipe.name}': no careers match its selection")
    if recipe.order == "title":
        chosen.sort(key=lambda e: e.guide.title.casefold() if e.guide else e.slug)
    return chosen


def _row(project: Project, slug: str, guide: Guide, labels: Labels, fmt: Formatter) -> Row:
    facts = guide.quick_facts
    pay = "—"
    median = facts.median_pay
    if median is not None and median.amount is not None:
        per = f" {labels['per_hour']}" if median.period == "hour" else ""
        pay = f"{fmt.money(median.amount, median.currency)}{per} ({median.year})"
    growth = growth_text(guide, fmt) or "—"
    period = guide.numbers.growth.period if guide.numbers.growth else None
    if period and growth != "—":
        growth = f"{growth} ({period})"
    education = (facts.entry_education.value if facts.entry_education else None) or "—"
    cluster = project.cluster_name(guide.cluster)
    return Row(
        slug=slug,
        title=guide.title,
        summary=guide.summary,
        cluster=cluster,
        pay=pay,
        growth=growth,
        education=education,
        as_of=fmt.month(guide.as_of),
        sources=tuple(guide.sources),
    )


def _groups(
    project: Project, recipe: BookletRecipe, careers: list[tuple[str, Guide]], rows: list[Row]
) -> tuple[Group, ...]:
    if recipe.order != "cluster":
        return (Group("all", "", tuple(rows)),)
    known = list(project.config.clusters)
    by_cluster: dict[str, list[Row]] = {}
    for (_, guide), row in zip(careers, rows, strict=True):
        by_cluster.setdefault(guide.cluster, []).append(row)

    def rank(cluster: str) -> tuple[int, str]:
        position = known.index(cluster) if cluster in known else len(known)
        return (position, project.cluster_name(cluster).casefold())

    return tuple(
        Group(
            c,
            project.cluster_name(c),
            tuple(sorted(by_cluster[c], key=lambda r: r.title.casefold())),
        )
        for c in sorted(by_cluster, key=rank)
    )


def make_view(
    project: Project, recipe: BookletRecipe, careers: list[tuple[str, Guide]], labels: Labels
) -> BookletView:
    """The booklet's groups and cover, before its pages are counted."""
    fmt = Formatter(project.config.locale)
    rows = [_row(project, slug, guide, labels, fmt) for slug, guide in careers]
    brand = project.config.branding
    event = " · ".join(
        part
        for part in (recipe.event or brand.event, recipe.event_date or brand.event_date)
        if part
    )
    return BookletView(
        name=recipe.name,
        title=recipe.title,
        subtitle=recipe.subtitle,
        organisation=recipe.organisation or brand.organisation or "",
        event=event,
        as_of=_as_of(careers, labels, fmt),
        grouped=recipe.order == "cluster",
        groups=_groups(project, recipe, careers, rows),
    )


def _as_of(careers: list[tuple[str, Guide]], labels: Labels, fmt: Formatter) -> str:
    """'Data as of June 2026', or 'Data as of June 2026 to November 2026' when guides differ."""
    first = fmt.month(min(guide.as_of for _, guide in careers))
    last = fmt.month(max(guide.as_of for _, guide in careers))
    if first == last:
        return labels.format("data_as_of", date=last)
    return labels.format("data_as_of_range", first=first, last=last)


def paginate(
    view: BookletView, front_pages: int, openers: dict[str, int] | None = None
) -> tuple[BookletView, list[PartSpec]]:
    """Number every page, given how many pages the front matter and each cluster opener took
    as laid out (without fillers; an opener is assumed to take two until measured).

    A Notes page ends the front matter or an opener that would end on a left-hand page, so
    what follows starts on one. Returns the view with `pages` filled in, and the body parts.
    """
    fillers = 1 - front_pages % 2
    page = front_pages + fillers + 1
    pages = {"contents": 3}
    parts: list[PartSpec] = []
    for group in view.groups:
        if view.grouped:
            natural = (openers or {}).get(group.id, OPENER_PAGES)
            planned = natural + natural % 2
            pages[f"cluster-{group.id}"] = page
            shown = group if len(group.rows) <= view.glance_cards else _without_summaries(group)
            parts.append(PartSpec("opener", page, planned, group=shown, fillers=planned - natural))
            page += planned
        for row in group.rows:
            pages[f"career-{row.slug}"] = page
            parts.append(PartSpec("spread", page, SPREAD_PAGES, slug=row.slug))
            page += SPREAD_PAGES
    pages["appendix"] = page
    parts.append(PartSpec("appendix", page))
    return replace(view, front_fillers=fillers, pages=pages), parts


def _without_summaries(group: Group) -> Group:
    """A big field's opener lists its careers in a table, without their summaries."""
    return replace(group, rows=tuple(replace(row, summary="") for row in group.rows))


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
    if spec.kind == "front":  # titles and page numbers only
        groups = tuple(
            replace(group, rows=tuple(_title_only(row) for row in group.rows))
            for group in view.groups
        )
        return replace(view, groups=groups)
    if spec.kind == "opener" and spec.group is not None:
        wanted = {f"career-{row.slug}" for row in spec.group.rows}
        pages = {k: v for k, v in view.pages.items() if k in wanted}
        return replace(view, groups=(spec.group,), pages=pages)
    if spec.kind == "appendix":  # the table and sources, no summaries
        groups = tuple(
            replace(group, rows=tuple(replace(row, summary="") for row in group.rows))
            for group in view.groups
        )
        return replace(view, groups=groups, pages={})
    return replace(view, groups=(), pages={})  # notes, back cover


def _title_only(row: Row) -> Row:
    return Row(row.slug, row.title, "", "", "", "", "", "", ())
