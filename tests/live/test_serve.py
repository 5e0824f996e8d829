"""`publisher serve`: the web edition on 127.0.0.1 with the live additions, rebuilt on save
(the open page is told within about a second), problems in place of the page with their
file:line:col, the handout's pages beside it, and Ctrl-C that leaves nothing behind."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from conftest import copy_project
from isolated import assert_nothing_left
from PIL import Image
from served import serve

pytestmark = pytest.mark.slow  # lays out real handouts

GUIDES = ["music-producer", "sound-designer"]


def test_serve_rebuilds_on_save_shows_problems_and_stops_cleanly(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    guide = root / "guides" / "music-producer.yaml"
    with serve(root, tmp_path / "tmp") as served:
        assert served.url.startswith("http://127.0.0.1:")
        status, kind, body = served.get("music-producer/")
        assert (status, kind) == (200, "text/html; charset=utf-8")
        page = body.decode()
        assert "/_live/events" in page  # the reload script, in what is served…
        built = (root / "output/site/music-producer/index.html").read_text()
        assert "_live" not in built and "<script" not in built  # …never in the site itself
        assert "Music Producer" in page and "The handout as printed" in page

        version = served.wait_for("pdf >= 1", 120)  # the handouts laid out in the background
        page = served.text("music-producer/")
        assert page.count('data-live-page="/_live/pages/music-producer/') == 2
        status, kind, png = served.get("_live/pages/music-producer/2.png")
        assert (status, kind) == (200, "image/png")
        assert Image.open(io.BytesIO(png)).size == (935, 1210)  # Letter at 110 dpi
        assert served.get("_live/pages/music-producer/3.png")[0] == 404
        assert served.get("../publisher.yaml")[0] == 404
        assert served.get("%2e%2e/publisher.yaml")[0] == 404

        saved = time.monotonic()
        text = guide.read_text(encoding="utf-8")
        guide.write_text(text.replace("If you want to decide", "Saved just now: decide", 1))
        served.wait_for(f"html > {version['html']}", 10)
        assert time.monotonic() - saved < 3.0  # (about a second on a quiet machine)
        assert "Saved just now: decide" in served.text("music-producer/")

        version = served.version()
        guide.write_text(text.replace("title: Music Producer", "title: [Music Producer]", 1))
        served.wait_for(f"html > {version['html']}", 10)
        page = served.text("music-producer/")
        assert "The build has problems" in page
        assert "guides/music-producer.yaml:2:1: title: must be text, not a list" in page
        assert "/_live/events" in page  # and it reloads once fixed

        version = served.version()
        guide.write_text(text, encoding="utf-8")
        served.wait_for(f"html > {version['html']}", 10)
        assert "The build has problems" not in served.text("music-producer/")
    ran = served.ran
    assert ran is not None
    assert ran.returncode == 0, ran.output
    assert "stopped" in ran.output and "Traceback" not in ran.output
    assert_nothing_left(ran)
    leftovers = [p for p in (root / "output").rglob("*.tmp")] + list(root.rglob(".*.tmp"))
    assert leftovers == []


def test_ctrl_c_during_the_first_build_stops_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    with serve(root, tmp_path / "tmp") as served:
        pass  # Ctrl-C as soon as the address is printed: the handouts are being laid out
    ran = served.ran
    assert ran is not None
    assert ran.returncode == 0, ran.output
    assert ran.seconds < 30
    assert_nothing_left(ran)
