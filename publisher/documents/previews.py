"""README pictures: built PDFs → small PNG previews of a handout and a booklet spread.

`publisher previews` reads the PDFs `publisher build` wrote (it never lays anything out), so
the pictures always show the real output; run it after a build whenever layouts change.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.errors import BuildError
from publisher.output import write_atomic

DPI = 56
COLOURS = 96  # an adaptive palette keeps each picture well under 150 KB


@dataclass(frozen=True)
class Preview:
    name: str
    source: Path
    pages: tuple[int, ...]  # 0-based


def _render(document: Any, pages: tuple[int, ...]) -> Any:
    from PIL import Image

    images = [document[i].render(scale=DPI / 72).to_pil().convert("RGB") for i in pages]
    gap = 6 if len(images) > 1 else 0
    width = sum(image.width for image in images) + gap * (len(images) - 1)
    sheet = Image.new("RGB", (width, max(image.height for image in images)), "#d9d9d9")
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + gap
    return sheet.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def career_start(booklet: Path, title: str) -> int:
    """0-based page where `title`'s spread starts, from the booklet's outline."""
    import pikepdf

    with pikepdf.open(booklet) as pdf, pdf.open_outline() as outline:
        pages: dict[Any, int] = {page.objgen: index for index, page in enumerate(pdf.pages)}
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            destination: Any = item.destination
            if item.title == title and destination is not None:
                return pages[destination[0].objgen]
            stack.extend(item.children)
    raise BuildError(f"{booklet}: no outline entry for {title!r}")


def write_previews(
    output_dir: Path, target: Path, slug: str, title: str, booklet: str
) -> list[Path]:
    """Front and back of `slug`'s handout, and its spread in `booklet`, as PNG files."""
    import pypdfium2

    handout = output_dir / "handouts" / f"{slug}.pdf"
    book = output_dir / "booklets" / f"{booklet}.pdf"
    for path in (handout, book):
        if not path.is_file():
            raise BuildError(f"{path} is missing: run `publisher build` first")
    start = career_start(book, title)
    previews = [
        Preview(f"{slug}-front.png", handout, (0,)),
        Preview(f"{slug}-back.png", handout, (1,)),
        Preview(f"{booklet}-spread.png", book, (start, start + 1)),
    ]
    written = []
    for preview in previews:
        document = pypdfium2.PdfDocument(preview.source)
        try:
            image = _render(document, preview.pages)
        finally:
            document.close()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        written.append(write_atomic(target / preview.name, buffer.getvalue()))
    return written
