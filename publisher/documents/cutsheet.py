"""Stage 6 (assemble), card sheets: a one-page card → four copies on one Letter or A4 page,
with crop marks for a guillotine.

A fair table wants a stack of each career's card, so a sheet holds four copies of one card:
print as many sheets as the stack needs, cut, and every stack is one career. The cards abut
(one cut between two of them, six cuts a sheet) and are shrunk just enough to leave a margin
an office printer can print in (`MARGIN_PT`); the crop marks stand in that margin, in line
with every cut, and stop short of the cards, so no mark is left on a cut card. The card's
type sizes are chosen so that its floors (title 28 pt, facts 16 pt, text 11 pt) hold at the
sheet's scale (about 91 %).

How to cut: stack the printed sheets, cut along the marks: first the four outer edges, then
the middle, both ways.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

from publisher.documents.impose import save_sheets
from publisher.errors import BuildError

SheetName = Literal["letter", "a4"]

# Portrait sheet sizes in PDF points (1/72 in), width × height.
CARD_SHEETS: dict[str, tuple[float, float]] = {
    "letter": (612.0, 792.0),
    "a4": (595.28, 841.89),
}
MARGIN_PT = 27.0  # 0.375 in: office printers leave about 0.17 in at the edges unprinted
MARK_GAP_PT = 3.0  # a mark stops this far from the card it points at
MARK_LENGTH_PT = 10.0
MARK_WIDTH_PT = 0.5
COPIES = 4


@dataclass(frozen=True)
class Grid:
    """Where the cards go on a sheet: 2 × 2, abutting, centred."""

    x: tuple[float, float, float]  # the vertical cut lines, left to right
    y: tuple[float, float, float]  # the horizontal cut lines, bottom to top
    scale: float


def plan_grid(card: tuple[float, float], sheet: tuple[float, float]) -> Grid:
    """The 2 × 2 grid of `card`-sized cards (width, height in pt) on `sheet`, shrunk (never
    enlarged) to keep `MARGIN_PT` clear on every side."""
    width, height = card
    sheet_width, sheet_height = sheet
    scale = min(
        1.0,
        (sheet_width - 2 * MARGIN_PT) / (2 * width),
        (sheet_height - 2 * MARGIN_PT) / (2 * height),
    )
    x0 = (sheet_width - 2 * width * scale) / 2
    y0 = (sheet_height - 2 * height * scale) / 2
    xs = (x0, x0 + width * scale, x0 + 2 * width * scale)
    ys = (y0, y0 + height * scale, y0 + 2 * height * scale)
    return Grid(xs, ys, scale)


def card_sheet(card_pdf: bytes, sheet: SheetName) -> bytes:
    """Four copies of the one-page card `card_pdf` on a portrait `sheet`, with crop marks."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(card_pdf))
    if len(pdf.pages) != 1:
        raise BuildError(f"a card sheet needs a one-page card (this one has {len(pdf.pages)})")
    page = pdf.pages[0]
    x0, y0, x1, y1 = (float(value) for value in page.trimbox)
    trim = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    form = page.as_form_xobject(handle_transformations=False)
    form.BBox = pikepdf.Array(list(trim))
    size = CARD_SHEETS[sheet]
    grid = plan_grid((trim[2] - trim[0], trim[3] - trim[1]), size)
    content = [_placement(grid, column, row, trim) for row in (0, 1) for column in (0, 1)]
    content.append(_marks(grid, size))
    del pdf.pages[:]
    placed = pdf.add_blank_page(page_size=size)
    placed.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Card=form))
    placed.obj.Contents = pdf.make_stream("\n".join(content).encode("ascii"))
    out = io.BytesIO()
    save_sheets(pdf, out)
    return out.getvalue()


def _placement(grid: Grid, column: int, row: int, trim: tuple[float, ...]) -> str:
    """Operators that clip to one card's area and draw the card into it."""
    x, y, scale = grid.x[column], grid.y[row], grid.scale
    width, height = grid.x[column + 1] - x, grid.y[row + 1] - y
    clip = f"{_pt(x)} {_pt(y)} {_pt(width)} {_pt(height)} re W n"
    matrix = f"{_pt(scale)} 0 0 {_pt(scale)} {_pt(x - trim[0] * scale)} {_pt(y - trim[1] * scale)}"
    return f"q {clip} {matrix} cm /Card Do Q"


def _marks(grid: Grid, sheet: tuple[float, float]) -> str:
    """Short hairlines in the margins, in line with every cut, stopping short of the cards."""
    sheet_width, sheet_height = sheet
    near, far = MARK_GAP_PT, MARK_GAP_PT + MARK_LENGTH_PT
    segments: list[tuple[float, float, float, float]] = []
    bottom, top = grid.y[0], grid.y[-1]
    left, right = grid.x[0], grid.x[-1]
    for x in grid.x:
        segments += [(x, bottom - near, x, bottom - far), (x, top + near, x, top + far)]
    for y in grid.y:
        segments += [(left - near, y, left - far, y), (right + near, y, right + far, y)]
    inside = [s for s in segments if all(0 <= v <= sheet_width for v in s[::2])]
    inside = [s for s in inside if all(0 <= v <= sheet_height for v in s[1::2])]
    paths = " ".join(f"{_pt(a)} {_pt(b)} m {_pt(c)} {_pt(d)} l" for a, b, c, d in inside)
    return f"q 0 G {_pt(MARK_WIDTH_PT)} w 0 J {paths} S Q"


def _pt(value: float) -> str:
    """A number as a content stream writes it: fixed precision, no exponent, no '-0'."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
