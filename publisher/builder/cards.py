"""Table cards in the build: which careers get one, and a worker's task that makes a card and
its print sheet.

`publisher.yaml` asks for cards with `cards: all` or `cards: [slug, …]`; `publisher card`
names them on the command line. Each career gives `cards/SLUG.pdf` (the card) and
`cards/SLUG-sheet.pdf` (four copies on one sheet, with crop marks).
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.builder.pictures import PictureFiles
from publisher.guides.library import Library
from publisher.guides.models import Guide
from publisher.project.labels import Labels
from publisher.project.settings import Paper, Project


@dataclass(frozen=True)
class CardPDFs:
    """A card and its print sheet."""

    card: bytes
    sheet: bytes


def wanted_cards(project: Project, library: Library) -> list[str]:
    """The slugs `publisher.yaml` asks cards for (`cards:`), in its order."""
    asked = project.config.cards
    if asked == "all":
        return [entry.slug for entry in library.entries]
    return list(asked)


def card_names(slug: str, folder: str) -> tuple[str, str]:
    """The card's and its sheet's output names, e.g. cards/chef.pdf, cards/chef-sheet.pdf."""
    return f"{folder}/{slug}.pdf", f"{folder}/{slug}-sheet.pdf"


def render_card(
    project: Project,
    *,
    slug: str,
    guide: Guide,
    display: str,
    labels: Labels,
    paper: Paper,
    pictures: PictureFiles,
    draft: bool = False,
) -> CardPDFs:
    """A worker's task: the card's chart, template, layout and PDF, then its sheet."""
    from publisher.builder.libraries import import_layout_engine
    from publisher.charts.figures import card_chart
    from publisher.documents.card import card_charts, compose_card
    from publisher.documents.cutsheet import card_sheet
    from publisher.documents.handout import Career
    from publisher.project.formatting import Formatter

    import_layout_engine(project.cache_dir)
    fmt = Formatter(project.config.locale)
    chart = card_chart(guide, labels, fmt, pictures)
    career = Career(slug, guide, display, card_charts(chart), draft)
    card = compose_card(project, career, labels, paper=paper, pictures=pictures)
    return CardPDFs(card, card_sheet(card, paper))
