"""How a booklet goes to press: bleed and crop marks, the print shop's set, the office printer.

`NAME-imposed.pdf` puts the booklet's pages 2-up in saddle-stitch order on sheets twice the
page size (Letter → Tabloid, A4 → A3). For an office printer (on request) the same spreads go
2-up onto Letter or A4 (`NAME-office.pdf`) only when the smallest text stays readable there;
otherwise the booklet itself is printed 1-up, double-sided, and the build says so.

For a print shop (`--print-shop`, or a recipe's `print_shop:` block) the booklet is laid out
again in the press's inks (`layouts/css/print-shop.css`) with bleed and no engine marks, then
made PDF/X-4 with crop marks in a slug outside the bleed (`publisher.documents.pdfx`,
`publisher.documents.marks`): `NAME-print.pdf`, its sheets and a job ticket.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.project.settings import BookletRecipe, Paper

SMALLEST_TEXT_PT = 7.0  # the source marks (layouts/css/base.css); notes are 7.5 pt and up
READABLE_PT = 7.0  # the smallest text an office print may have
PAGE_PT = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}  # page sizes, portrait
PRINT_SHOP_BLEED = "3mm"  # what a print shop asks for unless told otherwise
PRINT_SHOP_SHEET = "css/print-shop.css"  # the print shop's layer, under layouts/
_POINTS = {"mm": 72 / 25.4, "in": 72.0, "pt": 1.0}


@dataclass(frozen=True)
class PrintOptions:
    """How a booklet goes to press: bleed and crop marks, and the office-printer variant."""

    bleed: str | None = None  # e.g. "3mm"
    marks: bool = False
    office: bool = False
    print_shop: bool = False  # PDF/X-4 in the press's inks, marks in a slug, a job ticket

    def css(self) -> str:
        if self.print_shop:  # (an @import comes first in its style sheet)
            bleed = self.bleed or PRINT_SHOP_BLEED
            return (
                f'@import url("{PRINT_SHOP_SHEET}");\n:root {{ --bleed: {bleed}; }}\n'
                f"@page {{ bleed: {bleed}; marks: none; }}"
            )
        rules = []
        if self.bleed:
            rules.append(f"bleed: {self.bleed};")
        if self.marks:
            rules.append("marks: crop cross;")
        return f"@page {{ {' '.join(rules)} }}" if rules else ""


def length_pt(length: str) -> float:
    """A CSS length such as '3mm', '0.125in' or '9pt' in PDF points."""
    for unit, factor in _POINTS.items():
        if length.endswith(unit):
            return float(length[: -len(unit)]) * factor
    raise ValueError(f"not a length in mm, in or pt: {length!r}")


def smallest_text_note(scale: float) -> str:
    """What a reader of office sheets placed at `scale` needs to know."""
    return f"smallest text {SMALLEST_TEXT_PT * scale:.1f} pt (pages scaled to {scale:.0%})"


@dataclass(frozen=True)
class OfficePlan:
    """How a booklet prints on an office printer: 2-up on one sheet size, or 1-up duplex."""

    two_up: bool
    scale: float  # what 2-up scales the pages to
    sheet: str  # the office paper's name

    def one_up_note(self, booklet: str) -> str:
        smallest = SMALLEST_TEXT_PT * self.scale
        return (
            f"for an office printer, print {booklet} 1-up, double-sided (flip on long edge): "
            f"2-up on {self.sheet} would shrink its smallest text to {smallest:.1f} pt, below "
            f"{READABLE_PT:g} pt"
        )


def office_plan(paper: Paper) -> OfficePlan:
    """2-up when the spreads' smallest text stays at least READABLE_PT on the office sheet."""
    from publisher.documents.impose import OFFICE_SHEETS

    width, height = PAGE_PT[paper]
    sheet_width, sheet_height = OFFICE_SHEETS[paper]
    scale = min(1.0, sheet_width / (2 * width), sheet_height / height)
    name = "Letter" if paper == "letter" else "A4"
    return OfficePlan(SMALLEST_TEXT_PT * scale >= READABLE_PT, scale, name)


def presses(recipe: BookletRecipe, asked: PrintOptions) -> list[PrintOptions]:
    """How `recipe` goes to press in this build: as asked, and for a recipe with a
    `print_shop:` block also the print shop's set (`--print-shop` asks for that set alone)."""
    if asked.print_shop:
        return [_shop(recipe, asked)]
    if recipe.print_shop is not None:
        return [asked, _shop(recipe, asked)]
    return [asked]


def _shop(recipe: BookletRecipe, asked: PrintOptions) -> PrintOptions:
    bleed = asked.bleed if asked.print_shop and asked.bleed else None
    if bleed is None and recipe.print_shop is not None:
        bleed = recipe.print_shop.bleed
    return PrintOptions(bleed=bleed or PRINT_SHOP_BLEED, print_shop=True)
