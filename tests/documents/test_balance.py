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
