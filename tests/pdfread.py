"""Independent readers for the PDFs the build makes: facts, not our own model of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium


@dataclass
class PdfFacts:
    pages: int
    sizes: list[tuple[float, float]]
    texts: list[str]
    info: dict[str, str]
    lang: str | None
    fonts: dict[str, bool]  # base font name → embedded
    outline: list[tuple[int, str]]  # (depth, title)
    tagged: bool


def _fonts(pdf: pikepdf.Pdf) -> dict[str, bool]:
    found: dict[str, bool] = {}

    def visit(resources: Any, seen: set[int]) -> None:
        if resources is None or id(resources) in seen:
            return
        seen.add(id(resources))
        for _, font in (resources.get("/Font") or {}).items():
            descendants = font.get("/DescendantFonts")
            target = descendants[0] if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if str(font.get("/Subtype")) == "/Type3":
                embedded = True
            found[str(font.get("/BaseFont", "?"))] = embedded
        for _, xobject in (resources.get("/XObject") or {}).items():
            visit(xobject.get("/Resources"), seen)

    for page in pdf.pages:
        visit(page.obj.get("/Resources"), set())
    return found


def _outline(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    items: list[tuple[int, str]] = []
    with pdf.open_outline() as outline:

        def walk(nodes: Any, depth: int) -> None:
            for node in nodes:
                items.append((depth, node.title))
                walk(node.children, depth + 1)

        walk(outline.root, 0)
    return items


def read_pdf(path: Path | bytes) -> PdfFacts:
    data = path.read_bytes() if isinstance(path, Path) else path
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        lang = str(pdf.Root.Lang) if "/Lang" in pdf.Root else None
        fonts = _fonts(pdf)
        outline = _outline(pdf)
        tagged = "/StructTreeRoot" in pdf.Root
        sizes = [
            (
                float(p.mediabox[2]) - float(p.mediabox[0]),
                float(p.mediabox[3]) - float(p.mediabox[1]),
            )
            for p in pdf.pages
        ]
    document = pdfium.PdfDocument(data)
    texts = []
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return PdfFacts(len(sizes), sizes, texts, info, lang, fonts, outline, tagged)


def flat(text: str) -> str:
    """Text with line breaks and soft hyphenation undone, for phrase searches."""
    text = text.replace("\r\n", "\n").replace("\ufffe", "").replace("\u00ad", "")
    text = text.replace("-\n", "").replace("\x02", "")
    return " ".join(text.split())


def alt_texts(path: Path) -> list[str]:
    """Every /Alt in the PDF's structure tree (what a screen reader says for a figure)."""
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if "/Alt" in node:
                    found.append(str(node.Alt))
                kids = node.get("/K")
                if isinstance(kids, pikepdf.Array):
                    stack.extend(kids)
                elif isinstance(kids, pikepdf.Dictionary):
                    stack.append(kids)
    return found


def foot_gaps(path: Path, bottom_margin_pt: float) -> list[float]:
    """Per page, how far (in inches) the lowest ink of the page area sits above the bottom
    margin (where the footer starts): pdfium's own bounds of the page's top-level objects,
    leaving out page-wide backgrounds and anything inside the margin (the footer)."""
    document = pdfium.PdfDocument(path)
    gaps = []
    try:
        for index in range(len(document)):
            page = document[index]
            width = page.get_width()
            bounds = [item.get_bounds() for item in page.get_objects(max_depth=0)]
            bottoms = [
                bottom
                for left, bottom, right, _top in bounds
                if bottom > bottom_margin_pt - 1 and right - left < width - 1
            ]
            gaps.append((min(bottoms) - bottom_margin_pt) / 72 if bottoms else float("inf"))
    finally:
        document.close()
    return gaps


# How empty a page looks: its content area (the page inside the smallest margins a booklet page
# has, a career page's: 0.55 in at the top, 0.6 in at the sides, 0.65 in at the foot) cut into
# quarter-inch squares, rendered at 36 dpi. A square is blank when every pixel in it is lighter
# than BLANK_GREY (paper, or a tint too pale to survive a photocopy); the blank fraction is the
# share of blank squares. A page of running text scores about 0.3, a title alone on a page 0.9.
BLANK_DPI = 36
BLANK_CELL_IN = 0.25
BLANK_GREY = 235
CONTENT_INSET_IN = (0.55, 0.6, 0.65, 0.6)  # top, right, bottom, left


def blank_fraction(page: pdfium.PdfPage) -> float:
    """The share of the page's content area, in quarter-inch squares, with no ink at all."""
    import numpy as np

    grey = np.asarray(page.render(scale=BLANK_DPI / 72).to_pil().convert("L"))
    top, right, bottom, left = (round(inset * BLANK_DPI) for inset in CONTENT_INSET_IN)
    area = grey[top : grey.shape[0] - bottom, left : grey.shape[1] - right]
    cell = round(BLANK_CELL_IN * BLANK_DPI)
    rows, cols = area.shape[0] // cell, area.shape[1] // cell
    cells = area[: rows * cell, : cols * cell].reshape(rows, cell, cols, cell)
    inked = (cells < BLANK_GREY).any(axis=(1, 3))
    return float(1 - inked.mean())
