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
