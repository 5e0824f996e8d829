"""Stage 6 (assemble): booklet pages → imposed print sheets, 2-up in saddle-stitch order.

Booklet PDFs read page after page; a saddle-stitched booklet is printed as a stack of sheets
folded once and stapled through the fold. This module turns the one into the other, as pure
functions over PDF bytes (pikepdf places every page as a form XObject that keeps its own
resources, so 40 pages take a fraction of a second):

- `place_sheets` makes sheets exactly twice the trim size (Letter pages → Tabloid 17×11 in
  landscape, A4 → A3 landscape), for a print shop or a printer that takes them; or, given a
  sheet size (`OFFICE_SHEETS`), shrinks the same spreads to landscape Letter or A4 for an
  office printer and yields the scale, so the caller can report the smallest text as printed.
  Pages with bleed (WeasyPrint `@page { bleed: 3mm; marks: crop }`) are placed by their
  TrimBox and clipped to it: on a 2-up sheet the bleed and crop marks would overlap the
  neighbouring page. A shop that trims with bleed imposes the un-imposed PDF itself.
- `save_sheets` writes them; `saddle_order` is the page order.

How to print the output:

1. Print double-sided (duplex), **flip on short edge**, at 100 % ("actual size", not "fit").
   Each sheet is two PDF pages: its front, then its back.
2. Keep the sheets in order: sheet 1 (pages N and 1) on the outside, the middle sheet (pages
   N/2 and N/2 + 1) innermost. If the printer stacked them the other way, reverse the stack.
3. Fold the whole stack in half together, page 1 facing out on the right of the fold.
4. Staple twice through the fold (a long-reach stapler), from the outside.

Page numbers here are 1-based, as a reader counts them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, NamedTuple

from publisher.documents.tags import place_tree
from publisher.errors import BuildError

if TYPE_CHECKING:
    import pikepdf

SheetName = Literal["letter", "a4"]

# Landscape sheet sizes in PDF points (1/72 in), width × height.
OFFICE_SHEETS: dict[str, tuple[float, float]] = {
    "letter": (792.0, 612.0),
    "a4": (841.89, 595.28),
}

# Trim sizes may differ by rounding (mm → pt) but not by more than this, in points.
_SIZE_TOLERANCE = 0.5

Box = tuple[float, float, float, float]


def saddle_order(n: int) -> list[tuple[int, int]]:
    """Sheet sides of an `n`-page saddle-stitched booklet as (left, right) page numbers.

    Sides come in print order: sheet 1 front, sheet 1 back, sheet 2 front, and so on. With
    k the 0-based sheet, the front is (n − 2k, 1 + 2k) and the back (2 + 2k, n − 1 − 2k).
    """
    if n <= 0 or n % 4:
        blanks = 4 - n % 4 if n > 0 else 4
        raise BuildError(
            f"cannot impose a saddle-stitched booklet of {n} page(s): the page count must be "
            f"a multiple of 4 (each folded sheet holds 4 pages); add {blanks} blank page(s), "
            "for example before the back cover"
        )
    sides: list[tuple[int, int]] = []
    for k in range(n // 4):
        sides.append((n - 2 * k, 1 + 2 * k))
        sides.append((2 + 2 * k, n - 1 - 2 * k))
    return sides


def place_sheets(
    booklet: pikepdf.Pdf, sheets: list[tuple[float, float] | None], bleed: float = 0.0
) -> Iterator[float]:
    """Sheets of every size in `sheets` (None: twice the trim size) from a booklet open in
    memory, one size after the other: after each, the booklet holds those sheets (save them
    with `save_sheets`) and their scale is yielded. The booklet's pages become form XObjects
    of the same document and its page list is replaced by each set of sheets in turn: every
    font and image is shared, not copied (a 1,000-page booklet would otherwise be held
    twice). The sheets of the second size on are the first's, placed again, so the structure
    tree is pointed at them once. Save the booklet itself first.

    With `bleed` (pt, for a print shop: sheets twice the trim only), every sheet is its trim
    plus the bleed all round (its TrimBox says where to cut): each page keeps its bleed on
    its three outer edges, and the two pages meet at the fold."""
    import pikepdf

    sides = saddle_order(len(booklet.pages))
    trims = [trim_box(page, number) for number, page in enumerate(booklet.pages, 1)]
    width, height = common_size(trims)
    pages_trims = zip(booklet.pages, trims, strict=True)
    forms = [page_form(page, _grown(trim, bleed)) for page, trim in pages_trims]
    tagged = "/StructTreeRoot" in booklet.Root
    pages = {page.obj.objgen: form for page, form in zip(booklet.pages, forms, strict=True)}
    placed: list[Any] = []  # the sheets' sides, made for the first size and kept for the next
    for sheet in sheets:
        layout = SheetLayout.of(sheet, width, height, bleed)
        sheet_width, sheet_height, scale = layout.width, layout.height, layout.scale
        first = not placed
        if first:
            del booklet.pages[:]
        for index, pair in enumerate(sides):
            content = layout.side(pair, trims)
            if first:
                page = booklet.add_blank_page(page_size=(sheet_width, sheet_height)).obj
                xobjects = {f"/P{number}": forms[number - 1] for number in pair}
                page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects))
                placed.append(page)
            else:  # (the same sides, another size: the structure tree still points at them)
                page = placed[index]
                page.MediaBox = pikepdf.Array([0, 0, sheet_width, sheet_height])
            page.Contents = booklet.make_stream(content)
            if bleed:
                page.TrimBox = pikepdf.Array(
                    [bleed, bleed, sheet_width - bleed, sheet_height - bleed]
                )
        if tagged and first:
            sides_placed = zip(sides, placed, strict=True)
            on = {forms[n - 1].objgen: page for pair, page in sides_placed for n in pair}
            place_tree(booklet, pages, on)
        yield scale


class SheetLayout(NamedTuple):
    """Where a booklet's pages go on sheets of one size: the sheet, the scale, and the two
    slots a side's pages are placed in."""

    width: float
    height: float
    scale: float
    slots: tuple[_Slot, _Slot]

    @classmethod
    def of(
        cls, sheet: tuple[float, float] | None, width: float, height: float, bleed: float
    ) -> SheetLayout:
        """Sheets of size `sheet` (None: twice the trim, `width` × `height`, with `bleed`)."""
        if sheet is None:
            sheet_width, sheet_height, scale = 2 * width + 2 * bleed, height + 2 * bleed, 1.0
        else:
            sheet_width, sheet_height = sheet
            scale = min(1.0, sheet_width / (2 * width), sheet_height / height)
        # The pair of pages is centred; the left page ends where the right one starts; the
        # bleed is kept left of the left page and right of the right one.
        left_x = (sheet_width - 2 * width * scale) / 2
        bottom_y = (sheet_height - height * scale) / 2
        left = _Slot(left_x, bottom_y, bleed, 0.0, bleed)
        right = _Slot(left_x + width * scale, bottom_y, 0.0, bleed, bleed)
        return cls(sheet_width, sheet_height, scale, (left, right))

    def side(self, pair: tuple[int, int], trims: list[Box]) -> bytes:
        """The content stream of a sheet's side that draws pages `pair` (1-based) as forms
        /P<number>."""
        placements = (
            _placement(f"/P{number}", trims[number - 1], self.scale, slot)
            for number, slot in zip(pair, self.slots, strict=True)
        )
        return "\n".join(placements).encode("ascii")


def save_sheets(pdf: pikepdf.Pdf, stream: BinaryIO) -> None:
    """Write a booklet that holds sheets (see `place_sheets`): without the booklet's outline
    and labels, which point into its pages; its structure tree reads the pages in the
    booklet's order, over the forms the sheets draw them with."""
    import pikepdf

    for key in ("/Outlines", "/PageLabels", "/Names", "/Dests"):
        if key in pdf.Root:
            del pdf.Root[key]  # they point into the booklet's pages
    pdf.Root.PageMode = pikepdf.Name.UseNone
    if "/PageLayout" in pdf.Root:
        del pdf.Root.PageLayout
    # A content-derived /ID and no dates: the same booklet gives the same bytes.
    pdf.save(
        stream,
        min_version=pdf.pdf_version,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )


def trim_box(page: pikepdf.Page, number: int) -> Box:
    """The finished page area: TrimBox, else CropBox, else MediaBox (as PDF defaults them)."""
    if int(page.obj.get("/Rotate", 0)) % 360 or float(page.obj.get("/UserUnit", 1)) != 1:
        raise BuildError(
            f"cannot impose page {number}: it is rotated or scaled (/Rotate, /UserUnit); "
            "set the page size in CSS (`@page { size: … }`) instead"
        )
    x0, y0, x1, y1 = (float(value) for value in page.trimbox)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def common_size(trims: list[Box]) -> tuple[float, float]:
    """The one trim size of all pages: a booklet folds only if every page is the same size."""
    first = trims[0]
    width, height = first[2] - first[0], first[3] - first[1]
    for number, (x0, y0, x1, y1) in enumerate(trims, 1):
        if abs(x1 - x0 - width) > _SIZE_TOLERANCE or abs(y1 - y0 - height) > _SIZE_TOLERANCE:
            raise BuildError(
                f"cannot impose: page {number} is {_pt(x1 - x0)}×{_pt(y1 - y0)} pt but page 1 "
                f"is {_pt(width)}×{_pt(height)} pt; give every page of a booklet the same size"
            )
    return width, height


def page_form(page: pikepdf.Page, trim: Box) -> Any:
    """The page as a form XObject of its own document, clipped (by its /BBox) to the trim
    area. Its resources (fonts, images) stay shared with the other pages."""
    import pikepdf

    form = page.as_form_xobject(handle_transformations=False)
    form.BBox = pikepdf.Array(list(trim))
    return form


class _Slot(NamedTuple):
    """Where a page's trim goes on a sheet, and how much of its bleed is kept round it."""

    x: float
    y: float
    left: float = 0.0
    right: float = 0.0
    vertical: float = 0.0  # above and below


def _grown(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _placement(name: str, trim: Box, scale: float, slot: _Slot) -> str:
    """Content-stream operators that clip to the slot (and its bleed) and draw form `name`."""
    x0, y0, x1, y1 = trim
    x, y = slot.x, slot.y
    width, height = (x1 - x0) * scale, (y1 - y0) * scale
    left, bottom = x - slot.left, y - slot.vertical
    wide, high = width + slot.left + slot.right, height + 2 * slot.vertical
    clip = f"{_pt(left)} {_pt(bottom)} {_pt(wide)} {_pt(high)} re W n"
    matrix = f"{_pt(scale)} 0 0 {_pt(scale)} {_pt(x - x0 * scale)} {_pt(y - y0 * scale)} cm"
    return f"q {clip} {matrix} {name} Do Q"


def _pt(value: float) -> str:
    """A number as a content stream writes it: fixed precision, no exponent, no '-0'."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
