"""A booklet's pages as a reader sees them (issue 14): no page mostly blank but a Notes page,
small fields sharing one opener, the organiser's logo on the cover, a QR code on the back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import TODAY, build_booklet, copy_project, images_on, png, with_logo
from pdfread import blank_fraction, flat, read_pdf

from publisher.guides.library import load_library
from publisher.project.settings import BookletRecipe, load_project

pytestmark = pytest.mark.slow  # lays out real pages

# Three careers in one field (an opener of its own), three one-career fields (one shared opener).
GUIDES = [
    "music-producer",
    "sound-designer",
    "filmmaker",
    "electrician",
    "chef",
    "registered-nurse",
]
SMALL = ["Electrician", "Chef", "Registered Nurse"]
CONTACT_URL = "https://riverside.example.org/counseling"
MOST_BLANK = 0.60


@pytest.fixture(scope="module")
def booklet(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = copy_project(tmp_path_factory.mktemp("pages") / "project", GUIDES)
    with_logo(root, "logo.png", png(48, 48))
    config = root / "publisher.yaml"
    settings = re.sub(
        r"\n  contact_url: .*|\nbase_url: .*", "", config.read_text()
    )  # (this test's own)
    config.write_text(
        settings.replace("branding:\n", f"branding:\n  contact_url: {CONTACT_URL}\n", 1)
    )
    project = load_project(root)
    library = load_library(project, TODAY)
    assert sorted(e.slug for e in library.entries) == sorted(GUIDES)
    recipe = BookletRecipe(name="fair", title="Career Fair", subtitle="Careers to explore")
    report = build_booklet(project, library, recipe)
    assert report.failed == [], report.failed
    path = root / "output" / "booklets" / "fair.pdf"
    document = pdfium.PdfDocument(path.read_bytes())
    blanks = [blank_fraction(document[i]) for i in range(len(document))]
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        index = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        items = list(outline.root)
        for item in items:  # (grows: every level, a shared opener's fields and their careers)
            items.extend(item.children)
        starts = {item.title: index[item.destination[0].objgen] for item in items}  # type: ignore[index]
    return {"path": path, "document": document, "blanks": blanks, "starts": starts}


def _texts(booklet: dict[str, object]) -> list[str]:
    return [flat(t) for t in read_pdf(booklet["path"]).texts]  # type: ignore[arg-type]


def _squeezed(text: str) -> str:
    """Text without spaces, in capitals: as a kicker set in spaced capitals extracts."""
    return text.replace(" ", "").upper()


def _is_notes(text: str) -> bool:
    """A Notes page: its heading, its folio, nothing else."""
    return re.fullmatch(r"Notes( \d+)?", text) is not None


def test_no_page_is_mostly_blank_but_the_notes(booklet: dict[str, object]) -> None:
    texts = _texts(booklet)
    blanks: list[float] = booklet["blanks"]  # type: ignore[assignment]
    measured = [(n, b) for n, (t, b) in enumerate(zip(texts, blanks, strict=True), 1)]
    too_blank = [
        (n, round(b, 2)) for n, b in measured if b > MOST_BLANK and not _is_notes(texts[n - 1])
    ]
    assert not too_blank, f"pages more than {MOST_BLANK:.0%} blank (page, fraction): {too_blank}"
    notes = [n for n, t in enumerate(texts, 1) if _is_notes(t)]
    # Notes pages only pad: after the appendix, before the back cover (none in the body).
    assert all(n > booklet["starts"]["Compare and check"] for n in notes), notes  # type: ignore[index]


def test_the_measure_tells_a_bare_page_from_a_full_one(booklet: dict[str, object]) -> None:
    texts = _texts(booklet)
    blanks: list[float] = booklet["blanks"]  # type: ignore[assignment]
    notes = [b for t, b in zip(texts, blanks, strict=True) if _is_notes(t)]
    assert notes and min(notes) > 0.9  # a heading and ruled lines too pale to count
    career = blanks[booklet["starts"]["Music Producer"] - 1]  # type: ignore[index]
    assert career < 0.5


def test_small_fields_share_one_opener_and_spreads_still_face(
    booklet: dict[str, object],
) -> None:
    texts = _texts(booklet)
    starts: dict[str, int] = booklet["starts"]  # type: ignore[assignment]
    pages = read_pdf(booklet["path"]).pages  # type: ignore[arg-type]
    assert pages % 4 == 0
    careers = ["Music Producer", "Sound Designer", "Filmmaker", *SMALL]
    assert all(starts[title] % 2 == 0 for title in careers), starts
    shared = [n for n, t in enumerate(texts, 1) if _squeezed(t).startswith("CAREERFIELDMOREFIELDS")]
    assert len(shared) == 1  # one divider for the three one-career fields ...
    (divider,) = shared
    glance = flat(texts[divider])  # ... facing their careers at a glance
    assert glance.startswith("At a glance: More fields to explore")
    assert all(title in glance for title in SMALL)
    assert divider % 2 == 0 and min(starts[t] for t in SMALL) == divider + 2
    assert starts["More fields to explore"] == divider  # the outline follows the headings
    assert "Health Science" not in starts  # a field under the shared opener has no heading
    big = [n for n, t in enumerate(texts, 1) if _squeezed(t).startswith("CAREERFIELDARTS")]
    assert big == [starts["Arts, A/V Technology & Communications"]]
    assert len([t for t in texts if t.startswith("At a glance")]) == 2  # was one a field


def test_cover_shows_the_logo_and_the_fields(booklet: dict[str, object]) -> None:
    cover = _texts(booklet)[0]
    assert "Career Fair" in cover and "6 careers in 4 fields" in cover
    assert "RIVERSIDEHIGHSCHOOLCOUNSELINGOFFICE" in _squeezed(cover)
    assert all(title in cover for title in ["Music Producer", *SMALL])  # the fields' blocks
    with pikepdf.open(booklet["path"]) as pdf:  # type: ignore[call-overload]
        assert images_on(pdf.pages[0]) == 1 and images_on(pdf.pages[-1]) == 1  # the logo
    # (A booklet is not a tagged PDF: its parts' structure trees do not survive the merge, so
    # the logo's alt text is checked on the tagged handout, in test_branding.py.)


def test_back_cover_has_contact_and_a_qr_code_that_reads(booklet: dict[str, object]) -> None:
    import numpy as np
    import segno

    document: pdfium.PdfDocument = booklet["document"]  # type: ignore[assignment]
    back = _texts(booklet)[-1]
    assert "counseling@riverside.example.org" in back
    assert "riverside.example.org/counseling" in back.replace(" ", "")  # the QR code's URL
    page = booklet["starts"]["Filmmaker"]  # type: ignore[index]
    assert re.search(rf"Filmmaker[ .]*{page}\b", back)  # every career and its page
    # The QR code's modules are the only pure black on the page: sample them on its grid.
    grey = np.asarray(document[len(document) - 1].render(scale=4).to_pil().convert("L"))
    ys, xs = np.nonzero(grey < 8)
    assert len(ys), "no QR code on the back cover"
    expected = np.array([list(row) for row in segno.make(CONTACT_URL, error="m").matrix])
    size = expected.shape[0]
    step_y = (ys.max() + 1 - ys.min()) / size
    step_x = (xs.max() + 1 - xs.min()) / size
    centres_y = (ys.min() + (np.arange(size) + 0.5) * step_y).astype(int)
    centres_x = (xs.min() + (np.arange(size) + 0.5) * step_x).astype(int)
    read = (grey[np.ix_(centres_y, centres_x)] < 128).astype(int)
    assert (read == expected).all()


def test_no_qr_code_without_a_url(tmp_path: Path) -> None:
    """Without a `contact_url` or a `base_url` the back cover prints no code (none invented);
    with only a `base_url`, that is the code's page."""
    from publisher.documents.parts import back_cover_url

    root = copy_project(tmp_path / "p", [])
    config = root / "publisher.yaml"
    settings = re.sub(r"\n  contact_url: .*|\nbase_url: .*", "", config.read_text())
    config.write_text(settings)
    assert load_project(root).config.base_url is None
    assert back_cover_url(load_project(root)) is None
    config.write_text(settings + "base_url: https://riverside.example.org/careers\n")
    assert back_cover_url(load_project(root)) == "https://riverside.example.org/careers"


def test_back_cover_of_many_fields_stays_on_one_page(tmp_path: Path) -> None:
    """Eight fields of one or two careers each: listing every title would need a third row of
    field boxes and push the back panel onto a second page (a 61-page booklet that could not be
    imposed). The back cover names the fields with their pages instead, on one page."""
    fields = {
        "arts-av-communication": ["music-producer", "sound-designer"],
        "information-technology": ["web-developer", "game-designer"],
        "health-science": ["registered-nurse"],
        "architecture-construction": ["electrician"],
        "hospitality-tourism": ["chef"],
        "marketing": ["public-relations-specialist"],
        "education-training": ["writer"],
        "manufacturing": ["camera-operator"],
    }
    slugs = [slug for group in fields.values() for slug in group]
    root = copy_project(tmp_path / "p", slugs)
    config = root / "publisher.yaml"
    config.write_text(
        config.read_text().replace(
            "\nclusters:\n",
            "\nclusters:\n  education-training: Education & Training\n"
            "  manufacturing: Manufacturing\n",
            1,
        )
    )
    for cluster, group in fields.items():
        for slug in group:
            guide = root / "guides" / f"{slug}.yaml"
            guide.write_text(re.sub(r"(?m)^cluster: .*$", f"cluster: {cluster}", guide.read_text()))
    project = load_project(root)
    library = load_library(project, TODAY)
    recipe = BookletRecipe(name="fair", title="Career Fair", subtitle="Careers to explore")
    report = build_booklet(project, library, recipe)
    assert report.failed == [], report.failed
    path = root / "output" / "booklets" / "fair.pdf"
    texts = read_pdf(path).texts
    assert len(texts) % 4 == 0
    back = flat(texts[-1])
    assert "Every career in this booklet" in back and "Career Fair" in back
    assert all(name in back for name in ("Health Science", "Education & Training", "Manufacturing"))
    assert "Music Producer" not in back  # the fields alone, with their pages


def test_covers_of_a_district_booklet_show_every_field_and_their_feet(tmp_path: Path) -> None:
    """Seventeen careers in seventeen fields (a district's booklet has 34): the covers name
    every field in blocks four or five to a row, and nothing runs off the page: the front
    cover keeps its footer, the back cover its panel and title (they were cut off)."""
    from publisher.builder.pictures import PictureFiles
    from publisher.documents.booklet import (
        PartSpec,
        closing_parts,
        make_view,
        paginate,
        part_view,
        select_entries,
    )
    from publisher.documents.parts import PartJob, render_part
    from publisher.project.labels import load_labels

    root = copy_project(tmp_path / "p")
    guides = sorted((root / "guides").glob("*.yaml"))
    names = [f"Field {chr(65 + n)} of Careers" for n in range(len(guides))]
    config = root / "publisher.yaml"
    clusters = "".join(f"  field-{n}: {name}\n" for n, name in enumerate(names))
    config.write_text(config.read_text().replace("\nclusters:\n", f"\nclusters:\n{clusters}", 1))
    for n, guide in enumerate(guides):
        guide.write_text(re.sub(r"(?m)^cluster: .*$", f"cluster: field-{n}", guide.read_text()))
    project = load_project(root)
    library = load_library(project, TODAY)
    labels = load_labels(project.layouts, project.config.locale)
    recipe = BookletRecipe(name="fair", title="Career Fair", subtitle="Careers to explore")
    entries = select_entries(recipe, library)
    careers = [(e.slug, e.guide) for e in entries if e.guide is not None]
    view, body = paginate(make_view(project, recipe, careers, labels), 3)
    pictures = PictureFiles(project.cache_dir)
    for spec, feet in (
        (PartSpec("front", 1), ["Data as of"]),
        (closing_parts(body[-1], 2)[-1], ["Questions?", "Made with"]),
    ):
        job = PartJob(
            project, part_view(view, spec), spec, labels, project.config.paper, "", {}, pictures
        )
        first = flat(read_pdf(render_part(job).pdf).texts[0])
        assert all(name in first for name in names), spec.kind
        assert all(foot in first for foot in feet), (spec.kind, first[-300:])


def test_a_part_longer_or_shorter_than_planned_is_counted_not_written(tmp_path: Path) -> None:
    """The front matter and the openers are first laid out as the plan assumes; one that takes
    another count of pages is laid out again once the booklet is numbered anew, so its first
    layout only counts its pages (no PDF); one that takes its planned count is written."""
    from publisher.builder.pictures import PictureFiles
    from publisher.documents.booklet import (
        PartSpec,
        make_view,
        paginate,
        part_view,
        select_entries,
    )
    from publisher.documents.parts import PartJob, PartResult, render_part
    from publisher.project.labels import load_labels

    root = copy_project(tmp_path / "p", GUIDES)
    project = load_project(root)
    library = load_library(project, TODAY)
    labels = load_labels(project.layouts, project.config.locale)
    recipe = BookletRecipe(name="fair", title="Career Fair", subtitle="Careers to explore")
    careers = [(e.slug, e.guide) for e in select_entries(recipe, library) if e.guide]
    view, _ = paginate(make_view(project, recipe, careers, labels), 3)
    pictures = PictureFiles(project.cache_dir)
    paper = project.config.paper

    def lay_out(pages: int) -> PartResult:
        spec = PartSpec("front", 1, pages)
        job = PartJob(project, part_view(view, spec), spec, labels, paper, "", {}, pictures)
        return render_part(job)

    natural = lay_out(0)  # (0: no plan, counted after layout)
    assert not natural.measured and natural.pages >= 3
    planned = lay_out(natural.pages)
    assert not planned.measured
    assert len(pikepdf.open(io.BytesIO(planned.pdf)).pages) == natural.pages
    for wrong in (natural.pages - 1, natural.pages + 2):
        result = lay_out(wrong)
        assert result.measured and result.pdf == b"" and result.pages == natural.pages
