"""Table cards, tested on the real PDFs: one page a quarter of the paper, the facts and their
sources as the handout prints them, fonts, tags, the 4-up sheet and its crop marks."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, TODAY, copy_project
from pdfread import alt_texts, flat, read_pdf
from tagging import parent_tree_problems, unmarked
from typer.testing import CliRunner

from publisher.builder.report import BuildReport
from publisher.builder.session import BuildOptions, build
from publisher.cli import app
from publisher.documents.cutsheet import CARD_SHEETS, MARGIN_PT, plan_grid, sheet_size
from publisher.guides.library import Entry, load_library
from publisher.guides.models import PITCH_MAX
from publisher.guides.pitch import card_pitch, first_sentence
from publisher.layout.cards import card_facts
from publisher.layout.views import quick_facts
from publisher.project.formatting import Formatter
from publisher.project.labels import load_labels
from publisher.project.settings import Paper, load_project

CARD_LETTER = (306.0, 396.0)  # 4.25 × 5.5 in
CARD_A6 = (297.64, 419.53)  # 105 × 148 mm
SLUG = "music-producer"
RELATED = ["content-creator", "filmmaker", "sound-designer"]
ALL = sorted(path.stem for path in (ROOT / "guides").glob("*.yaml"))


def make_cards(root: Path, slugs: list[str], paper: Paper | None = None) -> BuildReport:
    project = load_project(root)
    library = load_library(project, TODAY)
    options = BuildOptions(paper=paper, jobs=1)
    return build(
        project, TODAY, options=options, slugs=[], booklets=[], cards=slugs, library=library
    )


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("cards") / "project")
    report = make_cards(root, ALL)  # every sample guide's card fits its page
    assert report.failed == []
    return root / "output" / "cards"


def test_the_pitch_is_the_guides_own_or_a_short_first_sentence() -> None:
    guide = load_library(load_project(ROOT), TODAY).by_slug()[SLUG].guide
    assert guide is not None and guide.pitch is None
    assert card_pitch(guide) == "If you want to decide how a song sounds, producing is worth a try."
    assert first_sentence("Short one. Then more.") == "Short one."
    assert first_sentence("Costs $5. Or 3.5 more.") == "Costs $5."
    long = "Chefs run kitchens: they plan menus, train and direct cooks, order ingredients and "
    long += "make sure every plate goes out right. The catch: heat."
    assert len(first_sentence(long)) > PITCH_MAX
    assert card_pitch(guide.model_copy(update={"summary": long})) is None  # never cut
    own = guide.model_copy(update={"summary": long, "pitch": "Chefs run kitchens."})
    assert card_pitch(own) == "Chefs run kitchens."
    assert all(len(card_pitch(entry.guide) or "") <= PITCH_MAX for entry in _library())


def test_every_sample_guide_has_a_pitch_that_fits() -> None:
    assert all(entry.guide and card_pitch(entry.guide) for entry in _library())


def _library() -> list[Entry]:
    return load_library(load_project(ROOT), TODAY).entries


@pytest.mark.slow
def test_a_card_is_one_quarter_letter_page_tagged_with_fonts_embedded(letter: Path) -> None:
    facts = read_pdf(letter / f"{SLUG}.pdf")
    assert facts.pages == 1
    assert facts.sizes[0] == pytest.approx(CARD_LETTER, abs=0.5)
    assert facts.fonts and all(facts.fonts.values())
    assert facts.tagged
    with pikepdf.open(letter / f"{SLUG}.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root
        figures = _figures(pdf.Root.StructTreeRoot)
    assert figures and all("/Alt" in figure and str(figure.Alt) for figure in figures)
    assert any(alt.startswith("Time split:") for alt in alt_texts(letter / f"{SLUG}.pdf"))


@pytest.mark.slow
@pytest.mark.parametrize("slug", [SLUG, "public-relations-specialist", "musician"])
def test_a_card_prints_the_handouts_facts_with_their_sources(letter: Path, slug: str) -> None:
    project = load_project(ROOT)
    guide = load_library(project, TODAY).by_slug()[slug].guide
    assert guide is not None
    labels, fmt = load_labels(project.layouts, "en_US"), Formatter("en_US")
    text = flat(read_pdf(letter / f"{slug}.pdf").texts[0])
    assert guide.title in text
    assert flat(card_pitch(guide) or "") in text
    assert guide.starter.title in text
    shown = card_facts(guide, fmt, labels)
    assert 2 <= len(shown) <= 3
    assert all(fact in quick_facts(guide, fmt, labels) for fact in shown)  # the handout's own
    for fact in shown:
        assert fact.label in text
        assert fact.value in text
        assert fact.marks
    numbers = {fact_mark for fact in shown for fact_mark in fact.marks}
    for number, source in enumerate(guide.sources, 1):
        if number in numbers:
            assert flat(source.name) in text
            if source.date:
                assert source.date in text
    assert f"Data as of {fmt.month(guide.as_of)}" in text if guide.as_of else True


@pytest.mark.slow
def test_the_sheet_holds_four_cards_and_crop_marks_in_its_margins(letter: Path) -> None:
    facts = read_pdf(letter / f"{SLUG}-sheet.pdf")
    assert facts.pages == 1
    assert facts.sizes[0] == pytest.approx(CARD_SHEETS["letter"], abs=0.5)
    grid = plan_grid(CARD_LETTER, CARD_SHEETS["letter"])
    assert grid.scale > 0.9  # the card's type floors hold at this scale
    with pikepdf.open(letter / f"{SLUG}-sheet.pdf") as pdf:
        content = pdf.pages[0].Contents.read_bytes().decode("ascii")
    placements = re.findall(r"([\d.]+) 0 0 [\d.]+ ([\d.]+) ([\d.]+) cm /(Card|Copy) Do", content)
    assert len(placements) == 4
    assert [p[3] for p in placements].count("Card") == 1  # a reader meets the card once
    placements = [p[:3] for p in placements]
    width, height = (side * grid.scale for side in CARD_LETTER)
    corners = {(float(x), float(y)) for _, x, y in placements}
    assert all(float(s) == pytest.approx(grid.scale, abs=1e-4) for s, _, _ in placements)
    assert len(corners) == 4
    left, bottom = min(corners)
    assert left >= MARGIN_PT - 0.5
    assert (left + 2 * width, bottom + 2 * height) == pytest.approx(
        (grid.x[-1], grid.y[-1]), abs=0.01
    )
    with pikepdf.open(letter / f"{SLUG}-sheet.pdf") as pdf:  # tagged: marks are artifacts
        assert unmarked(pdf) == [] and parent_tree_problems(pdf) == []
    segments = re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l", content)
    assert len(segments) == 12  # three cuts each way, marked at both ends
    for segment in segments:
        x0, y0, x1, y1 = (float(v) for v in segment)
        for x, y in ((x0, y0), (x1, y1)):  # every end lies outside every card
            outside = not (grid.x[0] < x < grid.x[-1] and grid.y[0] < y < grid.y[-1])
            assert outside, segment


def test_two_up_enlarges_the_cards_side_by_side_on_a_landscape_sheet() -> None:
    for paper, card, least in (("letter", CARD_LETTER, 1.2), ("a4", CARD_A6, 1.28)):
        sheet = sheet_size(paper, 2)
        assert sheet[0] > sheet[1]  # landscape
        grid = plan_grid(card, sheet, 2)
        assert len(grid.x) == 3 and len(grid.y) == 2
        assert grid.scale >= least  # (A5 would be 1.41: the margin keeps it smaller)
        assert grid.x[0] >= MARGIN_PT - 0.01 and grid.y[0] >= MARGIN_PT - 0.01
        assert grid.x[-1] <= sheet[0] - MARGIN_PT + 0.01
        assert grid.y[-1] <= sheet[1] - MARGIN_PT + 0.01


@pytest.mark.slow
def test_a_two_up_sheet_holds_two_cards_and_its_crop_marks(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "two", [SLUG, *RELATED])
    project = load_project(root)
    options = BuildOptions(jobs=1, card_up=2)
    library = load_library(project, TODAY)
    report = build(
        project, TODAY, options=options, slugs=[], booklets=[], cards=[SLUG], library=library
    )
    assert report.failed == []
    path = root / "output" / "cards" / f"{SLUG}-sheet-2up.pdf"
    assert read_pdf(path).sizes[0] == pytest.approx((792.0, 612.0), abs=0.5)
    with pikepdf.open(path) as pdf:
        content = pdf.pages[0].Contents.read_bytes().decode("ascii")
    assert len(re.findall(r"cm /(?:Card|Copy) Do", content)) == 2
    assert len(re.findall(r" m [\d.]+ [\d.]+ l", content)) == 10  # 3 cuts across, 2 down


@pytest.mark.slow
def test_cards_are_byte_identical_when_made_again(letter: Path, tmp_path: Path) -> None:
    root = copy_project(
        tmp_path / "again", [SLUG, "content-creator", "filmmaker", "sound-designer"]
    )
    assert make_cards(root, [SLUG]).failed == []
    for name in (f"{SLUG}.pdf", f"{SLUG}-sheet.pdf"):
        again = root / "output" / "cards" / name
        assert again.read_bytes() == (letter / name).read_bytes(), name


@pytest.mark.slow
def test_an_a4_card_is_a6(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "a4", [SLUG, *RELATED])
    assert make_cards(root, [SLUG], paper="a4").failed == []
    card = read_pdf(root / "output" / "cards-a4" / f"{SLUG}.pdf")
    assert card.pages == 1
    assert card.sizes[0] == pytest.approx(CARD_A6, abs=0.5)
    sheet = read_pdf(root / "output" / "cards-a4" / f"{SLUG}-sheet.pdf")
    assert sheet.sizes[0] == pytest.approx(CARD_SHEETS["a4"], abs=0.5)


def test_an_unknown_slug_is_a_usage_error_with_the_nearest(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", [SLUG])
    result = CliRunner().invoke(app, ["card", "music-prodcer", "-C", str(root)])
    assert result.exit_code == 2
    assert "music-producer" in result.stderr
    assert not (root / "output").exists()
    nope = CliRunner().invoke(app, ["card", "nope", "-C", str(root)])
    assert nope.exit_code == 2


def _figures(root: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == pikepdf.Name.Figure:
                found.append(node)
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(kids)
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
    return found
