"""How a booklet goes to press: bleed and crop marks, and the office-printer variant.

`NAME-imposed.pdf` puts the booklet's pages 2-up in saddle-stitch order on sheets twice the
page size (Letter → Tabloid, A4 → A3); `NAME-office.pdf` (on request) scales the same spreads
onto Letter or A4 for an office printer (`publisher.documents.impose`).
"""

from __future__ import annotations

from dataclasses import dataclass

SMALLEST_TEXT_PT = 6.5  # source superscripts; notes are 7.5 pt and up


@dataclass(frozen=True)
class PrintOptions:
    """How a booklet goes to press: bleed and crop marks, and the office-printer variant."""

    bleed: str | None = None  # e.g. "3mm"
    marks: bool = False
    office: bool = False

    def css(self) -> str:
        rules = []
        if self.bleed:
            rules.append(f"bleed: {self.bleed};")
        if self.marks:
            rules.append("marks: crop cross;")
        return f"@page {{ {' '.join(rules)} }}" if rules else ""


def smallest_text_note(scale: float) -> str:
    """What a reader of office sheets placed at `scale` needs to know."""
    return f"smallest text {SMALLEST_TEXT_PT * scale:.1f} pt (pages scaled to {scale:.0%})"
