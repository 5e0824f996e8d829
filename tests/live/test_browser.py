"""In a real browser (headless Chromium): an open page shows a guide's new text by itself
after a save, and the web edition's pages pass axe-core's accessibility rules and the W3C
HTML checker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import AXE, VNU, chromium, html_errors, missing
from conftest import TODAY, copy_project
from isolated import time_limit
from served import serve

from publisher.builder.session import BuildOptions, build
from publisher.project.settings import load_project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(missing() is not None, reason=missing() or ""),
]

GUIDES = ["music-producer", "sound-designer"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("site") / "p", GUIDES)
    report = build(load_project(root), TODAY, options=BuildOptions(site=True), booklets=[])
    assert report.failed == []
    return root / "output" / "site"


def test_an_open_page_shows_a_saved_edit_without_a_manual_reload(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    guide = root / "guides" / "music-producer.yaml"
    with serve(root, tmp_path / "tmp") as served, chromium() as browser:
        served.wait_for("pdf >= 1", 120)  # the first build done (a layout is not interrupted)
        tab = browser.open(served.url + "music-producer/")
        browser.wait_until(tab, "document.querySelectorAll('img[data-live-page]').length == 2", 30)
        browser.evaluate(tab, "window.loadedBefore = true")  # gone once the page reloads
        text = guide.read_text(encoding="utf-8")
        guide.write_text(text.replace("If you want to decide", "Typed a moment ago: decide", 1))
        took = browser.wait_until(
            tab, "document.body.innerText.includes('Typed a moment ago')", time_limit(3.0)
        )
        assert browser.evaluate(tab, "window.loadedBefore === undefined")  # it reloaded itself
        print(f"the new text showed {took:.2f} s after the save")


@pytest.mark.skipif(not AXE.is_file(), reason=f"no {AXE}: ./dev test installs axe-core (npm)")
def test_the_pages_pass_axe_core(site: Path, tmp_path: Path) -> None:
    with chromium() as browser:
        for page in ("index.html", "music-producer/index.html"):
            tab = browser.open((site / page).as_uri())
            assert browser.axe_violations(tab) == [], page
        broken = tmp_path / "broken.html"  # the check does find what is wrong
        broken.write_text('<!DOCTYPE html><html><title>x</title><img src="x.png">')
        found = {v["id"] for v in browser.axe_violations(browser.open(broken.as_uri()))}
        assert {"image-alt", "html-has-lang"} <= found


@pytest.mark.skipif(
    not VNU.is_file() or shutil.which("java") is None,
    reason=f"no {VNU} or java: ./dev test installs vnu-jar (npm) where java is",
)
def test_the_pages_are_valid_html(site: Path, tmp_path: Path) -> None:
    pages = [site / "index.html", site / "music-producer" / "index.html"]
    assert html_errors(pages) == []
    broken = tmp_path / "broken.html"  # the checker does find what is wrong
    broken.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p><div></span>')
    assert html_errors([broken]) != []
