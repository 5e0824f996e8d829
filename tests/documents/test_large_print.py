"""Large-print handouts (issue 16), tested on the real PDFs: type sizes read from the pages,
an even page count, no italics, every figure and source of the standard handout, the same
bytes from one build to the next."""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from conftest import TODAY, copy_project
from pdfread import PdfFacts, flat, read_pdf

from publisher.builder.session import BuildOptions, build
from publisher.errors import BuildError
from publisher.guides.library import load_library
from publisher.project.settings import BookletRecipe, load_project
from publisher.project.variants import LARGE_PRINT, STANDARD, variant_named

pytestmark = pytest.mark.slow  # lays out real pages

SLUGS = ["music-producer", "electrician"]
LETTER = (612.0, 792.0)
BODY_PT = 16.0


LARGE_PRINT_EDITION = "editions:\n  - name: large-print\n    variant: large-print\n"


def with_large_print(root: Path) -> Path:
    """The project with a large-print edition (the sample's, without the other editions)."""
    settings = root / "publisher.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + LARGE_PRINT_EDITION)
    return root


def large_print_options(**options: bool) -> BuildOptions:
    return BuildOptions(jobs=1, editions=("large-print",), **options)


@pytest.fixture(scope="module")
def project_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both careers built as standard (the project's own edition) and large-print handouts."""
    root = copy_project(tmp_path_factory.mktemp("large-print") / "project", SLUGS)
    with_large_print(root)
    project = load_project(root)
    library = load_library(project, TODAY)
    for editions in (("en-US",), ("large-print",)):
        options = BuildOptions(jobs=1, cache=False, editions=editions)
        report = build(project, TODAY, options=options, booklets=[], library=library)
        assert report.failed == [], report.failed
    return root


def large(root: Path, slug: str) -> Path:
    return root / "output" / "large-print" / "handouts" / f"{slug}.pdf"


def standard(root: Path, slug: str) -> Path:
    return root / "output" / "handouts" / f"{slug}.pdf"


def type_sizes(path: Path) -> list[list[float]]:
    """Per page, the printed size (pt) of every character drawn: its font size times the
    scale of the matrix it is drawn with (charts are scaled SVG drawings)."""
    return [[size for char, size in page if char != " "] for page in printed_chars(path)]


def text_above(path: Path, smallest: float) -> str:
    """The document's text without the characters printed smaller than `smallest` pt (the
    standard handout's source marks, 7 pt superscripts that extraction runs into figures)."""
    return " ".join(
        "".join(char for char, size in page if size >= smallest) for page in printed_chars(path)
    )


def printed_chars(path: Path) -> list[list[tuple[str, float]]]:
    """Per page, every character drawn (spaces as spaces) and its printed size in pt."""
    pages = []
    document = pypdfium2.PdfDocument(path)
    try:
        for page in document:
            text = page.get_textpage()
            sizes: list[tuple[str, float]] = []
            for index in range(text.count_chars()):
                char = chr(pdfium.FPDFText_GetUnicode(text.raw, index))
                if pdfium.FPDFText_IsGenerated(text.raw, index) or char.isspace():
                    if sizes and sizes[-1][0] != " ":
                        sizes.append((" ", math.inf))
                    continue
                matrix = pdfium.FS_MATRIX()
                pdfium.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                sizes.append((char, pdfium.FPDFText_GetFontSize(text.raw, index) * scale))
            text.close()
            pages.append(sizes)
            page.close()
    finally:
        document.close()
    return pages


@pytest.mark.parametrize("slug", SLUGS)
def test_an_even_number_of_letter_pages(project_root: Path, slug: str) -> None:
    facts = read_pdf(large(project_root, slug))
    assert facts.pages % 2 == 0
    assert 4 <= facts.pages <= LARGE_PRINT.max_pages
    assert all(size == pytest.approx(LETTER, abs=0.5) for size in facts.sizes)
    # The footer counts them: "1 / 6" … on every page.
    for number, text in enumerate(facts.texts, start=1):
        assert f"{number} / {facts.pages}" in flat(text)


@pytest.mark.parametrize("slug", SLUGS)
def test_no_text_under_16_pt_charts_included(project_root: Path, slug: str) -> None:
    pages = type_sizes(large(project_root, slug))
    assert all(pages), "a page without text"
    smallest = min(min(sizes) for sizes in pages)
    assert smallest >= BODY_PT - 0.05, smallest
    # The standard handout, read the same way, is the control: its notes are under 8 pt.
    assert min(min(sizes) for sizes in type_sizes(standard(project_root, slug))) < 8


def test_headings_are_larger_than_the_body(project_root: Path) -> None:
    pages = type_sizes(large(project_root, "music-producer"))
    sizes = [round(size, 1) for page in pages for size in page]
    body = Counter(sizes).most_common(1)[0][0]
    assert body == pytest.approx(BODY_PT, abs=0.1)
    assert max(sizes) >= 30  # the title
    assert any(22 <= size <= 24 for size in sizes)  # section headings


@pytest.mark.parametrize("slug", SLUGS)
def test_no_italics(project_root: Path, slug: str) -> None:
    fonts = read_pdf(large(project_root, slug)).fonts
    assert fonts and all(fonts.values())  # embedded
    assert not [name for name in fonts if re.search(r"It(alic)?\b|-It$|Oblique", name)], fonts
    # The standard handout prints its subheads in italics: the check can fail.
    standard_fonts = read_pdf(standard(project_root, slug)).fonts
    assert [name for name in standard_fonts if "It" in name.split("-")[-1]], standard_fonts


FIGURE = re.compile(r"[$−+-]?\d[\d,.]*(?:%|K\+?|\b)")


@pytest.mark.parametrize("slug", SLUGS)
def test_every_figure_and_source_of_the_standard_handout(project_root: Path, slug: str) -> None:
    printed = " ".join(text_above(large(project_root, slug), 0).split())
    text = " ".join(text_above(standard(project_root, slug), 7.25).split())
    figures = set(FIGURE.findall(text)) - {"1", "2"}  # page numbers: "1 / 2"
    missing = sorted(f for f in figures if f not in printed)
    assert not missing, missing
    entry = load_library(load_project(project_root), TODAY).by_slug()[slug]
    assert entry.guide is not None and entry.guide.sources
    for source in entry.guide.sources:
        # Every source as the standard handout prints it: name, code, date and page.
        facts = [source.name, source.code, source.date, source.url]
        for fact in (str(fact) for fact in facts if fact):
            assert _squeezed(fact) in _squeezed(text), fact  # (the check can fail)
            assert _squeezed(fact) in _squeezed(printed), fact
    for heading in ("The work", "Who it suits", "A typical day", "The numbers", "Sources"):
        assert heading in printed


def _squeezed(text: str) -> str:
    """Without spaces: a long address breaks across lines anywhere."""
    return "".join(text.replace("\x02", "-").split())  # (a break at a hyphen: U+0002)


def test_the_same_bytes_from_one_build_to_the_next(project_root: Path, tmp_path: Path) -> None:
    again = with_large_print(copy_project(tmp_path / "again", ["music-producer"]))
    project = load_project(again)
    options = large_print_options(cache=False)
    library = load_library(project, TODAY)
    report = build(
        project, TODAY, options=options, slugs=["music-producer"], booklets=[], library=library
    )
    assert report.failed == []
    assert large(again, "music-producer").read_bytes() == (
        large(project_root, "music-producer").read_bytes()
    )


def test_a_career_over_its_page_budget_is_an_overflow(tmp_path: Path) -> None:
    from publisher.builder.pictures import PictureFiles
    from publisher.charts.figures import career_charts
    from publisher.documents.handout import Career, compose_handout
    from publisher.project.formatting import Formatter
    from publisher.project.labels import load_labels

    project = load_project(copy_project(tmp_path / "p", ["music-producer"]))
    entry = load_library(project, TODAY).by_slug()["music-producer"]
    assert entry.guide is not None
    labels = load_labels(project.layouts, project.config.locale)
    pictures = PictureFiles(project.cache_dir)
    fmt = Formatter(project.config.locale)
    charts = career_charts(project, entry.guide, labels, fmt, pictures, variant=LARGE_PRINT)
    career = Career(entry.slug, entry.guide, entry.display, charts)
    tight = replace(LARGE_PRINT, max_pages=4)
    with pytest.raises(BuildError, match=r"does not fit 4 pages: '.+' runs onto page 5"):
        compose_handout(
            project, career, labels, {}, paper="letter", pictures=pictures, variant=tight
        )


def test_variants_by_name() -> None:
    assert variant_named("standard") is STANDARD
    assert variant_named("large-print") is LARGE_PRINT
    assert STANDARD.budget(1) == 2 and STANDARD.budget(3) == 2
    assert [LARGE_PRINT.budget(n) for n in (1, 2, 5, 6)] == [2, 2, 6, 6]
    with pytest.raises(BuildError, match="no layout variant 'huge'"):
        variant_named("huge")


def test_tagged_like_the_standard_handout(project_root: Path) -> None:
    facts: PdfFacts = read_pdf(large(project_root, "electrician"))
    assert facts.tagged


def test_a_large_print_booklet_gives_each_career_its_pages(project_root: Path) -> None:
    """Each career's pages are its large-print handout's, under the booklet's running heads
    and folios; the contents give the page each starts on; nothing under 16 pt anywhere."""
    import pikepdf

    project = load_project(project_root)
    options = large_print_options(cache=False)
    library = load_library(project, TODAY)
    recipe = BookletRecipe(
        name="career-fair", title="Career Fair", careers="all", editions=["large-print"]
    )
    report = build(project, TODAY, options=options, slugs=[], booklets=[recipe], library=library)
    assert report.failed == [], report.failed
    booklet = project_root / "output" / "large-print" / "booklets" / "career-fair.pdf"
    assert (booklet.parent / "career-fair-imposed.pdf").is_file()
    facts = read_pdf(booklet)
    assert facts.pages % 4 == 0
    with pikepdf.open(booklet) as pdf, pdf.open_outline() as outline:
        index = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        starts = {
            item.title: index[item.destination[0].objgen]
            for item in [*outline.root, *(c for i in outline.root for c in i.children)]
            if item.title in ("Music Producer", "Electrician")
        }
    contents = flat(next(text for text in facts.texts if "Contents" in text))
    for slug, title in (("music-producer", "Music Producer"), ("electrician", "Electrician")):
        start, count = starts[title], read_pdf(large(project_root, slug)).pages
        assert start % 2 == 0  # a left-hand page
        assert re.search(re.escape(title) + r"[ .]*" + str(start) + r"\b", contents), title
        body = flat(" ".join(facts.texts[start - 1 : start - 1 + count]))
        assert body.count(title) >= count  # its running head on each of its pages
        assert flat(facts.texts[start - 1]).startswith(
            flat(read_pdf(large(project_root, slug)).texts[0])[:40]
        )
    pages = type_sizes(booklet)
    assert min(min(sizes) for sizes in pages if sizes) >= BODY_PT - 0.05


def test_a_booklet_plan_gives_each_career_its_even_pages() -> None:
    """Groundwork for the large-print booklet: careers of six and eight pages, numbered so."""
    from publisher.documents.booklet import BookletView, Group, Row, paginate

    rows = tuple(Row(f"c{n}", f"C{n}", "", "", "", "", "", "", ()) for n in range(3))
    view = BookletView("b", "B", None, "", "", "", True, (Group("big", "Big", rows),))
    planned, parts = paginate(view, front_pages=3, spreads={"c0": 6, "c1": 8, "c2": 6})
    spreads = [(p.slug, p.start, p.pages) for p in parts if p.kind == "spread"]
    assert spreads == [("c0", 6, 6), ("c1", 12, 8), ("c2", 20, 6)]
    assert planned.pages["career-c1"] == 12 and planned.pages["appendix"] == 26
    with pytest.raises(ValueError, match="even number of pages"):
        paginate(view, front_pages=3, spreads={"c0": 5})
