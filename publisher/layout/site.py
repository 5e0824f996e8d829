"""Stage 4 (template), for the web: a guide → its web page, the library → the index by field.

The web edition shows what the handout prints, from the same view (`views.build_spread`) and
the same labels, as semantic HTML with the charts drawn inline. Every link is relative
(`../index.html`, `../chef/index.html`, `music-producer.pdf`), so the folder works copied to
any web host or opened from disk; nothing is fetched from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup

from publisher import __version__
from publisher.guides.models import Guide
from publisher.layout.template import branding_line, environment, render_template
from publisher.layout.views import Spread
from publisher.project.labels import Labels
from publisher.project.settings import Project

STYLESHEET = "site/site.css"  # copied to the site's root as site.css
PAGE = "index.html"  # a career's page is SLUG/index.html: BASE/SLUG/ on a web host


@dataclass(frozen=True)
class SiteDoc:
    """Page-level facts every site template gets as `doc`."""

    lang: str
    title: str
    description: str
    root: str  # the way back to the site's root: '' on the index, '../' on a career page
    branding_line: str
    generator: str = f"career-publisher {__version__}"


@dataclass(frozen=True)
class Card:
    """One career in the index: its title, summary and page."""

    slug: str
    title: str
    summary: str
    href: str


@dataclass(frozen=True)
class FieldCards:
    """One career field of the index and its careers, by title."""

    cluster: str
    name: str
    cards: list[Card]


def career_href(slug: str, root: str = "../") -> str:
    return f"{root}{slug}/{PAGE}"


def site_doc(project: Project, *, title: str, description: str, root: str) -> SiteDoc:
    return SiteDoc(
        lang=project.config.locale.replace("_", "-"),
        title=title,
        description=description,
        root=root,
        branding_line=branding_line(project),
    )


def career_page(
    project: Project,
    spread: Spread,
    labels: Labels,
    *,
    charts: dict[str, str],
    pdf: str | None,
    linked: frozenset[str],
) -> str:
    """A career's page: `charts` are inline SVG drawings by name (`publisher.charts.inline`),
    `pdf` the handout's file name beside the page (None: no handout), `linked` the related
    careers that have a page of their own."""
    guide = spread.guide
    doc = site_doc(project, title=guide.title, description=guide.summary, root="../")
    return render_template(
        environment(project.layouts, project.cache_dir),
        "site/career.html",
        doc=doc,
        spread=spread,
        labels=labels,
        charts={name: Markup(svg) for name, svg in charts.items()},  # (drawn by us, escaped)
        pdf=pdf,
        linked=linked,
        href=career_href,
    )


def index_fields(project: Project, guides: dict[str, Guide]) -> list[FieldCards]:
    """The careers by field: fields in the order publisher.yaml names them (then by name),
    careers by title."""
    order = list(project.config.clusters)

    def field_order(slug: str) -> tuple[int, str, str]:
        cluster = guides[slug].cluster
        rank = order.index(cluster) if cluster in order else len(order)
        return rank, project.cluster_name(cluster), guides[slug].title.casefold()

    fields = []
    for cluster, slugs in groupby(sorted(guides, key=field_order), lambda s: guides[s].cluster):
        cards = [
            Card(s, guides[s].title, guides[s].summary, career_href(s, root="")) for s in slugs
        ]
        fields.append(FieldCards(cluster, project.cluster_name(cluster), cards))
    return fields


def index_page(project: Project, fields: list[FieldCards], labels: Labels) -> str:
    doc = site_doc(project, title=labels["site_title"], description=labels["site_intro"], root="")
    return render_template(
        environment(project.layouts, project.cache_dir),
        "site/index.html",
        doc=doc,
        fields=fields,
        labels=labels,
    )
