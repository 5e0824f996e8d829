"""A school's logo on its handouts and booklet covers, with the alt text it gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from conftest import ALT, SVG, TODAY, build_booklet, build_handouts, images_on, png, with_logo
from pdfread import alt_texts

from publisher.errors import ContentError
from publisher.guides.library import load_library
from publisher.project.settings import BookletRecipe, load_project

pytestmark = pytest.mark.slow  # lays out real pages


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
