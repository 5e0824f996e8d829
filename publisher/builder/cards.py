"""Table cards in the build: which careers get one, and a worker's task that makes a card and
its print sheet.

`publisher.yaml` asks for cards with `cards: all` or `cards: [slug, …]`; `publisher card`
names them on the command line. Each career gives `cards/SLUG.pdf` (the card) and
`cards/SLUG-sheet.pdf` (four copies on one sheet, with crop marks; `SLUG-sheet-2up.pdf`, two
larger ones on a landscape sheet, with `publisher card --up 2`).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

from publisher.builder import keys
from publisher.builder.pictures import PictureFiles
from publisher.errors import PublisherError
from publisher.guides.library import Library
from publisher.guides.models import Guide
from publisher.project.labels import Labels
from publisher.project.settings import Paper, Project

if TYPE_CHECKING:
    from publisher.builder.session import Session


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


def card_names(slug: str, folder: str, up: int = 4) -> tuple[str, str]:
    """The card's and its sheet's output names, e.g. cards/chef.pdf, cards/chef-sheet.pdf
    (chef-sheet-2up.pdf two to a sheet)."""
    return f"{folder}/{slug}.pdf", f"{folder}/{slug}-sheet{'' if up == 4 else f'-{up}up'}.pdf"


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
    up: int = 4,
) -> CardPDFs:
    """A worker's task: the card's chart, template, layout and PDF, then its sheet."""
    from publisher.builder.libraries import import_layout_engine
    from publisher.documents.card import compose_card
    from publisher.documents.cutsheet import card_sheet
    from publisher.documents.handout import Career

    import_layout_engine(project.cache_dir)
    career = Career(slug, guide, display, {}, draft)
    card = compose_card(project, career, labels, paper=paper, pictures=pictures)
    return CardPDFs(card, card_sheet(card, paper, up))


def make_cards(session: Session, slugs: Sequence[str]) -> None:
    """A table card and its print sheet for each of `slugs`, from the cache or laid out in the
    session's workers; a guide that cannot print fails its card, not the build."""
    from publisher.builder.report import Outcome
    from publisher.builder.session import entry_failure, output_folder

    entries = session.library.by_slug()
    folder = output_folder("cards", session.paper, session.project.config.paper)
    pending: list[tuple[str, str, str, Future[CardPDFs]]] = []  # card, sheet, key, PDFs
    for slug in slugs:
        up = session.options.card_up
        name, sheet = card_names(slug, folder, up)
        entry = entries.get(slug)
        reason = (
            entry_failure(entry, session.options.strict, session.options.draft)
            if entry
            else f"no guide named '{slug}' in guides/ (check `cards:` in publisher.yaml)"
        )
        if reason or entry is None or entry.guide is None:
            session.report.failed.append(Outcome(name, error=reason))
            continue
        key = keys.card(session.env, entry, session.paper, draft=entry.is_draft)
        if session.from_cache(name, key) and session.from_cache(sheet, keys.card_sheet(key, up)):
            continue
        future = session.executor.submit(
            render_card,
            session.project,
            slug=slug,
            guide=entry.guide,
            display=entry.display,
            labels=session.labels,
            paper=session.paper,
            pictures=session.pictures,
            draft=entry.is_draft,
            up=up,
        )
        pending.append((name, sheet, key, future))
    for name, sheet, key, future in pending:
        try:
            made = future.result()
            session.write(name, key, made.card)
            session.write(sheet, keys.card_sheet(key, session.options.card_up), made.sheet)
        except PublisherError as exc:
            session.report.failed.append(Outcome(name, error=exc.format()))
