"""The print shop's set (`publisher booklet NAME --print-shop`): PDF/X-4 booklet and sheets,
read with pikepdf and with a second reader (poppler's pdfinfo/pdffonts, pypdfium2)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import TODAY, copy_project

from publisher.documents.inks import text_colours
from publisher.documents.marks import ALL_INKS

pytestmark = pytest.mark.slow

BLEED = 3 / 25.4 * 72
NAME = "sound"
CAREERS = ["music-producer", "sound-designer", "musician"]  # one field, with its own opener
CLUSTER = "arts-av-communication"
FILES = {
    "booklet": f"{NAME}-print.pdf",
    "sheets": f"{NAME}-print-imposed.pdf",
    "ticket": f"{NAME}-print-job-ticket.pdf",
}
PDFINFO = shutil.which("pdfinfo")
PDFFONTS = shutil.which("pdffonts")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small booklet built for a print shop by the command itself: its output folder."""
    from typer.testing import CliRunner

    from publisher.cli import app

    root = copy_project(tmp_path_factory.mktemp("shop"), CAREERS)
    args = ["booklet", NAME, "--cluster", CLUSTER, "--print-shop"]
    result = CliRunner().invoke(
        app, [*args, "-C", str(root), "--jobs", "1"], env={"PUBLISHER_TODAY": TODAY.isoformat()}
    )
    assert result.exit_code == 0, result.output
    assert not (root / "output" / "booklets" / f"{NAME}.pdf").exists()  # the shop's set only
    return root / "output" / "booklets"


def _box(page: pikepdf.Page, key: str) -> tuple[float, ...]:
    return tuple(float(v) for v in page.obj[key])


def _contains(outer: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and outer[2] >= inner[2]
        and outer[3] >= inner[3]
    )


def _pdfs(built: Path) -> Iterator[tuple[str, pikepdf.Pdf]]:
    for kind in ("booklet", "sheets"):
        with pikepdf.open(built / FILES[kind]) as pdf:
            yield kind, pdf


def test_pdfx4_keys_and_output_intent(built: Path) -> None:
    for _, pdf in _pdfs(built):
        assert pdf.pdf_version == "1.6"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        profile = intent.DestOutputProfile.read_bytes()
        assert int(intent.DestOutputProfile.N) == 4
        assert profile[12:16] == b"prtr" and profile[16:20] == b"CMYK"  # an output profile
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
        assert pdf.docinfo["/Trapped"] == pikepdf.Name.False_
        with pdf.open_metadata() as xmp:
            assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            assert xmp["dc:title"] == str(pdf.docinfo["/Title"])
            assert xmp["xmpMM:RenditionClass"] == "default"
        for page in pdf.pages:
            assert "/Annots" not in page.obj


def test_boxes_nest_media_bleed_trim(built: Path) -> None:
    for kind, pdf in _pdfs(built):
        width = 612 if kind == "booklet" else 1224  # Letter pages; sheets twice as wide
        for page in pdf.pages:
            media, bleed, trim = (_box(page, k) for k in ("/MediaBox", "/BleedBox", "/TrimBox"))
            assert _contains(media, bleed) and _contains(bleed, trim)
            assert trim[2] - trim[0] == pytest.approx(width, abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(792, abs=0.01)
            assert trim[0] - bleed[0] == pytest.approx(BLEED, abs=0.01)
            assert bleed[0] - media[0] > 8 * 72 / 25.4  # a slug around the bleed


def _mark_segments(page: pikepdf.Page) -> list[tuple[float, float, float, float]]:
    """The lines drawn in the 'All' separation on the page itself (its marks)."""
    segments, marking, start = [], False, (0.0, 0.0)
    for instruction in pikepdf.parse_content_stream(page):
        name, values = str(instruction.operator), instruction.operands
        if name == "CS":
            marking = str(values[0]) == ALL_INKS
        elif marking and name == "m":
            start = (float(values[0]), float(values[1]))
        elif marking and name == "l":
            segments.append((*start, float(values[0]), float(values[1])))
    return segments


def test_marks_outside_the_bleed_in_the_slug(built: Path) -> None:
    for kind, pdf in _pdfs(built):
        for page in pdf.pages:
            media, bleed, trim = (_box(page, k) for k in ("/MediaBox", "/BleedBox", "/TrimBox"))
            segments = _mark_segments(page)
            assert len(segments) == (8 if kind == "booklet" else 10)  # 4 corners (+ 2 folds)
            for x0, y0, x1, y1 in segments:
                for x, y in ((x0, y0), (x1, y1)):
                    assert media[0] < x < media[2] and media[1] < y < media[3]
                    outside = x < bleed[0] or x > bleed[2] or y < bleed[1] or y > bleed[3]
                    assert outside, (kind, (x, y), bleed)
                # every crop mark is in line with a trim edge (or the fold, in the middle)
                lines = {trim[0], trim[2], (trim[0] + trim[2]) / 2, trim[1], trim[3]}
                assert any(abs(v - edge) < 0.01 for v in (x0, y0) for edge in lines)
            if kind == "sheets":
                middle = (trim[0] + trim[2]) / 2
                assert sum(1 for x0, _, x1, _ in segments if abs(x0 - middle) < 0.01) == 2


def test_text_is_cmyk_and_black_text_is_k_only(built: Path) -> None:
    for kind, pdf in _pdfs(built):
        colours = [colour for _, colour in text_colours(pdf)]
        assert len(colours) > 500, kind
        assert {space for space, _ in colours} == {"k"}, kind  # no rg, no grey, no ICC RGB
        for _, (c, m, y, k) in colours:
            if k >= 0.5 and c == m == y == 0:
                continue  # black and grey text: K only
            assert not (k > 0.85 and c + m + y > 0), (kind, (c, m, y, k))  # no rich black
        assert ("k", (0.0, 0.0, 0.0, 1.0)) in colours
        for page in pdf.pages:
            for obj in [page.obj, *_forms(page.obj.get("/Resources"))]:
                operators = {str(i.operator) for i in pikepdf.parse_content_stream(obj)}
                assert not operators & {"rg", "RG"}, kind


def _forms(resources: pikepdf.Object | None, depth: int = 0) -> Iterator[pikepdf.Object]:
    if resources is None or depth > 4:
        return
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            yield xobject
            yield from _forms(xobject.get("/Resources"), depth + 1)


def test_the_divider_panel_bleeds_and_the_slug_is_clean(built: Path) -> None:
    """Rendered by pdfium: the opener's colour block covers the bleed at the top-left corner
    of its left-hand page; beyond the bleed the slug is blank but for the marks."""
    document = pdfium.PdfDocument(built / FILES["booklet"])
    try:
        texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
        kicker = "CAREERFIELD"  # (letter-spaced: the reader puts spaces in)
        found = (i for i, text in enumerate(texts) if text.replace(" ", "").startswith(kicker))
        divider = next(found)
        with pikepdf.open(built / FILES["booklet"]) as pdf:
            media = _box(pdf.pages[divider], "/MediaBox")
        scale = 100 / 72
        image = document[divider].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()

    def pixel(x_pt: float, y_from_top_pt: float) -> tuple[int, int, int]:
        colour = image.getpixel((round(x_pt * scale), round(y_from_top_pt * scale)))
        assert isinstance(colour, tuple)
        return colour[0], colour[1], colour[2]

    slug = -media[0] - BLEED  # from the media box's corner to the bleed's
    in_bleed = pixel(slug + BLEED / 2, slug + BLEED / 2)
    assert in_bleed[2] > in_bleed[0] + 40  # the field's blue
    assert pixel(slug / 2, slug / 2) == (255, 255, 255)


def test_second_reader_poppler(built: Path) -> None:
    if PDFINFO is None or PDFFONTS is None:
        pytest.skip("poppler-utils (pdfinfo, pdffonts) is not installed (./dev test installs it)")
    for kind in ("booklet", "sheets"):
        path = built / FILES[kind]
        info = subprocess.run(
            [PDFINFO, "-box", str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(r"PDF subtype:\s+PDF/X-4", info), info
        assert re.search(r"PDF version:\s+1\.6", info)
        assert re.search(r"TrimBox:", info) and re.search(r"BleedBox:", info)
        fonts = subprocess.run(
            [PDFFONTS, str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert fonts and all(" yes " in line for line in fonts), fonts  # all embedded


def test_job_ticket_answers_the_shop(built: Path) -> None:
    document = pdfium.PdfDocument(built / FILES["ticket"])
    try:
        assert len(document) == 1
        raw = document[0].get_textpage().get_text_range()
        # (a line may break after a hyphen, which pdfium reads as U+FFFE)
        text = " ".join(raw.replace("\ufffe\r\n", "-").replace("\ufffe", "-").split())
    finally:
        document.close()
    with pikepdf.open(built / FILES["booklet"]) as pdf:
        pages = len(pdf.pages)
    for fact in (
        FILES["booklet"],
        FILES["sheets"],
        "8.5 × 11 in",
        "215.9 × 279.4 mm",
        f"{pages} pages",
        "3 mm on every edge",
        "PDF/X-4",
        "FOGRA39",
        "FOGRA39L-coated.icc",
        "100 % K only",
    ):
        assert fact in text, fact


def test_the_same_parts_give_the_same_bytes(built: Path) -> None:
    """Merged again from the cached parts (the print shop's files removed from output/ and
    the store), the set comes out byte for byte the same: no clock, no random id."""
    from publisher.builder.session import BuildOptions, build
    from publisher.documents.press import PrintOptions
    from publisher.guides.library import load_library
    from publisher.project.recipes import adhoc_recipe
    from publisher.project.settings import load_project

    root = built.parents[1]
    before = {name: (built / name).read_bytes() for name in FILES.values()}
    store = root / ".cache" / "store"
    for path in store.rglob("*"):
        if path.is_file() and any(path.read_bytes().startswith(d) for d in before.values()):
            path.unlink()
    for name in FILES.values():
        (built / name).unlink()
    project = load_project(root)
    library = load_library(project, TODAY)
    recipe = adhoc_recipe(
        project, NAME, clusters=[CLUSTER], tags=[], only=None, title=None, order=None
    )
    options = BuildOptions(jobs=1, press=PrintOptions(print_shop=True))
    report = build(project, TODAY, options=options, slugs=[], booklets=[recipe], library=library)
    assert report.failed == []
    assert report.reused == 0, "the print shop's files were not made again"
    for name, data in before.items():
        assert (built / name).read_bytes() == data, name


def test_the_shops_files_are_tagged_too(built: Path) -> None:
    """Issue 15: every PDF the tool writes is tagged, the print shop's too (marks, added after
    the merge, are artifacts)."""
    from tagging import parent_tree_problems, unmarked

    for kind, pdf in _pdfs(built):
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked, kind
        assert str(pdf.Root.Lang) == "en-US", kind
        assert unmarked(pdf) == [], kind
        assert parent_tree_problems(pdf) == [], kind
