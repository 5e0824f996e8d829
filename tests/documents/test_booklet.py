"""Booklets, tested on the real PDFs: contents numbers, spreads on left pages, cross-references,
outline, padding and the imposed sheets — every page number read back from the PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, TODAY, build_booklet, build_handouts, copy_project
from pdfread import flat, read_pdf
from tagging import parent_tree_problems, unmarked

from publisher.guides.library import load_library
from publisher.project.settings import BookletRecipe, load_project

pytestmark = pytest.mark.slow  # lays out real pages

GUIDES = ["music-producer", "sound-designer", "filmmaker", "content-creator", "electrician"]
HEAD_BAND = 0.62 * 72  # the top margin, where running heads sit


def _header(page: pdfium.PdfPage) -> str:
    width, height = page.get_size()
    text = page.get_textpage()
    try:
        return flat(text.get_text_bounded(0, height - HEAD_BAND, width, height))
    finally:
        text.close()


@pytest.fixture(scope="module")
def booklet(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = copy_project(tmp_path_factory.mktemp("booklet") / "project", GUIDES)
    project = load_project(root)
    library = load_library(project, TODAY)
    present = [e.slug for e in library.entries]
    recipe = BookletRecipe(name="fair", title="Career Fair", subtitle="Careers to explore")
    report = build_booklet(project, library, recipe)
    assert report.failed == [], report.failed
    paths = {o.name: o.path for o in report.built}
    pdf_path = paths["booklets/fair.pdf"]
    imposed_path = paths["booklets/fair-imposed.pdf"]
    assert pdf_path is not None and imposed_path is not None
    document = pdfium.PdfDocument(pdf_path.read_bytes())
    heads = [_header(document[i]) for i in range(len(document))]
    texts = read_pdf(pdf_path).texts
    titles = {e.slug: e.guide.title for e in library.entries if e.guide}
    return {
        "path": pdf_path,
        "imposed": imposed_path,
        "heads": heads,
        "texts": texts,
        "titles": titles,
        "slugs": present,
        "library": library,
        "project": project,
    }


def _spread_starts(booklet: dict[str, object]) -> dict[str, int]:
    """1-based page where each career's spread starts, read from the PDF: the right-hand
    page's running head names the career (the left page shows it as its title instead)."""
    heads: list[str] = booklet["heads"]  # type: ignore[assignment]
    titles: dict[str, str] = booklet["titles"]  # type: ignore[assignment]
    texts: list[str] = booklet["texts"]  # type: ignore[assignment]
    starts = {}
    for slug, title in titles.items():
        pages = [n for n, head in enumerate(heads, start=1) if head.endswith(title)]
        assert len(pages) == 1, f"{title} heads on pages {pages}"
        start = pages[0] - 1
        assert flat(texts[start - 1]).split("Data as of")[0].find(title) >= 0
        starts[slug] = start
    return starts


def test_page_count_is_a_multiple_of_four(booklet: dict[str, object]) -> None:
    facts = read_pdf(booklet["path"])  # type: ignore[arg-type]
    assert facts.pages % 4 == 0
    assert all(size == pytest.approx((612, 792), abs=0.5) for size in facts.sizes)
    assert all(facts.fonts.values())


def test_spreads_start_on_left_hand_pages(booklet: dict[str, object]) -> None:
    starts = _spread_starts(booklet)
    assert all(page % 2 == 0 for page in starts.values()), starts


def test_contents_numbers_match_the_pages(booklet: dict[str, object]) -> None:
    texts: list[str] = booklet["texts"]  # type: ignore[assignment]
    titles: dict[str, str] = booklet["titles"]  # type: ignore[assignment]
    contents = next(t for t in texts if t.lstrip().startswith("Contents"))
    starts = _spread_starts(booklet)
    for slug, title in titles.items():
        match = re.search(re.escape(title) + r"[ .\u2024\u2026]*?(\d+)\s*$", contents, re.M)
        assert match, f"{title} not in contents"
        assert int(match[1]) == starts[slug], title


def test_cross_references_point_at_the_right_pages(booklet: dict[str, object]) -> None:
    texts: list[str] = booklet["texts"]  # type: ignore[assignment]
    starts = _spread_starts(booklet)
    front = flat(texts[starts["music-producer"] - 1])
    for slug, title in (("sound-designer", "Sound Designer"), ("filmmaker", "Filmmaker")):
        assert f"{title}, p. {starts[slug]}" in front


def test_outline_has_each_career_under_its_cluster(booklet: dict[str, object]) -> None:
    """As the headings nest: a field's careers under the field that opens on its opener; the
    electrician's field has none (one career), so it sits at the top, after them."""
    facts = read_pdf(booklet["path"])  # type: ignore[arg-type]
    titles: dict[str, str] = booklet["titles"]  # type: ignore[assignment]
    careers = [(depth, title) for depth, title in facts.outline if title in titles.values()]
    assert sorted(t for _, t in careers) == sorted(titles.values())
    assert all(depth == (title != "Electrician") for depth, title in careers)
    clusters = [title for depth, title in facts.outline if depth == 0]
    assert clusters[:2] == ["How to read a career", "Contents"]


def test_no_blank_pages_in_the_middle(booklet: dict[str, object]) -> None:
    texts: list[str] = booklet["texts"]  # type: ignore[assignment]
    for number, text in enumerate(texts, start=1):
        assert text.strip(), f"page {number} is blank"


def test_imposed_sheets_in_saddle_order(booklet: dict[str, object]) -> None:
    pages = read_pdf(booklet["path"]).pages  # type: ignore[arg-type]
    imposed = pdfium.PdfDocument(booklet["imposed"].read_bytes())  # type: ignore[attr-defined]
    assert len(imposed) == pages // 2
    width, height = imposed[0].get_size()
    assert (width, height) == pytest.approx((1224, 792), abs=0.5)
    text = imposed[0].get_textpage()
    left = flat(text.get_text_bounded(0, 0, width / 2, height))
    right = flat(text.get_text_bounded(width / 2, 0, width, height))
    assert "Career Fair" in right  # page 1, the cover, faces out on the right
    assert "Made with career-publisher" in left  # the back cover, last page


def test_a_failing_career_stops_the_booklet(make_project: Callable[..., Path]) -> None:
    root = make_project(["music-producer", "sound-designer"])
    path = root / "guides" / "sound-designer.yaml"
    path.write_text(path.read_text().replace("title:", "titel:", 1))
    project = load_project(root)
    library = load_library(project, TODAY)
    report = build_booklet(project, library, BookletRecipe(name="fair", title="Fair"))
    assert report.built == []
    (failure,) = report.failed
    assert failure.error is not None
    assert "sound-designer" in failure.error and "never drops a career" in failure.error
    assert not (root / "output" / "booklets" / "fair.pdf").exists()


def test_readme_previews_come_from_the_built_pdfs(
    booklet: dict[str, object], tmp_path: Path
) -> None:
    from PIL import Image

    from publisher.documents.previews import write_previews

    project = booklet["project"]
    build_handouts(project, booklet["library"], slugs=["music-producer"])  # type: ignore[arg-type]
    paths = write_previews(
        project.output_dir,  # type: ignore[attr-defined]
        tmp_path,
        "music-producer",
        "Music Producer",
        "fair",
    )
    assert [p.name for p in paths] == [
        "music-producer-front.png",
        "music-producer-back.png",
        "fair-spread.png",
    ]
    for path in paths:
        assert path.stat().st_size < 150 * 1024
    with Image.open(paths[0]) as front, Image.open(paths[2]) as spread:
        assert spread.width > 1.9 * front.width  # two facing pages


def test_print_shop_bleed_marks_and_office_sheets(make_project: Callable[..., Path]) -> None:
    import pikepdf

    from publisher.builder.session import BuildOptions, build
    from publisher.documents.press import PrintOptions

    root = make_project(["music-producer", "sound-designer"])
    project = load_project(root)
    press = PrintOptions(bleed="3mm", marks=True, office=True)
    recipe = BookletRecipe(name="shop", title="Sound Careers", order="title")
    report = build(
        project, TODAY, options=BuildOptions(jobs=1, press=press), slugs=[], booklets=[recipe]
    )
    assert report.failed == []
    notes = {o.name: o.note for o in report.built}
    # 2-up on Letter would print the smallest text at 4.5 pt: 1-up, and the build says so.
    assert "booklets/shop-office.pdf" not in notes
    assert not (root / "output" / "booklets" / "shop-office.pdf").exists()
    assert "print booklets/shop.pdf 1-up, double-sided" in (notes["booklets/shop.pdf"] or "")
    assert "smallest text to 4.5 pt, below 7 pt" in (notes["booklets/shop.pdf"] or "")
    bleed = 3 / 25.4 * 72
    with pikepdf.open(root / "output" / "booklets" / "shop.pdf") as pdf:
        assert len(pdf.pages) % 4 == 0
        for page in pdf.pages:
            media = [float(v) for v in page.mediabox]
            trim = [float(v) for v in page.obj.TrimBox]
            assert "/BleedBox" in page.obj
            assert trim[2] - trim[0] == pytest.approx(612, abs=0.5)
            assert media[2] - media[0] == pytest.approx(612 + 2 * bleed, abs=0.5)
    with pikepdf.open(root / "output" / "booklets" / "shop-imposed.pdf") as pdf:
        width = float(pdf.pages[0].mediabox[2]) - float(pdf.pages[0].mediabox[0])
        assert width == pytest.approx(1224, abs=0.5)  # sheets are twice the trim size
    for name in ("shop.pdf", "shop-imposed.pdf"):  # crop marks too are artifacts
        with pikepdf.open(root / "output" / "booklets" / name) as pdf:
            assert unmarked(pdf) == [] and parent_tree_problems(pdf) == [], name


def test_adhoc_booklet_from_the_command_line(make_project: Callable[..., Path]) -> None:
    from typer.testing import CliRunner

    from publisher.cli import app

    root = make_project(["music-producer", "sound-designer", "electrician"])
    result = CliRunner().invoke(
        app,
        [
            "booklet",
            "sound",
            "--only",
            "sound-designer,music-producer",
            "--title",
            "Sound",
            "-C",
            str(root),
            "--jobs",
            "1",
        ],
        env={"PUBLISHER_TODAY": TODAY.isoformat()},
    )
    assert result.exit_code == 0, result.output
    facts = read_pdf(root / "output" / "booklets" / "sound.pdf")
    assert facts.pages % 4 == 0
    text = " ".join(flat(t) for t in facts.texts)
    assert "Sound Designer" in text and "Music Producer" in text and "Electrician" not in text
    # --only keeps the order given: the sound designer comes first.
    assert [title for _, title in facts.outline][2:4] == ["Sound Designer", "Music Producer"]
    unknown = CliRunner().invoke(app, ["booklet", "nope", "-C", str(root)])
    assert unknown.exit_code == 2  # a usage error
    assert "no booklet recipe 'nope'" in unknown.output


def _one_big_field(root: Path, careers: int) -> Path:
    """A project of `careers` electricians (Electrician 01, 02 …): one field, no related."""
    root = copy_project(root, [])
    base = (ROOT / "guides" / "electrician.yaml").read_text()
    for n in range(1, careers + 1):
        text = base.replace("title: Electrician", f"title: Electrician {n:02d}", 1)
        text = re.sub(r"(?m)^related: .*$", "related: []", text)
        (root / "guides" / f"electrician-{n:02d}.yaml").write_text(text)
    return root


def test_a_big_field_runs_its_opener_over_several_pages(tmp_path: Path) -> None:
    """Twenty-four careers in one field: the glance table needs more than one page, the
    opener is padded to end on a right-hand page, and every number still matches."""
    import pikepdf

    root = _one_big_field(tmp_path / "p", 24)
    project = load_project(root)
    library = load_library(project, TODAY)
    report = build_booklet(project, library, BookletRecipe(name="big", title="Big"), jobs=2)
    assert report.failed == [], report.failed
    path = root / "output" / "booklets" / "big.pdf"
    texts = read_pdf(path).texts
    assert len(texts) % 4 == 0
    assert all(text.strip() for text in texts)
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        index = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        (field,) = [item for item in outline.root if item.children]
        starts = {
            item.title: index[item.destination[0].objgen]  # type: ignore[index]
            for item in field.children
        }
    assert len(starts) == 24
    assert all(page % 2 == 0 for page in starts.values()), starts
    contents = flat(next(t for t in texts if t.lstrip().startswith("Contents")))
    for title, page in starts.items():
        assert re.search(re.escape(title) + r"[ .]*" + str(page) + r"\b", contents), title
    glance = [n for n, t in enumerate(texts, start=1) if "At a glance" in t]
    assert glance and min(starts.values()) > max(glance)
    assert "Electricians wire homes" not in texts[glance[0] - 2]  # (24: names alone)


PITCH = "Electricians wire homes, businesses and factories, and more and more fit solar panels."


def test_a_big_fields_divider_lists_its_careers_with_their_pitches(tmp_path: Path) -> None:
    """Fourteen careers in one field: too many for the glance cards, so the divider lists
    them, each under its name with its pitch and its page, facing the table of figures: the
    opener's two pages, and nothing more."""
    root = _one_big_field(tmp_path / "p", 14)
    project = load_project(root)
    recipe = BookletRecipe(name="f", title="F")
    report = build_booklet(project, load_library(project, TODAY), recipe, jobs=2)
    assert report.failed == [], report.failed
    texts = [flat(t) for t in read_pdf(root / "output" / "booklets" / "f.pdf").texts]
    (divider,) = [n for n, t in enumerate(texts) if "14 careers · pages" in t]
    assert texts[divider].count(PITCH) == 14
    pages = {}  # each name, its page, then its pitch
    for n in range(1, 15):
        found = re.search(rf"Electrician {n:02d}[ .]*(\d+) {re.escape(PITCH)}", texts[divider])
        assert found, n
        pages[n] = int(found[1])
        assert f"Electrician {n:02d}" in texts[pages[n] - 1]  # (the page it names)
    assert sorted(pages.values()) == list(range(divider + 3, divider + 3 + 28, 2))
    assert texts[divider + 1].startswith("At a glance")


def test_a_long_opener_is_padded_so_spreads_stay_on_left_pages() -> None:
    from publisher.documents.booklet import BookletView, Group, Row, paginate

    rows = tuple(Row(f"c{n}", f"C{n}", "", "", "", "", "", "", ()) for n in range(3))
    view = BookletView("b", "B", None, "", "", "", True, (Group("big", "Big", rows),))
    planned, parts = paginate(view, front_pages=4, openers={"big": 3})
    assert planned.front_fillers == 1  # 4 front pages + 1 Notes page: the body starts on 6
    opener = parts[0]
    assert (opener.kind, opener.start, opener.pages, opener.fillers) == ("opener", 6, 4, 1)
    assert [p.start for p in parts if p.kind == "spread"] == [10, 12, 14]
    assert planned.pages["appendix"] == 16


@pytest.mark.parametrize(
    ("careers", "fields", "paper", "variant", "expected"),
    [
        (4, 2, "letter", "standard", 3),  # contents with summaries: the small booklet's plan
        (100, 8, "letter", "standard", 5),  # as laid out (benchmarks/: 100 and 500 careers)
        (500, 34, "letter", "standard", 16),
        (500, 34, "a4", "standard", 16),
        (500, 34, "letter", "large-print", 3),  # not measured: counted once laid out
    ],
)
def test_the_front_matter_is_planned_at_its_length(
    careers: int, fields: int, paper: str, variant: str, expected: int
) -> None:
    from publisher.documents.booklet import BookletView, Group, Row, expected_front_pages

    def row(n: int) -> Row:
        return Row(f"c{n}", f"C{n}", "", "", "", "", "", "", ())

    groups = tuple(
        Group(f"f{k}", f"F{k}", tuple(row(n) for n in range(careers) if n % fields == k))
        for k in range(fields)
    )
    view = BookletView("b", "B", None, "", "", "", True, groups)
    assert expected_front_pages(view, paper, variant) == expected


def test_guides_on_one_code_agree_in_the_booklet_tables(make_project: Callable[..., Path]) -> None:
    """Music Producer and Sound Designer share 27-4014: one row apart in the tables, they
    print the same growth and pay, and the appendix cites the agency's series."""
    root = make_project(["music-producer", "sound-designer"])
    project = load_project(root)
    recipe = BookletRecipe(name="audio", title="Audio", careers="all", order="title")
    report = build_booklet(project, load_library(project, TODAY), recipe)
    assert report.failed == []
    text = flat(" ".join(read_pdf(root / "output" / "booklets" / "audio.pdf").texts))
    assert text.count("−1.7% (2024–34)") >= 2
    assert "+11" not in text
    assert text.count("$66,430 (May 2024)") >= 2
    assert "BLS, Occupational Employment and Wage Statistics (27-4014)" in text


def test_letter_and_a4_booklets_never_overwrite_each_other(
    make_project: Callable[..., Path],
) -> None:
    from publisher.builder.session import BuildOptions, build

    root = make_project(["music-producer", "sound-designer"])
    project = load_project(root)
    recipe = BookletRecipe(name="audio", title="Audio", careers="all")
    for paper in ("letter", "a4"):
        options = BuildOptions(paper=paper)  # type: ignore[arg-type]
        report = build(project, TODAY, options=options, slugs=[], booklets=[recipe])
        assert report.failed == [], report.failed
    letter = read_pdf(root / "output" / "booklets" / "audio.pdf")
    a4 = read_pdf(root / "output" / "booklets-a4" / "audio.pdf")
    assert letter.sizes[0] == pytest.approx((612, 792), abs=0.5)
    assert a4.sizes[0] == pytest.approx((595.28, 841.89), abs=0.5)
    assert (root / "output" / "booklets-a4" / "audio-imposed.pdf").is_file()
    assert (root / "output" / "booklets" / "audio-imposed.pdf").is_file()


def test_office_prints_go_2_up_only_when_readable() -> None:
    from publisher.documents.press import READABLE_PT, SMALLEST_TEXT_PT, office_plan

    for paper in ("letter", "a4"):
        plan = office_plan(paper)  # type: ignore[arg-type]
        assert plan.two_up == (SMALLEST_TEXT_PT * plan.scale >= READABLE_PT)
        assert not plan.two_up  # a page of the same paper, halved: under 5 pt
        assert SMALLEST_TEXT_PT * plan.scale < 5
