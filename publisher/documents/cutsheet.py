"""Stage 6 (assemble), card sheets: a one-page card → four copies on one Letter or A4 page
(or two, larger, on a landscape one), with crop marks for a guillotine.

A fair table wants a stack of each career's card, so a sheet holds four copies of one card:
print as many sheets as the stack needs, cut, and every stack is one career. The cards abut
(one cut between two of them, six cuts a sheet) and are shrunk just enough to leave a margin
an office printer can print in (`MARGIN_PT`); the crop marks stand in that margin, in line
with every cut, and stop short of the cards, so no mark is left on a cut card. The card's
type sizes are chosen so that its floors (title 28 pt, facts 16 pt, text 11 pt) hold at the
sheet's scale (about 91 %).

Two to a sheet (`up=2`), the cards stand side by side on a landscape page, enlarged as far as
the same margin allows (about 121 % on Letter, 129 % on A4), for a table that
wants a larger card; cut the four outer edges, then the middle.

How to cut: stack the printed sheets, cut along the marks: first the four outer edges, then
the middle, both ways.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

from publisher.documents.impose import save_sheets
from publisher.documents.tags import artifact_copy, place_tree
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
UP = {4: (2, 2), 2: (2, 1)}  # cards a sheet → (columns, rows)


@dataclass(frozen=True)
class Grid:
    """Where the cards go on a sheet: columns × rows, abutting, centred."""

    x: tuple[float, ...]  # the vertical cut lines, left to right
    y: tuple[float, ...]  # the horizontal cut lines, bottom to top
    scale: float


def plan_grid(card: tuple[float, float], sheet: tuple[float, float], up: int = 4) -> Grid:
    """The grid of `up` `card`-sized cards (width, height in pt) on `sheet`, scaled to keep
    `MARGIN_PT` clear on every side: four are only ever shrunk, two are enlarged to fill."""
    width, height = card
    sheet_width, sheet_height = sheet
    columns, rows = UP[up]
    scale = min(
        (sheet_width - 2 * MARGIN_PT) / (columns * width),
        (sheet_height - 2 * MARGIN_PT) / (rows * height),
    )
    scale = scale if up == 2 else min(1.0, scale)
    x0 = (sheet_width - columns * width * scale) / 2
    y0 = (sheet_height - rows * height * scale) / 2
    xs = tuple(x0 + k * width * scale for k in range(columns + 1))
    ys = tuple(y0 + k * height * scale for k in range(rows + 1))
    return Grid(xs, ys, scale)


def sheet_size(sheet: SheetName, up: int = 4) -> tuple[float, float]:
    """The page a sheet of `up` cards is printed on: portrait for four, landscape for two."""
    width, height = CARD_SHEETS[sheet]
    return (width, height) if up == 4 else (height, width)


def card_sheet(card_pdf: bytes, sheet: SheetName, up: int = 4) -> bytes:
    """`up` copies (4, or 2 enlarged) of the one-page card `card_pdf` on `sheet`, with crop
    marks."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(card_pdf))
    if len(pdf.pages) != 1:
        raise BuildError(f"a card sheet needs a one-page card (this one has {len(pdf.pages)})")
    page = pdf.pages[0]
    x0, y0, x1, y1 = (float(value) for value in page.trimbox)
    trim = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    form = page.as_form_xobject(handle_transformations=False)
    form.BBox = pikepdf.Array(list(trim))
    size = sheet_size(sheet, up)
    grid = plan_grid((trim[2] - trim[0], trim[3] - trim[1]), size, up)
    content = [
        _placement(grid, column, row, trim, "/Card" if row == column == 0 else "/Copy")
        for row in range(len(grid.y) - 1)
        for column in range(len(grid.x) - 1)
    ]
    content.append(_marks(grid, size))
    card = page.obj.objgen
    del pdf.pages[:]
    placed = pdf.add_blank_page(page_size=size)
    copy = artifact_copy(pdf, form)  # a reader meets the card once, not on every copy
    placed.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Card=form, Copy=copy))
    placed.obj.Contents = pdf.make_stream("\n".join(content).encode("ascii"))
    if "/StructTreeRoot" in pdf.Root:  # the card's tree, read once, over the form drawn
        place_tree(pdf, {card: form}, {form.objgen: placed.obj})
    out = io.BytesIO()
    save_sheets(pdf, out)
    return out.getvalue()


def _placement(grid: Grid, column: int, row: int, trim: tuple[float, ...], name: str) -> str:
    """Operators that clip to one card's area and draw the card into it."""
    x, y, scale = grid.x[column], grid.y[row], grid.scale
    width, height = grid.x[column + 1] - x, grid.y[row + 1] - y
    clip = f"{_pt(x)} {_pt(y)} {_pt(width)} {_pt(height)} re W n"
    matrix = f"{_pt(scale)} 0 0 {_pt(scale)} {_pt(x - trim[0] * scale)} {_pt(y - trim[1] * scale)}"
    return f"q {clip} {matrix} cm {name} Do Q"


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
    return f"/Artifact BMC q 0 G {_pt(MARK_WIDTH_PT)} w 0 J {paths} S Q EMC"


def _pt(value: float) -> str:
    """A number as a content stream writes it: fixed precision, no exponent, no '-0'."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
