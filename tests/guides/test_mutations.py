"""Hundreds of broken guides, made from a real one field by field: every one is read to a
guide or to problems with their place, never to an exception; and any text that passes is
laid out as text (no markup, no template evaluation)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import ROOT, TODAY
from mutations import CASES, SETTINGS, SETTINGS_CASES, TEXTS, mutated

from publisher.data.dataset import Datasets, load_datasets
from publisher.guides.library import load_entry
from publisher.project.layouts import Layouts
from publisher.project.settings import Project, load_project

pytestmark = pytest.mark.slow  # several hundred guides read


def test_there_are_hundreds_of_cases() -> None:
    assert len(CASES) >= 300


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Datasets]:
    root = tmp_path_factory.mktemp("mutations")
    (root / "guides").mkdir()
    return load_project(root), load_datasets(ROOT / "data")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_guide_reads_to_problems_not_an_exception(
    project: tuple[Project, Datasets], case: str
) -> None:
    path, value = CASES[case]
    guide = project[0].guides_dir / "electrician.yaml"
    guide.write_text(yaml.safe_dump(mutated(path, value), allow_unicode=True), encoding="utf-8")
    entry = load_entry(guide, project[0], TODAY, project[1])
    for problem in entry.problems:
        assert problem.line > 0 and problem.column > 0, problem  # placed in the file
        assert problem.message
    if entry.guide is None:
        assert entry.errors, case


@pytest.mark.parametrize("text", TEXTS)
def test_text_that_passes_is_laid_out_as_written(tmp_path: Path, text: str) -> None:
    """The handout's HTML shows the text escaped: no tag, no evaluated template."""
    from html import escape

    from publisher.builder.pictures import PictureFiles
    from publisher.charts.figures import career_charts
    from publisher.documents.handout import Career, make_spread
    from publisher.layout.template import doc_info, environment, render_template
    from publisher.project.formatting import Formatter
    from publisher.project.labels import load_labels

    data = mutated(("starter", "text"), text)
    (tmp_path / "guides").mkdir()
    guide_file = tmp_path / "guides" / "electrician.yaml"
    guide_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    project = load_project(tmp_path)
    entry = load_entry(guide_file, project, TODAY, load_datasets(ROOT / "data"))
    assert entry.guide is not None, entry.problems
    labels, fmt = load_labels(Layouts.of(ROOT / "layouts")), Formatter()
    pictures = PictureFiles(tmp_path / "cache")
    charts = career_charts(project, entry.guide, labels, fmt, pictures)
    spread = make_spread(
        project, Career("electrician", entry.guide, "x", charts), labels=labels, fmt=fmt,
        related_titles={}, pictures=pictures,
    )  # fmt: skip
    doc = doc_info(project, labels, title="t", subject="s", keywords=[], paper="letter",
                   stylesheets=("handout.css",))  # fmt: skip
    html = render_template(
        environment(Layouts.of(ROOT / "layouts")),
        "handout.html",
        doc=doc,
        spread=spread,
        labels=labels,
    )
    shown = html.replace("\u2060", "")  # (word joiners keep ranges together: invisible)
    assert escape(text.strip(), quote=False).split("\n")[0] in shown
    assert "<script>" not in html and ">49<" not in html and " 49 " not in html


@pytest.mark.parametrize("case", sorted(SETTINGS_CASES))
def test_broken_settings_read_to_placed_problems(tmp_path: Path, case: str) -> None:
    from publisher.errors import ContentError

    path, value = SETTINGS_CASES[case]
    data = mutated(path, value, SETTINGS)
    (tmp_path / "publisher.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    try:
        load_project(tmp_path)
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.path == "publisher.yaml" and problem.line > 0, problem


def test_there_are_settings_cases_too() -> None:
    assert len(SETTINGS_CASES) >= 100


def test_the_guides_that_pass_are_laid_out_or_refused_with_a_message(tmp_path: Path) -> None:
    """Every broken guide that still reads as a guide goes through a real build: each handout
    is made, or fails with a message (overflow, a URL too long for a QR code…), never with
    an exception out of the build."""
    from conftest import build_handouts, copy_project

    from publisher.guides.library import load_library

    root = copy_project(tmp_path / "p", [])
    project = load_project(root)
    data = load_datasets(ROOT / "data")
    written = 0
    for index, case in enumerate(sorted(CASES)):
        path, value = CASES[case]
        guide = root / "guides" / f"m-{index}.yaml"
        guide.write_text(yaml.safe_dump(mutated(path, value), allow_unicode=True))
        entry = load_entry(guide, project, TODAY, data)
        if entry.guide is None or entry.errors or written >= 24:
            guide.unlink()
            continue
        written += 1
    assert written >= 20
    report = build_handouts(project, load_library(project, TODAY), jobs=2)
    assert len(report.built) + len(report.failed) == written
    for outcome in report.failed:
        assert outcome.error and "Traceback" not in outcome.error
