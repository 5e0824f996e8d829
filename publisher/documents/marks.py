"""Stage 6 (assemble), print shop: pages with bleed → pages with a slug, crop and fold marks.

WeasyPrint's own marks (`marks: crop`) sit inside the bleed, on a page only as big as the
bleed: a shop's guillotine or its preflight finds them in the picture area. Here every page
(laid out with bleed and no marks) grows a slug around its bleed, and the marks go there:

- TrimBox is the finished page, BleedBox the trim plus the bleed, MediaBox the bleed plus the
  slug (Media ⊇ Bleed ⊇ Trim);
- a crop mark at each corner of the trim, in line with its edges, starting `MARK_GAP` outside
  the bleed and `MARK_LENGTH` long: the knife cuts on its line, no mark ever reaches the bleed;
- on an imposed sheet (`fold=True`) a fold mark at the middle of the top and bottom edges,
  dashed, also in the slug.

Marks are drawn in the Separation colour "All" (every plate: a mark shows on each film or
plate), hairline 0.25 pt, the page's own content untouched under them.
"""

from __future__ import annotations

from typing import Any

MM = 72 / 25.4
MARK_GAP = 1.0 * MM  # between the bleed's edge and a mark
MARK_LENGTH = 5.0 * MM
SLUG = 9.0 * MM  # beyond the bleed: the marks and some air around them
MARK_WIDTH = 0.25  # pt
ALL_INKS = "/PressAll"  # the resource name of the "All" colour space

Box = tuple[float, float, float, float]


def add_marks(pdf: Any, bleed: float, fold: bool = False) -> None:
    """Give every page of `pdf` (whose MediaBox is its trim plus `bleed`, in pt) a slug with
    crop marks (and fold marks: `fold`), and its Trim and Bleed boxes."""
    import pikepdf

    all_inks = pdf.make_indirect(_all_inks(pdf))
    for page in pdf.pages:
        x0, y0, x1, y1 = _box(page.obj.get("/TrimBox", page.obj.MediaBox))
        trim = (x0, y0, x1, y1)
        bleed_box = (x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed)
        outer = bleed + SLUG
        media = (x0 - outer, y0 - outer, x1 + outer, y1 + outer)
        page.obj.MediaBox = pikepdf.Array(media)
        page.obj.BleedBox = pikepdf.Array(bleed_box)
        page.obj.TrimBox = pikepdf.Array(trim)
        for key in ("/CropBox", "/ArtBox"):
            if key in page.obj:
                del page.obj[key]
        found: Any = page.obj.get("/Resources")
        resources = pikepdf.Dictionary(found) if found is not None else pikepdf.Dictionary()
        known: Any = resources.get("/ColorSpace")
        spaces = pikepdf.Dictionary(known) if known is not None else pikepdf.Dictionary()
        spaces[ALL_INKS] = all_inks
        resources.ColorSpace = spaces
        page.obj.Resources = resources  # a copy: pages may share one dictionary
        page.contents_coalesce()
        body = page.obj.Contents.read_bytes()
        marks = mark_lines(trim, bleed, fold)
        page.obj.Contents = pdf.make_stream(b"q\n" + body + b"\nQ\n" + marks.encode("ascii"))


def mark_lines(trim: Box, bleed: float, fold: bool) -> str:
    """The content-stream operators that draw the marks around `trim`."""
    x0, y0, x1, y1 = trim
    near, far = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    lines: list[tuple[float, float, float, float]] = []
    for x, sign_x in ((x0, -1), (x1, 1)):
        for y, sign_y in ((y0, -1), (y1, 1)):
            lines.append((x + sign_x * near, y, x + sign_x * far, y))  # along the horizontal edge
            lines.append((x, y + sign_y * near, x, y + sign_y * far))  # along the vertical edge
    ops = [f"/Artifact BMC q {ALL_INKS} CS 1 SC {MARK_WIDTH} w 0 J"]  # (not content)
    ops += [f"{_pt(a)} {_pt(b)} m {_pt(c)} {_pt(d)} l S" for a, b, c, d in lines]
    if fold:
        middle = (x0 + x1) / 2
        ops.append("[2 2] 0 d")
        ops.append(f"{_pt(middle)} {_pt(y1 + near)} m {_pt(middle)} {_pt(y1 + far)} l S")
        ops.append(f"{_pt(middle)} {_pt(y0 - near)} m {_pt(middle)} {_pt(y0 - far)} l S")
    ops.append("Q EMC\n")
    return "\n".join(ops)


def _all_inks(pdf: Any) -> Any:
    """[/Separation /All /DeviceCMYK tint→CMYK]: a mark on every plate."""
    import pikepdf

    tint = pikepdf.Dictionary(
        FunctionType=2,
        Domain=pikepdf.Array([0, 1]),
        C0=pikepdf.Array([0, 0, 0, 0]),
        C1=pikepdf.Array([1, 1, 1, 1]),
        N=1,
    )
    return pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, tint])


def _box(array: Any) -> Box:
    x0, y0, x1, y1 = (float(v) for v in array)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _pt(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
