"""A booklet spread reuses its handout's pages: the same body, at the same place, with the
booklet's own running heads, folio and related line, and nothing of the handout's footer.
When the handout's pages cannot be reused, the spread is laid out whole instead."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import TODAY, build_booklet, copy_project
from pdfread import flat, read_pdf
from tagging import parent_tree_problems, unmarked

from publisher.builder.report import BuildReport
from publisher.builder.session import BuildOptions, build
from publisher.documents.parts import PartJob, _reuse_handout, render_part
from publisher.documents.stamp import (
    NotComposableError,
    _blank,
    _blank_in_bytes,
    _blank_parsed,
    _sequences_to_keep,
)
from publisher.errors import BuildError
from publisher.guides.library import load_library
from publisher.project.settings import BookletRecipe, load_project

pytestmark = pytest.mark.slow  # lays out real pages

GUIDES = ["broadcast-technician", "camera-operator", "sound-designer", "electrician"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("stamp") / "p", GUIDES)
    report = build(load_project(root), TODAY, options=BuildOptions(jobs=1))
    assert report.failed == [], report.failed
    return root / "output"


def _words(data: bytes, index: int) -> dict[str, set[tuple[float, float]]]:
    """Where each word of page `index` is drawn (the origin of every occurrence), in points."""
    document = pdfium.PdfDocument(data)
    page = document[index]
    text = page.get_textpage()
    words: dict[str, set[tuple[float, float]]] = {}
    try:
        current, origin = "", (0.0, 0.0)
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char.isalnum():
                if not current:
                    left, bottom, _, _ = text.get_charbox(i)
                    origin = (round(left, 1), round(bottom, 1))
                current += char
            elif current:
                words.setdefault(current, set()).add(origin)
                current = ""
    finally:
        text.close()
        page.close()
        document.close()
    return words


def _head(data: bytes, index: int) -> str:
    """The text in the top margin of page `index`: its running head."""
    document = pdfium.PdfDocument(data)
    page = document[index]
    width, height = page.get_size()
    text = page.get_textpage()
    try:
        return flat(text.get_text_bounded(0, height - 0.55 * 72, width, height))
    finally:
        text.close()
        page.close()
        document.close()


def _spread_start(booklet: bytes, title: str) -> int:
    """0-based index of the career's front page: its masthead (kicker, title) opens the page."""
    texts = read_pdf(booklet).texts
    return next(i for i, t in enumerate(texts) if "The work" in t and title in flat(t)[:80])


def test_the_booklet_spread_is_the_handout_body_at_the_same_place(built: Path) -> None:
    handout = (built / "handouts" / "broadcast-technician.pdf").read_bytes()
    booklet = (built / "booklets" / "career-fair.pdf").read_bytes()
    start = _spread_start(booklet, "Broadcast Technician")
    for side in (0, 1):
        mine, theirs = _words(handout, side), _words(booklet, start + side)
        around = "Related careers Camera Operator Sound Designer Electrician"
        around += " Broadcast Technician Data as of November"  # the handout's footer
        body = [w for w in mine if len(w) > 6 and w in theirs and w not in around.split()]
        assert len(body) > 40
        moved = [w for w in body if not mine[w] <= theirs[w]]
        assert moved == [], moved[:5]


def test_the_booklet_spread_has_its_own_furniture_and_not_the_handouts(built: Path) -> None:
    handout = read_pdf(built / "handouts" / "broadcast-technician.pdf").texts
    booklet = (built / "booklets" / "career-fair.pdf").read_bytes()
    start = _spread_start(booklet, "Broadcast Technician")
    front, back = (flat(t) for t in read_pdf(booklet).texts[start : start + 2])
    assert "1 / 2" in flat(handout[0]) and "2 / 2" in flat(handout[1])
    assert "/ 2" not in front and "/ 2" not in back
    # the handout's related line (names only) is gone, the booklet's (with pages) is there once
    assert front.count("Related careers:") == 1
    assert "Camera Operator, p. " in front and "Sound Designer, p. " in front
    assert f" {start + 1} Data as of November 2026" in front  # the folio, then the date
    assert back.endswith(f"Data as of November 2026 {start + 2}")
    assert _head(booklet, start + 1).endswith("Broadcast Technician")
    assert _head(booklet, start) == ""


def test_the_related_line_links_to_the_pages(built: Path) -> None:
    booklet = (built / "booklets" / "career-fair.pdf").read_bytes()
    start = _spread_start(booklet, "Broadcast Technician")
    with pikepdf.open(io.BytesIO(booklet)) as pdf:
        page = pdf.pages[start]
        targets = [
            pdf.pages.index(pikepdf.Page(annot.Dest[0])) + 1
            for annot in page.obj.get("/Annots", [])
            if "/Dest" in annot
        ]
    texts = read_pdf(booklet).texts
    for target in targets:
        assert "The work" in texts[target - 1]  # a career's front page
    assert len(targets) == 3


def test_a_spread_that_cannot_reuse_its_handout_is_laid_out_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Here the booklet's related line would start below the page: the furniture does not fit,
    so the spread is laid out on its own, and still carries the related line."""
    from publisher.documents import parts

    root = copy_project(tmp_path / "p", ["broadcast-technician", "camera-operator"])
    project = load_project(root)
    library = load_library(project, TODAY)
    jobs: list[PartJob] = []
    real = parts.render_part

    def spy(job: PartJob) -> parts.PartResult:
        if job.spec.kind == "spread" and job.handout is not None:
            job = replace(job, handout=replace(job.handout, related_top=2000.0))
            with pytest.raises(NotComposableError):
                _reuse_handout(job, job.handout)  # type: ignore[arg-type]
            jobs.append(job)
        return real(job)

    monkeypatch.setattr("publisher.builder.booklets.render_part", spy)
    report = build_booklet(project, library, BookletRecipe(name="b", title="B"))
    assert report.failed == [], report.failed
    assert len(jobs) == 2
    result = render_part(jobs[0])
    assert result.pages == 2
    front = flat(read_pdf(result.pdf).texts[0])
    assert front.count("Related careers:") == 1 and ", p. " in front


def test_blanking_drops_painting_and_keeps_state() -> None:
    ops = _blanked_ops(
        b"/P <</MCID 0>> BDC 0.5 g BT /F1 9 Tf 1 0 0 1 5 5 Tm (gone) Tj ET 0 0 5 5 re f EMC\n"
        b"/P <</MCID 1>> BDC BT (kept) Tj ET EMC\n",
        keep={1},
    )
    assert ops == ["g", "BT", "Tf", "Tm", "ET", "BDC", "BT", "Tj", "ET", "EMC"]


def _blanked_ops(data: bytes, keep: set[int]) -> list[str]:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(data)
    _blank(pdf, page, keep)
    return [str(i.operator) for i in pikepdf.parse_content_stream(page)]


def test_blanking_in_the_streams_bytes_drops_painting_and_keeps_state() -> None:
    # (hex strings, as the layout engine writes text: read in the bytes, not parsed)
    data = (
        b"q /Span\n<</MCID 0>>\nBDC 0.5 g BT /F1 9 Tf [<0012>-5<0034>] TJ ET 0 0 5 5 re f\n"
        b"/Artifact BMC 0 0 1 1 re f EMC /P<</MCID 7>>BDC 1 0 0 1 2 2 cm EMC EMC Q\n"
        b"/P <</MCID 1>> BDC BT <0056> Tj ET EMC /P /MC0 BDC BT <0057> Tj ET EMC\n"
        b"/Artifact <</Type /Pagination>> BDC q 0 0 9 9 re f Q EMC 1 g\n"
    )
    pdf = pikepdf.new()
    assert _blank_in_bytes(pdf, data, {1}) is not None
    assert _blanked_ops(data, {1}) == [
        "q", "g", "BT", "Tf", "ET", "cm", "Q",  # the first sequence's state, nested ones too
        "BDC", "BT", "Tj", "ET", "EMC",  # kept: its id is
        "BDC", "BT", "Tj", "ET", "EMC",  # kept: no id (its properties are a resource)
        "q", "Q", "g",  # the footer's state; what follows
    ]  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        b"/Span <</MCID 0 /ActualText <FEFF0041>>> BDC BT <01> Tj ET EMC",  # not plain
        b"/Span <</MCID 0>> BDC BT (a) Tj ET EMC",  # a literal string could hide a mark
        b"/Span <</MCID 0>> BDC BT <01> Tj ET",  # a sequence never closed
    ],
)
def test_a_stream_whose_bytes_are_not_plain_is_blanked_by_parsing_it(data: bytes) -> None:
    assert _blank_in_bytes(pikepdf.new(), data, set()) is None
    assert _blanked_ops(data, set()) == ["BT", "ET"]  # (its painting dropped, as ever)


def test_blanking_a_handouts_pages_in_their_bytes_is_what_parsing_them_gives(built: Path) -> None:
    handouts = sorted((built / "handouts").glob("*.pdf"))
    assert len(handouts) == len(GUIDES)
    for path in handouts:
        for related in (True, False):
            with pikepdf.open(path) as pdf:
                keep = _sequences_to_keep(pdf, related)
                for index, page in enumerate(pdf.pages):
                    page.contents_coalesce()
                    data = page.obj.Contents.read_bytes()
                    in_bytes = _blank_in_bytes(pdf, data, keep[index])
                    assert in_bytes is not None, (path.name, index)  # (the fast way is taken)
                    assert in_bytes != data  # (the footer is blanked, at least)
                    parsed = _blank_parsed(page, keep[index])
                    assert _normal(pdf, in_bytes) == _normal(pdf, parsed), (path.name, index)


def _normal(pdf: pikepdf.Pdf, data: bytes) -> bytes:
    """A content stream's instructions, written the one way pikepdf writes them."""
    return pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pikepdf.Stream(pdf, data)))


def test_a_spread_too_long_with_page_numbers_keeps_the_handouts_related_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The booklet's related line (its page numbers this long, the handout's line lower on the
    page) does not fit under the handout's body, so the furniture is refused; when, laid out
    whole, the spread would not fit two pages either, it keeps the handout's own related
    line (names only, as it fit there)."""
    from publisher.documents import parts

    related = ["camera-operator", "sound-designer", "electrician"]
    root = copy_project(tmp_path / "p", ["broadcast-technician", *related])
    project = load_project(root)
    library = load_library(project, TODAY)
    spreads: list[parts.PartResult] = []
    real = parts.render_part
    numbers = [int("9" * 40) - n for n in range(len(related))]  # (a line's worth each)

    def spy(job: PartJob) -> parts.PartResult:
        if job.spec.slug == "broadcast-technician" and job.handout is not None:
            pages = {f"career-{slug}": n for slug, n in zip(related, numbers, strict=True)}
            titles = {slug: f"Senior {slug.title()} and Production Lead " * 3 for slug in related}
            with pytest.raises(NotComposableError, match="related line does not fit"):
                _reuse_handout(replace(job, titles=titles), job.handout)  # (it runs on)
            low = replace(job.handout, related_top=job.handout.related_top + 20)
            wordy = replace(job, view=replace(job.view, pages=pages), handout=low)
            with pytest.raises(NotComposableError, match="related line does not fit"):
                _reuse_handout(wordy, low)
            with monkeypatch.context() as whole:  # (and laid out whole, it overflows)
                whole.setattr(parts, "check_two_pages", too_long)
                spreads.append(real(wordy))
        return real(job)

    def too_long(*_: object) -> None:
        raise BuildError("does not fit two pages: 'Related careers' spills onto page 2")

    monkeypatch.setattr("publisher.builder.booklets.render_part", spy)
    report = build_booklet(project, library, BookletRecipe(name="b", title="B"))
    assert report.failed == [], report.failed
    (spread,) = spreads
    assert spread.pages == 2
    front, back = (flat(text) for text in read_pdf(spread.pdf).texts)
    assert front.count("Related careers:") == 1 and "Sound Designer" in front
    assert "9999" not in front + back  # (no page number, and nothing ran on)
    with pikepdf.open(io.BytesIO(spread.pdf)) as pdf:  # (the handout's line: names only)
        assert not [a for page in pdf.pages for a in page.obj.get("/Annots", []) if "/A" in a]
        assert unmarked(pdf) == [] and parent_tree_problems(pdf) == []


def test_a_booklet_names_the_spreads_whose_related_line_has_no_page_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spread that keeps its handout's related line (names only: with page numbers it would
    not fit) is named in the booklet's note: on the build that lays it out, on a build that
    reuses the booklet, and on one that binds it again from the spread in the store."""
    from publisher.documents import parts

    root = copy_project(tmp_path / "p", ["broadcast-technician", "camera-operator"])
    project = load_project(root)
    recipe = BookletRecipe(name="b", title="B")
    real_check = parts.check_two_pages

    def refuse(_pages: object, what: str) -> None:
        if what == "guides/broadcast-technician.yaml":
            raise NotComposableError(f"{what}: the booklet's related line does not fit")

    def too_long(pages: list[object], first: int, slug: str, what: str, names: object) -> None:
        if slug == "broadcast-technician":
            raise BuildError(f"{what}: does not fit two pages")
        real_check(pages, first, slug, what, names)  # type: ignore[arg-type]

    def note(report: BuildReport) -> str | None:
        assert report.failed == [], report.failed
        (booklet,) = [o for o in report.built if o.name.endswith("/b.pdf")]
        return booklet.note

    with monkeypatch.context() as forced:
        forced.setattr(parts, "_check_related_fits", refuse)
        forced.setattr(parts, "check_two_pages", too_long)
        said = note(build_booklet(project, load_library(project, TODAY), recipe))
    assert said is not None
    assert "1 career(s) list their related careers without page numbers" in said
    assert "(guides/broadcast-technician.yaml)" in said and "camera" not in said
    booklet = root / "output" / "booklets" / "b.pdf"
    fronts = [flat(text) for text in read_pdf(booklet.read_bytes()).texts]
    lines = [t[t.index("Related careers:") :] for t in fronts if "Related careers:" in t]
    assert len(lines) == 2 and sum(", p. " in line[:80] for line in lines) == 1

    assert note(build_booklet(project, load_library(project, TODAY), recipe)) == said  # reused
    guide = root / "guides" / "camera-operator.yaml"
    guide.write_text(guide.read_text().replace("summary: >-", "summary: >-\n  Edited.", 1))
    library = load_library(project, TODAY)  # (the other spread changes; this one is stored)
    assert note(build_booklet(project, library, recipe)) == said
