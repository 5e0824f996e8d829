"""A school's logo on its handouts and booklet covers, with the alt text it gives."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from conftest import TODAY, build_booklet, build_handouts
from pdfread import alt_texts

from publisher.errors import ContentError
from publisher.guides.library import load_library
from publisher.project.settings import BookletRecipe, load_project

pytestmark = pytest.mark.slow  # lays out real pages

ALT = "Riverside High School crest"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">'
    b'<circle cx="60" cy="60" r="56" fill="#1f4e79"/><text x="60" y="78" font-size="56" '
    b'text-anchor="middle" fill="#fff">R</text></svg>'
)


def png(width: int = 24, height: int = 24) -> bytes:
    """A small solid-blue PNG, written out by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1f\x4e\x79" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))


def with_logo(root: Path, name: str, data: bytes, alt: str | None = ALT) -> None:
    (root / "assets" / name).write_bytes(data)
    lines = f"  logo: {name}\n" + (f"  logo_alt: {alt}\n" if alt else "")
    config = root / "publisher.yaml"
    config.write_text(config.read_text().replace("branding:\n", "branding:\n" + lines, 1))


def images_on(page: pikepdf.Page) -> int:
    def count(resources: pikepdf.Dictionary) -> int:
        total = 0
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Image":
                total += 1
            elif "/Resources" in xobject:
                total += count(xobject.Resources)
        return total

    return count(page.obj.Resources)


@pytest.mark.parametrize(("name", "data"), [("logo.svg", SVG), ("logo.png", png())])
def test_a_logo_prints_with_its_alt_text(
    make_project: Callable[..., Path], name: str, data: bytes
) -> None:
    root = make_project(["music-producer", "sound-designer", "filmmaker", "content-creator"])
    with_logo(root, name, data)
    project = load_project(root)
    library = load_library(project, TODAY)
    report = build_handouts(project, library, slugs=["music-producer"])
    assert report.failed == [], report.failed
    handout = root / "output" / "handouts" / "music-producer.pdf"
    assert ALT in alt_texts(handout)  # the logo is a tagged figure a screen reader announces
    recipe = BookletRecipe(name="branded", title="Branded", careers="all")
    report = build_booklet(project, library, recipe)
    assert report.failed == [], report.failed
    with pikepdf.open(root / "output" / "booklets" / "branded.pdf") as pdf:
        cover, back = pdf.pages[0], pdf.pages[-1]
        if name.endswith(".png"):  # (an SVG logo is drawn as vectors, not an image)
            assert images_on(cover) == 1 and images_on(back) == 1


def test_a_logo_without_alt_text_says_what_to_add(make_project: Callable[..., Path]) -> None:
    root = make_project(["music-producer"])
    with_logo(root, "logo.svg", SVG, alt=None)
    with pytest.raises(ContentError) as raised:
        load_project(root)
    message = raised.value.format()
    assert "publisher.yaml:" in message and "branding.logo" in message
    assert "logo_alt" in message
