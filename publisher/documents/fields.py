"""Stage 6 (assemble), booklets, part 0: a recipe's careers → the booklet's view of them.

Each career as one row (what the cover, contents, openers and appendix print of it), the rows
by field in booklet order with each field's colour, and what the cover says. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from publisher.errors import BuildError
from publisher.guides.library import Entry, Library
from publisher.guides.models import Guide, Source
from publisher.guides.pitch import card_pitch
from publisher.layout.views import growth_text
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels
from publisher.project.settings import BookletRecipe, Project

# Up to this many careers, a cluster's glance page describes each one: as many as a page holds
# (two by five), and the divider as many time splits. With more (it was 12) both ran onto a
# page of their own for the last one or two, and left it mostly blank.
GLANCE_CARDS = 10
# Up to this many, a bigger field's divider lists its careers each with its pitch (a sentence:
# two or three lines in a column), ten to a column; beyond, the names alone.
PITCHED_LIST = 20
OWN_OPENER = 3  # careers a field needs for an opener of its own (two pages to fill)
SHARED = "~shared"  # the id of the opener small fields share (never a cluster slug)
HUES = 6  # field colours, in booklet order (layouts/css/booklet.css: .hue-0 …)


@dataclass(frozen=True)
class Share:
    """One activity of a career's time split, as its small bar shows it."""

    activity: str
    percent: float
    label: str  # e.g. "40%"


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
    split: tuple[Share, ...] = ()
    hue: int = 0  # its field's colour
    worth: str = ""  # who should look closer (the glance cards of a small opener print it)
    pitch: str = ""  # one sentence: what a big field's divider says of it (`card_pitch`)


@dataclass(frozen=True)
class Group:
    """A cluster of careers (or, ungrouped, all of them) in booklet order."""

    id: str
    name: str
    rows: tuple[Row, ...]
    hue: int = 0

    @property
    def shared(self) -> bool:
        """Whether this is the opener small fields share."""
        return self.id == SHARED

    @property
    def fields(self) -> list[tuple[str, int, list[Row]]]:
        """Its rows by field (name, hue, rows), in order: a shared opener shows several."""
        found: dict[str, tuple[str, int, list[Row]]] = {}
        for row in self.rows:
            found.setdefault(row.cluster, (row.cluster, row.hue, []))[2].append(row)
        return list(found.values())


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
    shared_name: str = ""  # the title of the opener small fields share
    shared_ids: tuple[str, ...] = ()  # the fields that share it (set by `paginate`)

    @property
    def career_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def slugs(self) -> list[str]:
        return [row.slug for group in self.groups for row in group.rows]


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
        as_of=fmt.month(guide.as_of) if guide.as_of else labels["draft_as_of"],
        sources=tuple(guide.sources),
        split=tuple(
            Share(s.activity, s.percent, fmt.percent(s.percent)) for s in guide.work.time_split
        ),
        worth=guide.suits.worth_a_look_if,
        pitch=card_pitch(guide) or "",
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

    ranked = sorted(by_cluster, key=rank)
    # Fields too small for an opener of their own follow the others (see `paginate`).
    ordered = sorted(ranked, key=lambda c: len(by_cluster[c]) < OWN_OPENER)
    groups = []
    for hue, cluster in enumerate(ordered):
        rows = sorted(by_cluster[cluster], key=lambda r: r.title.casefold())
        rows = [replace(row, hue=hue % HUES) for row in rows]
        groups.append(Group(cluster, project.cluster_name(cluster), tuple(rows), hue % HUES))
    return tuple(groups)


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
        shared_name=labels["shared_fields"],
    )


def _as_of(careers: list[tuple[str, Guide]], labels: Labels, fmt: Formatter) -> str:
    """'Data as of June 2026', or 'Data as of June 2026 to November 2026' when guides differ."""
    dates = [guide.as_of for _, guide in careers if guide.as_of is not None]
    if not dates:  # only drafts: no data date to claim
        return labels["draft_as_of"]
    first, last = fmt.month(min(dates)), fmt.month(max(dates))
    if first == last:
        return labels.format("data_as_of", date=last)
    return labels.format("data_as_of_range", first=first, last=last)
