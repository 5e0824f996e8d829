"""The web edition: a page per career with the handout's content and charts, an index by
field, the handouts beside their pages, relative links only, the same bytes from every
build, and keys that rebuild only what changed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, TODAY, copy_project
from sitecheck import broken_links, read_page

import publisher.builder.session
from publisher.builder.report import BuildReport
from publisher.builder.session import BuildOptions, build, render_handout
from publisher.charts.figures import chart_plans
from publisher.guides.library import load_library
from publisher.project.formatting import Formatter
from publisher.project.labels import load_labels
from publisher.project.settings import load_project

pytestmark = pytest.mark.slow  # lays out real handouts

GUIDES = ["music-producer", "sound-designer", "chef"]  # two related, one in another field


def _site(root: Path, **options: object) -> BuildReport:
    project = load_project(root)
    chosen = BuildOptions(site=True, **options)  # type: ignore[arg-type]
    return build(project, TODAY, options=chosen, booklets=[])


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("site") / "p", GUIDES)
    report = _site(root)
    assert report.failed == [], report.failed
    return root


def test_a_page_per_career_an_index_and_the_handouts_beside_their_pages(built: Path) -> None:
    site = built / "output" / "site"
    files = _files(site)
    for slug in GUIDES:
        assert (
            files[f"{slug}/{slug}.pdf"] == (built / "output/handouts" / f"{slug}.pdf").read_bytes()
        )
        assert files[f"{slug}/index.html"].startswith(b"<!DOCTYPE html>")
    assert {"index.html", "site.css", "fonts/SourceSansPro-Regular.ttf"} <= set(files)
    assert "fonts/SourceSansPro-LICENSE.txt" in files  # the OFL travels with the fonts
    index = read_page(site / "index.html")
    assert [link for link in index.links if link.endswith("index.html")][1:] == [
        "music-producer/index.html",
        "sound-designer/index.html",
        "chef/index.html",  # fields in publisher.yaml's order: arts before hospitality
    ]
    assert "Hospitality & Tourism" in index.text


def test_links_are_relative_and_lead_to_files_in_the_folder(built: Path) -> None:
    site = built / "output" / "site"
    assert broken_links(site) == []
    page = read_page(site / "music-producer" / "index.html")
    assert "../sound-designer/index.html" in page.links  # a related career with a page
    assert "music-producer.pdf" in page.links
    assert not any("content-creator" in link for link in page.links)  # no page: not linked
    assert "../site.css" in page.links
    css = (site / "site.css").read_text()
    assert "http" not in css and "@media print" in css  # offline, and made to print


def test_a_page_prints_the_handouts_words_and_its_charts_with_alt_text(built: Path) -> None:
    project = load_project(built)
    labels = load_labels(project.layouts)
    library = load_library(project, TODAY)
    guide = library.by_slug()["music-producer"].guide
    assert guide is not None
    page = read_page(built / "output/site/music-producer/index.html")
    for key in (
        "section_work",
        "section_suits",
        "section_day",
        "section_numbers",
        "section_sources",
    ):
        assert labels[key] in page.text
    assert guide.summary in page.text
    assert guide.starter.title in page.text
    assert "Data as of November 2026" in page.text
    plans = chart_plans(project, guide, labels, Formatter(project.config.locale))
    assert len(page.svgs) == len(plans) == 3
    for svg, (name, plan) in zip(page.svgs, sorted(plans.items(), key=_order), strict=True):
        assert svg["role"] == "img"
        assert svg["aria-labelledby"] == f"music-producer-{name}-title"
        assert page.titles[svg["aria-labelledby"]] == plan.alt
        assert "viewbox" in svg and "width" not in svg  # scales with the page


def _order(item: tuple[str, object]) -> int:
    return ["time-split", "day", "salary"].index(item[0])


def test_the_same_bytes_from_a_clean_build_and_nothing_rewritten_when_nothing_changed(
    built: Path, tmp_path: Path
) -> None:
    site = built / "output" / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    report = _site(built)
    assert report.failed == []
    assert report.reused == len(report.built)  # everything current
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == before
    clean = copy_project(tmp_path / "clean", GUIDES)
    assert _site(clean, cache=False).failed == []
    assert _files(clean / "output" / "site") == _files(site)


def test_a_site_layout_or_one_guide_rebuilds_only_what_shows_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    assert _site(root).failed == []
    css = root / "layouts/site/site.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text((ROOT / "layouts/site/site.css").read_text() + "\n.lead { color: #000; }\n")
    assert _written(root) == {"site/site.css"}  # no handout, page or font made again
    guide = root / "guides" / "chef.yaml"
    guide.write_text(guide.read_text().replace("summary: >-\n", "summary: >-\n  Hot news.\n", 1))
    assert _written(root) == {
        "handouts/chef.pdf",
        "site/chef/index.html",
        "site/chef/chef.pdf",
        "site/index.html",  # (it quotes the summary)
    }
    assert "Hot news." in read_page(root / "output/site/chef/index.html").text


def test_a_guide_that_cannot_print_has_no_page_and_says_why(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    guide = root / "guides" / "chef.yaml"
    guide.write_text(guide.read_text().replace("title: Chef", "title: [Chef]", 1))
    project = load_project(root)
    report = build(project, TODAY, options=BuildOptions(site=True), slugs=[], booklets=[])
    assert [o.name for o in report.failed] == ["site/chef/index.html"]
    assert "guides/chef.yaml:2:1: title:" in (report.failed[0].error or "")
    assert not (root / "output/site/chef").exists()
    index = read_page(root / "output/site/index.html")
    assert "chef/index.html" not in index.links


def _written(root: Path) -> set[str]:
    """The files under output/ a build (re)wrote."""
    output = root / "output"
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    assert _site(root).failed == []
    after = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    return {p.relative_to(output).as_posix() for p, t in after.items() if before.get(p) != t}


def test_content_that_looks_like_markup_is_printed_as_written(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["chef"])
    guide = root / "guides" / "chef.yaml"
    text = guide.read_text(encoding="utf-8")
    text = text.replace("summary: >-\n", "summary: >-\n  <script>alert(1)</script> & <b>\n", 1)
    day = text.index("title:", text.index("blocks:"))
    text = (
        text[:day]
        + 'title: "</svg><img src=x onerror=alert(2)>"\n'
        + text[text.index("\n", day) + 1 :]
    )
    guide.write_text(text, encoding="utf-8")
    project = load_project(root)
    report = build(project, TODAY, options=BuildOptions(site=True), slugs=[], booklets=[])
    assert report.failed == [], report.failed
    html = (root / "output/site/chef/index.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    page = read_page(root / "output/site/chef/index.html")
    assert "<script>alert(1)</script> & <b>" in page.text
    assert len(page.svgs) == 3  # the day strip's label did not end its drawing


def test_the_web_edition_is_made_while_the_booklet_is_merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build process only waits while another merges a booklet: it makes the web edition
    then (a second at a hundred careers), not after."""
    import multiprocessing

    from publisher.builder.site import WebEdition

    root = copy_project(tmp_path / "p", GUIDES)
    merging: list[int] = []
    real = WebEdition.finish

    def watched(self: WebEdition) -> None:
        merging.append(len(multiprocessing.active_children()))  # (the workers are gone by then)
        real(self)

    monkeypatch.setattr(WebEdition, "finish", watched)
    monkeypatch.setattr(WebEdition, "early", _never)  # (three handouts to lay out: too many)
    report = build(load_project(root), TODAY, options=BuildOptions(site=True, jobs=2))
    assert report.failed == [], report.failed
    assert len(merging) == 1 and merging[0] >= 1  # the merging process
    names = [outcome.name for outcome in report.built]
    assert names.index("site/index.html") < names.index("booklets/career-fair.pdf")
    assert _files(root / "output" / "site") == _files(_built_alone(tmp_path))


def _slow_handout(*args: Any, **kwargs: Any) -> Any:
    """A worker's handout task that takes a second longer (forked from the test: the worker
    finds it where the build looks): time enough to wait for, on any machine."""
    time.sleep(1.0)
    return render_handout(*args, **kwargs)


def _never(self: object) -> None:
    raise AssertionError("the web edition was made early")


def test_after_one_edit_the_web_edition_is_made_while_the_handout_is_laid_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild after one edited guide waits half a second or more for its handout: the web
    edition's files that wait for no layout are made then (the edited career's page too:
    its charts are drawn before its handout is laid out), and only the copy of the new
    handout at the end. The files are the same as a build that makes them all at the end."""
    root = copy_project(tmp_path / "p", GUIDES)
    project = load_project(root)
    options = BuildOptions(site=True, jobs=2)
    assert build(project, TODAY, options=options).failed == []
    guide = root / "guides" / "chef.yaml"
    text = guide.read_text(encoding="utf-8")
    assert "summary: >-\n  Chefs and head cooks run kitchens" in text
    guide.write_text(
        text.replace("Chefs and head cooks run", "Truly, chefs and head cooks run", 1),
        encoding="utf-8",
    )

    names: list[str] = []
    monkeypatch.setattr(publisher.builder.session, "render_handout", _slow_handout)
    report = build(
        load_project(root),
        TODAY,
        options=options,
        progress=lambda outcome, planned: names.append(outcome.name),
    )
    assert report.failed == [], report.failed
    handout = names.index("handouts/chef.pdf")
    assert names.index("site/chef/index.html") < handout  # (made early: its text changed)
    assert names.index("site/index.html") < handout  # (the summary shows there too)
    assert names.index("site/chef/chef.pdf") > handout  # (the new handout, copied after it)
    assert names.index("site/music-producer/index.html") < handout
    assert len(names) == len(set(names))  # each file once
    assert "Truly, chefs" in (root / "output/site/chef/index.html").read_text(encoding="utf-8")
    assert (root / "output/site/chef/chef.pdf").read_bytes() == (
        root / "output/handouts/chef.pdf"
    ).read_bytes()

    alone = copy_project(tmp_path / "alone", GUIDES)
    (alone / "guides" / "chef.yaml").write_text(guide.read_text(encoding="utf-8"))
    assert _site(alone, jobs=1).failed == []
    assert _files(root / "output" / "site") == _files(alone / "output" / "site")


def test_a_web_edition_that_fails_beside_a_merge_fails_the_build_not_the_booklet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publisher.builder.site import WebEdition
    from publisher.errors import BuildError

    root = copy_project(tmp_path / "p", GUIDES)

    def failing(self: object) -> None:
        raise BuildError("the web edition could not be made")

    monkeypatch.setattr(WebEdition, "finish", failing)
    with pytest.raises(BuildError, match="web edition"):
        build(load_project(root), TODAY, options=BuildOptions(site=True, jobs=2))
    assert (root / "output" / "booklets" / "career-fair.pdf").is_file()


def _built_alone(tmp_path: Path) -> Path:
    """The web edition of GUIDES from a build that makes no booklet."""
    root = copy_project(tmp_path / "alone", GUIDES)
    assert _site(root).failed == []
    return root / "output" / "site"


def test_the_web_editions_templates_are_kept_compiled_in_the_cache(built: Path) -> None:
    """Like the handouts' (which the workers load), the pages' templates are compiled once
    and kept: compiling them again on every build took some 80 ms of a rebuild after one edit,
    at its end."""
    import jinja2

    project = load_project(built)
    kept = jinja2.FileSystemBytecodeCache(str(project.cache_dir / "templates"))
    for name in ("site/career.html", "site/index.html"):
        source = project.layouts.require(name)
        bucket = kept.get_cache_key(name, str(source))
        assert (project.cache_dir / "templates" / (kept.pattern % bucket)).is_file(), name
