"""Balanced pages: every handout page of the sample library ends within half an inch of its
footer, at both paper sizes, measured on the PDF by an independent reader; and the build says
so when a page is under-filled."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, TODAY, build_handouts, copy_project
from pdfread import foot_gaps

from publisher.guides.library import load_library
from publisher.layout.fit import MAX_FOOT_GAP_MM
from publisher.project.settings import Paper, load_project

pytestmark = pytest.mark.slow  # lays out every handout twice

BOTTOM_MARGIN_PT = 0.65 * 72  # layouts/css/handout.css: @page margin-bottom
MAX_GAP_IN = MAX_FOOT_GAP_MM / 25.4


@pytest.fixture(scope="module", params=["letter", "a4"])
def handouts(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    paper: Paper = request.param
    root = copy_project(tmp_path_factory.mktemp(f"balance-{paper}") / "p")
    project = load_project(root)
    report = build_handouts(project, load_library(project, TODAY), paper=paper, jobs=2)
    assert report.failed == []
    assert [o.note for o in report.built if o.note] == []  # no under-fill reported
    folder = root / "output" / ("handouts" if paper == project.config.paper else "handouts-a4")
    return folder


def test_every_page_ends_within_half_an_inch_of_its_footer(handouts: Path) -> None:
    guides = sorted(p.stem for p in (ROOT / "guides").glob("*.yaml"))
    gaps = {path.stem: foot_gaps(path, BOTTOM_MARGIN_PT) for path in handouts.glob("*.pdf")}
    assert sorted(gaps) == guides
    loose = {
        slug: [round(g, 2) for g in pages]
        for slug, pages in gaps.items()
        if max(pages) > MAX_GAP_IN + 0.02 or len(pages) != 2
    }
    assert loose == {}, f"pages ending more than 0.5 in above the footer (in): {loose}"


def test_every_qr_code_opens_the_careers_page_on_the_school_site(handouts: Path) -> None:
    """With `base_url` set, each back page's QR code reads (as a phone reads it, from a 200 dpi
    render) as the career's page of the web edition, BASE/SLUG/, and prints that address, at
    modules of 0.4 mm or more."""
    import pypdfium2 as pdfium
    import segno

    zxingcpp = pytest.importorskip(
        "zxingcpp", reason="zxing-cpp (a test dependency) reads QR codes"
    )

    base = load_project(handouts.parent.parent).config.base_url
    assert base == "https://riverside.example.org/careers/"
    for path in sorted(handouts.glob("*.pdf")):
        url = f"{base}{path.stem}/"
        document = pdfium.PdfDocument(path)
        try:
            page = document[1]
            text = page.get_textpage().get_text_range()
            image = page.render(scale=200 / 72).to_pil()
        finally:
            document.close()
        # (pdfium reads a hyphen that ends a line as U+FFFE, and a <wbr> as U+200B)
        squeezed = "".join(text.split()).replace("\u200b", "").replace("\ufffe", "-")
        assert url.removeprefix("https://") in squeezed, path.stem
        (code,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        assert code.text == url
        corners = code.position
        side_px = abs(corners.top_right.x - corners.top_left.x)
        modules = segno.make(url, error="m", micro=False).symbol_size(border=0)[0]
        assert side_px / modules / 200 * 25.4 >= 0.4, path.stem
