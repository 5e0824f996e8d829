"""Pictures of a handout's pages for the live preview, drawn once per distinct PDF.

The preview shows them beside the web page, so the two-page fit is there to see while
typing. They are named by the PDF's bytes (`keys.page_images`): a handout laid out again
with the same bytes reuses its pictures, a changed one gets new ones. pdfium is not
thread-safe, and the preview's server answers on several threads: one draws at a time.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from publisher.builder import keys
from publisher.output import write_atomic

SCALE = 110 / 72  # 110 dpi: a Letter page 935 px wide, sharp beside the web page
_DRAWING = threading.Lock()


def page_images(pdf: Path, folder: Path) -> list[Path]:
    """A PNG file per page of `pdf`, under `folder` (drawn if missing); [] with no PDF."""
    try:
        data = pdf.read_bytes()
    except OSError:
        return []
    key = keys.page_images(data, SCALE)
    with _DRAWING:
        found = sorted(folder.glob(f"{key}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if found:
            return found
        return _draw(data, folder, key)


def _draw(data: bytes, folder: Path, key: str) -> list[Path]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        images = [page.render(scale=SCALE).to_pil() for page in document]
    finally:
        document.close()
    written = []
    for number, image in enumerate(images, 1):
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        written.append(write_atomic(folder / f"{key}-{number}.png", buffer.getvalue()))
    return written
