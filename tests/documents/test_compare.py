"""Comparison sheets, tested on the real PDFs: landscape, one or two pages, tagged, and every
figure and source line word for word as each career's handout prints it; the wrong number of
careers or an unknown one is a usage error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, copy_project
from pdfread import alt_texts, flat, read_pdf
from typer.testing import CliRunner

from publisher.builder.report import BuildReport
from publisher.builder.session import BuildOptions, build
from publisher.cli import app
from publisher.guides.library import load_library
from publisher.layout.views import quick_facts
from publisher.project.formatting import Formatter
from publisher.project.labels import load_labels
from publisher.project.settings import load_project

PAIR = ["music-producer", "sound-designer"]
FOUR = ["musician", "electrician", "registered-nurse", "software-developer"]
LANDSCAPE_LETTER = (792.0, 612.0)
CARDS = ["music-producer", "content-creator", "filmmaker", "sound-designer"]  # publisher.yaml


def make(root: Path, sheets: list[list[str]], slugs: list[str]) -> BuildReport:
    project = load_project(root)
    return build(
        project,
        TODAY,
        options=BuildOptions(jobs=1),
        slugs=slugs,
        booklets=[],
        cards=[],
        comparisons=sheets,
        library=load_library(project, TODAY),
    )


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("compare") / "project")
    report = make(root, [PAIR, FOUR], [*PAIR, *FOUR])  # the handouts, to read them side by side
    assert report.failed == []
    return root / "output"


@pytest.mark.slow
@pytest.mark.parametrize("careers", [PAIR, FOUR])
def test_a_sheet_is_landscape_tagged_and_two_pages_at_most(
    output: Path, careers: list[str]
) -> None:
    path = output / "compare" / f"{'-vs-'.join(careers)}.pdf"
    facts = read_pdf(path)
    assert 1 <= facts.pages <= 2
    assert all(size == pytest.approx(LANDSCAPE_LETTER, abs=0.5) for size in facts.sizes)
    assert facts.tagged and facts.fonts and all(facts.fonts.values())
    assert any(alt.startswith("Salary:") for alt in alt_texts(path))


@pytest.mark.slow
@pytest.mark.parametrize("careers", [PAIR, FOUR])
def test_figures_and_sources_read_as_on_each_handout(output: Path, careers: list[str]) -> None:
    project = load_project(ROOT)
    library = load_library(project, TODAY).by_slug()
    labels, fmt = load_labels(project.layouts, "en_US"), Formatter("en_US")
    sheet = flat(" ".join(read_pdf(output / "compare" / f"{'-vs-'.join(careers)}.pdf").texts))
    for slug in careers:
        guide = library[slug].guide
        assert guide is not None
        handout = flat(" ".join(read_pdf(output / "handouts" / f"{slug}.pdf").texts))
        assert guide.title in sheet
        for fact in quick_facts(guide, fmt, labels):
            assert fact.value in sheet and fact.value in handout, (slug, fact.value)
            assert fact.note in sheet and fact.note in handout, (slug, fact.note)
        for source in guide.sources:  # each as its front-page line: name (code), date.
            line = f"{source.name}{f' ({source.code})' if source.code else ''}"
            line += f", {source.date}." if source.date else "."
            assert flat(line) in handout, (slug, line)
            if any(
                source.id in refs
                for refs in [
                    *(p.sources for p in guide.numbers.salary_paths),
                    guide.quick_facts.median_pay.sources if guide.quick_facts.median_pay else [],
                ]
            ):
                assert flat(line) in sheet, (slug, line)
        bare = squash(sheet)  # (a narrow cell may break "open-source" after its hyphen)
        for step in guide.getting_in.steps if guide.getting_in else []:
            assert squash(step.text) in bare
        for sign in [*guide.fit.signs_yes, *guide.fit.signs_no]:
            assert squash(sign) in bare


def squash(text: str) -> str:
    """Text without spaces and hyphens (pdfium reads a line-end hyphen as U+FFFE)."""
    return re.sub(r"[\s\ufffe-]+", "", text)


@pytest.mark.slow
def test_a_sheet_is_byte_identical_when_made_again(output: Path, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "again", PAIR)
    assert make(root, [PAIR], []).failed == []
    name = f"{'-vs-'.join(PAIR)}.pdf"
    assert (root / "output" / "compare" / name).read_bytes() == (
        output / "compare" / name
    ).read_bytes()


@pytest.mark.parametrize(
    ("names", "said"),
    [
        (["music-producer"], "2 to 4 different careers (got 1"),
        ([*PAIR, *FOUR[:3]], "2 to 4 different careers (got 5"),
        (["music-producer", "music-producer"], "2 to 4 different careers"),
        (["music-prodcer", "sound-designer"], "did you mean 'music-producer'"),
    ],
)
def test_the_wrong_careers_are_a_usage_error(tmp_path: Path, names: list[str], said: str) -> None:
    root = copy_project(tmp_path / "project", PAIR)
    result = CliRunner().invoke(app, ["compare", *names, "-C", str(root)])
    assert result.exit_code == 2
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "output").exists()


@pytest.mark.slow
def test_a_whole_build_makes_what_publisher_yaml_asks_for_then_reuses_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", CARDS, extras=True)
    project = load_project(root)
    assert project.config.comparisons == [PAIR]
    first = build(project, TODAY, options=BuildOptions(jobs=1), booklets=[])
    assert first.failed == []
    names = {outcome.path.name for outcome in first.built if outcome.path}
    assert f"{'-vs-'.join(PAIR)}.pdf" in names
    assert {f"{slug}-sheet.pdf" for slug in CARDS} <= names
    again = build(project, TODAY, options=BuildOptions(jobs=1), booklets=[])
    assert again.failed == [] and again.reused == len(again.built) == len(first.built)
