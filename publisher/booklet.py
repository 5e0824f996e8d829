"""Stage 6 (assemble), booklets: chosen careers → one print-ready booklet PDF.

A booklet is laid out as ONE document (cover, how to read, contents, cluster openers, career
spreads, appendix, back cover), so contents and cross-references are real page counters. Every
spread starts on a left-hand page and its two pages face each other; the page count is padded
to a multiple of four with deliberate "Notes" pages before the back cover.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from publisher.budget import check_two_pages
from publisher.context import Spread
from publisher.errors import BuildError
from publisher.formatting import Formatter
from publisher.handout import Career, make_spread, section_names
from publisher.labels import Labels
from publisher.library import Entry, Library
from publisher.models import Guide
from publisher.project import BookletRecipe, Paper, Project
from publisher.render import Rendered, allowed_roots, render_html
from publisher.template import doc_info, environment, render_template


@dataclass(frozen=True)
class Row:
    """One row of the appendix comparison table."""

    slug: str
    title: str
    cluster: str
    pay: str
    growth: str
    education: str


@dataclass(frozen=True)
class Group:
    """A cluster of careers (or, ungrouped, all of them) in booklet order."""

    id: str
    name: str
    spreads: list[Spread]
    rows: list[Row]


@dataclass
class BookletView:
    title: str
    subtitle: str | None
    organisation: str
    event: str
    as_of: str
    grouped: bool
    groups: list[Group]
    front_fillers: int = 0
    pad: int = 0
    career_count: int = field(init=False)

    def __post_init__(self) -> None:
        self.career_count = sum(len(group.spreads) for group in self.groups)

    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]


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


def group_careers(
    project: Project, recipe: BookletRecipe, careers: Sequence[Career]
) -> list[tuple[str, list[Career]]]:
    """Careers by cluster (clusters in publisher.yaml order, then by name), or one group."""
    if recipe.order != "cluster":
        return [("all", list(careers))]
    known = list(project.config.clusters)
    groups: dict[str, list[Career]] = {}
    for career in careers:
        groups.setdefault(career.guide.cluster, []).append(career)

    def rank(cluster: str) -> tuple[int, str]:
        return (
            known.index(cluster) if cluster in known else len(known),
            project.cluster_name(cluster).casefold(),
        )

    return [
        (cluster, sorted(groups[cluster], key=lambda c: c.guide.title.casefold()))
        for cluster in sorted(groups, key=rank)
    ]


def _row(project: Project, spread: Spread, labels: Labels, fmt: Formatter) -> Row:
    guide: Guide = spread.guide
    facts = guide.quick_facts
    pay = "—"
    if facts.median_pay:
        median = facts.median_pay
        per = f" {labels['per_hour']}" if median.period == "hour" else ""
        pay = f"{fmt.money(median.amount, median.currency)}{per} ({median.year})"
    growth = "—"
    if spread.growth:
        period = guide.numbers.growth.period if guide.numbers.growth else None
        growth = f"{spread.growth} ({period})" if period else spread.growth
    education = facts.entry_education.value if facts.entry_education else "—"
    return Row(
        spread.slug, guide.title, project.cluster_name(guide.cluster), pay, growth, education
    )


def compose_booklet(
    project: Project,
    recipe: BookletRecipe,
    careers: Sequence[Career],
    *,
    labels: Labels,
    titles: dict[str, str],
    paper: Paper,
    print_css: str = "",
) -> tuple[bytes, int]:
    """The booklet PDF and its page count; `BuildError` naming any career that breaks it."""
    fmt = Formatter(project.config.locale)
    linked = frozenset(career.slug for career in careers)
    groups = []
    for cluster, members in group_careers(project, recipe, careers):
        spreads = [
            make_spread(project, c, labels=labels, fmt=fmt, related_titles=titles, linked=linked)
            for c in members
        ]
        rows = [_row(project, spread, labels, fmt) for spread in spreads]
        groups.append(Group(cluster, project.cluster_name(cluster), spreads, rows))
    brand = project.config.branding
    event = " · ".join(
        part
        for part in (recipe.event or brand.event, recipe.event_date or brand.event_date)
        if part
    )
    latest = max(career.guide.as_of for career in careers)
    view = BookletView(
        title=recipe.title,
        subtitle=recipe.subtitle,
        organisation=recipe.organisation or brand.organisation or "",
        event=event,
        as_of=fmt.month(latest),
        grouped=recipe.order == "cluster",
        groups=groups,
    )
    doc = doc_info(
        project,
        labels,
        title=recipe.title,
        subject=recipe.subtitle or recipe.title,
        keywords=[recipe.title, *(g.name for g in groups)],
        paper=paper,
        stylesheets=("booklet.css",),
    )
    rendered = _render(project, view, doc, labels, print_css)
    misplaced = int(_body_start(rendered) % 2 == 0)  # index even = right-hand page
    if misplaced or len(rendered.pages) % 4:
        # Deliberate pages, never stray blanks: a Notes page keeps the first opener on a
        # left-hand page, Notes pages before the back cover make the count a multiple of 4.
        # A misplaced opener cost WeasyPrint one blank page, which the filler replaces.
        view.front_fillers = misplaced
        view.pad = (-len(rendered.pages)) % 4
        rendered = _render(project, view, doc, labels, print_css)
    _check(rendered, view, careers, labels)
    seed = "|".join(
        [recipe.model_dump_json(), paper, print_css, *(c.guide.model_dump_json() for c in careers)]
    )
    return rendered.pdf_bytes(seed.encode()), len(rendered.pages)


def _render(project: Project, view: BookletView, doc: object, labels: Labels, css: str) -> Rendered:
    env = environment(project.layouts_dir)
    html = render_template(env, "booklet.html", doc=doc, booklet=view, labels=labels)
    if css:
        html = html.replace("</head>", f"<style>{css}</style>\n</head>", 1)
    roots = allowed_roots(project.layouts_dir, project.assets_dir, project.cache_dir)
    return render_html(html, project.layouts_dir, roots, f"booklet '{view.title}'")


def page_of_anchors(rendered: Rendered) -> dict[str, int]:
    """Anchor name → 0-based page index, as laid out."""
    found: dict[str, int] = {}
    for index, page in enumerate(rendered.pages):
        for name in page.anchors:
            found.setdefault(name, index)
    return found


def _body_start(rendered: Rendered) -> int:
    """0-based page where the careers begin (first cluster opener or spread)."""
    anchors = page_of_anchors(rendered)
    return min(page for name, page in anchors.items() if name.startswith(("cluster-", "career-")))


def _spread_pages(rendered: Rendered, view: BookletView) -> list[int]:
    anchors = page_of_anchors(rendered)
    return [anchors[f"career-{s.slug}"] for g in view.groups for s in g.spreads]


def _check(
    rendered: Rendered, view: BookletView, careers: Sequence[Career], labels: Labels
) -> None:
    display = {career.slug: career.display for career in careers}
    names = section_names(labels)
    pages = rendered.pages
    for spread, first in zip(
        (s for g in view.groups for s in g.spreads), _spread_pages(rendered, view), strict=True
    ):
        if first % 2 == 0:
            raise BuildError(
                f"booklet '{view.title}': {spread.guide.title} starts on page {first + 1}, "
                "a right-hand page; its spread would not face itself"
            )
        check_two_pages(pages, first, spread.slug, display[spread.slug], names)
    if len(pages) % 4:
        raise BuildError(f"booklet '{view.title}': {len(pages)} pages is not a multiple of 4")
