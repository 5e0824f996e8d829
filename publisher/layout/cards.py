"""Stage 4 (template), table cards: a guide → the view its one-page card prints.

A card is read from arm's length at a fair table, so it shows little: the title, a one-line
pitch (`guides.pitch`), the first three sourced quick facts exactly as the handout prints
them, with the same source lines, the time split, the starter project's title and a QR code.
Facts without a source (the SOC code) stay on the handout.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.charts.figures import Image
from publisher.guides.models import Guide
from publisher.guides.pitch import card_pitch
from publisher.layout.views import Fact, SourceLine, quick_facts, source_numbers
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels

CARD_FACTS = 3


@dataclass(frozen=True)
class CardView:
    """What `layouts/card.html` prints of one career."""

    slug: str
    title: str
    cluster_name: str
    pitch: str | None  # none when the guide has no pitch and its first sentence is too long
    facts: list[Fact]
    sources: list[SourceLine]
    as_of: str
    chart: Image
    starter_title: str
    qr: Image | None
    url: str | None
    draft: bool = False


def card_facts(guide: Guide, fmt: Formatter, labels: Labels) -> list[Fact]:
    """The first three quick facts that carry a source, in the handout's order and words."""
    return [fact for fact in quick_facts(guide, fmt, labels) if fact.marks][:CARD_FACTS]


def build_card(
    slug: str,
    guide: Guide,
    *,
    fmt: Formatter,
    labels: Labels,
    cluster_name: str,
    chart: Image,
    qr: Image | None,
    url: str | None,
    draft: bool = False,
) -> CardView:
    facts = card_facts(guide, fmt, labels)
    numbers = source_numbers(guide)
    shown = {mark for fact in facts for mark in fact.marks}
    return CardView(
        slug=slug,
        title=guide.title,
        cluster_name=cluster_name,
        pitch=card_pitch(guide),
        facts=facts,
        sources=[SourceLine(numbers[s.id], s) for s in guide.sources if numbers[s.id] in shown],
        as_of=fmt.month(guide.as_of) if guide.as_of and not draft else "",
        chart=chart,
        starter_title=guide.starter.title,
        qr=qr,
        url=url,
        draft=draft,
    )
