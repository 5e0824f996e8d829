"""Handouts, tested on the real PDFs: pages, size, fonts, text, metadata, safety, determinism."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, build_handouts, copy_project
from pdfread import PdfFacts, alt_texts, flat, read_pdf

from publisher.documents import handout
from publisher.errors import BuildError, ContentError
from publisher.guides.library import load_library
from publisher.guides.models import Guide
from publisher.layout.fetcher import RefusedURLError, resolve_allowed
from publisher.layout.fit import foot_gaps
from publisher.project.settings import load_project

pytestmark = pytest.mark.slow  # lays out real pages

LETTER = (612.0, 792.0)
A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PdfFacts]:
    root = copy_project(tmp_path_factory.mktemp("handout") / "project")
    project = load_project(root)
    report = build_handouts(project, load_library(project, TODAY), slugs=["music-producer"])
    assert report.failed == []
    path = report.built[0].path
    assert path == root / "output" / "handouts" / "music-producer.pdf"
    return path, read_pdf(path)


def test_two_letter_pages(built: tuple[Path, PdfFacts]) -> None:
    _, facts = built
    assert facts.pages == 2
    assert all(size == pytest.approx(LETTER, abs=0.5) for size in facts.sizes)


def test_every_font_is_embedded_and_from_the_family(built: tuple[Path, PdfFacts]) -> None:
    _, facts = built
    assert facts.fonts, "no fonts found"
    assert all(facts.fonts.values()), facts.fonts
    names = " ".join(facts.fonts)
    assert "Source-Sans-Pro" in names
    assert "DejaVu" not in names


def test_text_holds_the_figures_and_sections(built: tuple[Path, PdfFacts]) -> None:
    _, facts = built
    front, back = (flat(text) for text in facts.texts)
    for expected in (
        "Music Producer",
        "$66,430",
        "May 2024",
        "27-4014",
        "−1.7%",  # BLS's 2024–34 projection for 27-4014, not the seed card's +11–17 %
        "2024–34",
        "The work",
        "Who it suits",
        "Would you actually like it?",
    ):
        assert expected in front, expected
    for label in ("Worth a look if", "Maybe not if", "Median pay", "Job growth"):
        assert label.upper() in front.upper(), label  # printed in capitals
    for expected in (
        "A typical day",
        "The numbers",
        "Where it's going",
        "Right now",
        "AI Music Track + Cover Art",
        "Sources",
        "Data as of November 2026",
        # The agency and its series, cited from the imported data, with the agency's page.
        "BLS, Occupational Employment and Wage Statistics (27-4014), May 2024 — "
        "https://www.bls.gov/oes/2024/may/oes274014.htm",
        "BLS, Employment Projections (27-4014), 2024–34",
    ):
        assert expected in back.replace("/ ", "/"), expected  # (a URL may wrap after a slash)
    # Every figure's source is on the same page as the figure.
    assert "BLS, Occupational Employment and Wage Statistics (27-4014), May 2024" in front
    # Nothing the series does not publish, nothing it contradicts.
    for gone in ("11–17", "$34K", "$105K", "growing fast", "tradecolleges", "Research.com"):
        assert gone not in front + back, gone
    # "Data as of" is on both pages (running footer), and nothing hidden is in the text.
    assert front.count("Data as of November 2026") == 1
    assert back.count("Data as of November 2026") == 2  # footer and sources line


def test_metadata_language_outline_and_tags(built: tuple[Path, PdfFacts]) -> None:
    _, facts = built
    assert facts.info["/Title"] == "Music Producer"
    assert facts.info["/Subject"].startswith("If you want to decide how a song sounds")
    assert "music" in facts.info["/Keywords"]
    assert facts.info.get("/Author")
    assert facts.lang == "en-US"
    assert facts.tagged
    titles = [title for _, title in facts.outline]
    assert titles[0] == "Music Producer"
    assert {"The work", "The numbers", "A typical day"} <= set(titles)


def test_two_builds_are_byte_identical(built: tuple[Path, PdfFacts], tmp_path: Path) -> None:
    first, _ = built
    root = copy_project(tmp_path / "again")
    project = load_project(root)
    report = build_handouts(project, load_library(project, TODAY), slugs=["music-producer"])
    assert report.built[0].path is not None
    assert report.built[0].path.read_bytes() == first.read_bytes()


def test_a4_paper(make_project: Callable[..., Path]) -> None:
    project = load_project(make_project(["music-producer"]))
    library = load_library(project, TODAY)
    report = build_handouts(project, library, slugs=["music-producer"], paper="a4")
    assert report.failed == []
    path = report.built[0].path
    assert path is not None and path.parent.name == "handouts-a4"
    facts = read_pdf(path)
    assert facts.pages == 2
    assert all(size == pytest.approx(A4, abs=0.5) for size in facts.sizes)


def test_a_grown_qr_code_costs_one_whole_layout(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The room on the back page is measured on the back page alone (it starts a page of its
    own), so a handout whose QR code grows is laid out whole once, with the code at the size
    the compact code's whole handout calls for (not compact first, then again grown)."""
    layouts: list[tuple[str, tuple[object, ...], dict[str, object]]] = []
    real = handout.render_html

    def counting(html: str, *args: object, **kwargs: object) -> object:
        layouts.append((html, args, kwargs))
        return real(html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(handout, "render_html", counting)
    project = load_project(make_project(["registered-nurse"]))
    report = build_handouts(project, load_library(project, TODAY), slugs=["registered-nurse"])
    assert report.failed == []
    whole = [layout for layout in layouts if 'id="registered-nurse-work"' in layout[0]]
    assert len(whole) == 1, f"{len(whole)} whole layouts"
    html, args, kwargs = whole[0]
    size = re.search(r' style="width: ([\d.]+)mm; height: \1mm"', html)
    url = re.search(r'alt="QR code linking to (\S+)"', html)
    assert size and url, "the code is not grown"
    compact = re.sub(r' style="min-width: [\d.]+mm"', "", html.replace(size.group(0), ""))
    gap = foot_gaps(real(compact, *args, **kwargs).pages, 0, "registered-nurse")[1]  # type: ignore[arg-type]
    assert float(size.group(1)) == handout.grown_qr_mm(url.group(1), gap)


def test_overflowing_guide_fails_with_its_section(make_project: Callable[..., Path]) -> None:
    root = make_project(["music-producer"])
    text = (root / "guides" / "music-producer.yaml").read_text()
    long = " ".join(["Endless takes and careful listening fill the long afternoon."] * 40)
    text = text.replace("  going: >-\n", f"  going: >-\n    {long}\n", 1)
    (root / "guides" / "music-producer.yaml").write_text(text)
    project = load_project(root)
    report = build_handouts(project, load_library(project, TODAY), slugs=["music-producer"])
    assert report.built == []
    (failure,) = report.failed
    assert failure.error is not None
    assert "guides/music-producer.yaml: does not fit two pages" in failure.error
    assert "Where it's going" in failure.error
    assert "spills onto page 3" in failure.error
    assert not (root / "output" / "handouts" / "music-producer.pdf").exists()


def test_broken_guide_does_not_stop_the_others(make_project: Callable[..., Path]) -> None:
    root = make_project(["music-producer"])
    (root / "guides" / "broken.yaml").write_text("title: [unclosed\n")
    project = load_project(root)
    report = build_handouts(project, load_library(project, TODAY))
    assert [o.name for o in report.built] == ["handouts/music-producer.pdf"]
    (failure,) = report.failed
    assert failure.name == "handouts/broken.pdf"
    assert failure.error is not None and failure.error.startswith("guides/broken.yaml:")


def test_content_is_escaped_not_markup(make_project: Callable[..., Path]) -> None:
    root = make_project(["music-producer"])
    path = root / "guides" / "music-producer.yaml"
    hostile = '<img src="file:///etc/passwd"><link rel=stylesheet href="http://example.com/x.css">'
    text = path.read_text()
    start = text.index("closing:")
    path.write_text(text[:start] + f"closing: '{hostile}'\n")
    project = load_project(root)
    report = build_handouts(project, load_library(project, TODAY), slugs=["music-producer"])
    assert report.failed == []
    assert report.built[0].path is not None
    back = flat(read_pdf(report.built[0].path).texts[1])
    assert hostile in back


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/chart.svg",
        "https://example.com/chart.svg",
        "data:image/svg+xml,<svg/>",
        "file://evil.example.com/share/x.svg",
    ],
)
def test_fetcher_refuses_everything_outside_the_project(url: str, tmp_path: Path) -> None:
    with pytest.raises(RefusedURLError):
        resolve_allowed(url, (tmp_path.resolve(),))


def test_fetcher_refuses_traversal(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    url = (tmp_path / "assets").as_uri() + "/../../../etc/passwd"
    with pytest.raises(RefusedURLError):
        resolve_allowed(url, ((tmp_path / "assets").resolve(),))


def test_logo_outside_assets_is_a_config_error(make_project: Callable[..., Path]) -> None:
    root = make_project(["music-producer"])
    config = root / "publisher.yaml"
    text = config.read_text() if config.exists() else ""
    if "branding:" in text:
        text = text.replace("branding:\n", "branding:\n  logo: ../../../../etc/passwd\n", 1)
    else:
        text += "\nbranding:\n  logo: ../../../../etc/passwd\n"
    config.write_text(text)
    with pytest.raises(ContentError) as caught:
        load_project(root)
    message = caught.value.format()
    assert "publisher.yaml:" in message and "branding.logo" in message


def test_render_refuses_a_file_outside_the_project(tmp_path: Path) -> None:
    from publisher.layout.engine import render_html

    html = '<p>x</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
    with pytest.raises(BuildError) as caught:
        render_html(html, tmp_path, [tmp_path], "guides/evil.yaml")
    message = caught.value.format()
    assert message.startswith("guides/evil.yaml: refused to fetch 'file:///etc/passwd'")


def test_output_cannot_escape_output_dir(tmp_path: Path) -> None:
    from publisher.output import write_output

    with pytest.raises(BuildError):
        write_output(tmp_path / "output", "../escape.pdf", b"x")
    assert not (tmp_path / "escape.pdf").exists()


def test_missing_layout_label_is_an_error(make_project: Callable[..., Path]) -> None:
    root = make_project(["music-producer"])
    catalog = root / "layouts" / "labels" / "en_US.yaml"
    catalog.write_text(catalog.read_text().replace("section_numbers:", "renamed_numbers:"))
    project = load_project(root)
    report = build_handouts(project, load_library(project, TODAY), slugs=["music-producer"])
    (failure,) = report.failed
    assert failure.error is not None and "section_numbers" in failure.error
    shutil.rmtree(root / "output", ignore_errors=True)


def test_charts_carry_their_alt_text_in_the_tags(built: tuple[Path, PdfFacts]) -> None:

    path, _ = built
    alts = alt_texts(path)
    text = " | ".join(alts).replace("\u202f", " ")
    assert "Mixing & editing 30%" in text
    assert "median $66K" in text and "$150K–$500K+" in text
    assert "11:00 AM" in text
    assert "QR code linking to" not in text or "https://" in text


class _Remembered:
    """A `Measures` in memory, that says what it was asked."""

    def __init__(self, values: dict[str, float] | None = None) -> None:
        self.values = dict(values or {})
        self.asked: list[str] = []

    def known(self, subject: str) -> float | None:
        self.asked.append(subject)
        return self.values.get(subject)

    def keep(self, subject: str, value: float) -> None:
        self.values[subject] = value


def _compose(
    root: Path,
    slug: str,
    measures: _Remembered | None,
    summary: str | None = None,
    edit: Callable[[Guide], Guide] | None = None,
) -> tuple[bytes, list[str]]:
    """`slug`'s handout PDF, composed with `measures`, and the HTML of each layout it took."""
    from publisher.builder.pictures import PictureFiles
    from publisher.charts.figures import career_charts
    from publisher.project.formatting import Formatter
    from publisher.project.labels import load_labels

    project = load_project(root)
    entry = load_library(project, TODAY).by_slug()[slug]
    assert entry.guide is not None
    guide = entry.guide if summary is None else entry.guide.model_copy(update={"summary": summary})
    guide = guide if edit is None else edit(guide)
    labels = load_labels(project.layouts, project.config.locale)
    pictures = PictureFiles(project.cache_dir)
    charts = career_charts(project, guide, labels, Formatter("en_US"), pictures)
    career = handout.Career(slug, guide, entry.display, charts)
    laid_out: list[str] = []
    real = handout.render_html

    def counting(html: str, *args: object, **kwargs: object) -> object:
        laid_out.append(html)
        return real(html, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(handout, "render_html", counting)
        made = handout.compose_handout(
            project, career, labels, {}, paper="letter", pictures=pictures, measures=measures
        )
    return made.pdf, laid_out


def test_a_back_page_measured_before_is_not_laid_out_again(
    make_project: Callable[..., Path],
) -> None:
    """The room for the QR code is measured on the back page alone once; a handout whose back
    page is the same (its summary edited, say) takes that measure and is laid out once, to
    the bytes of one that measured again. The measure is what decides the code's size."""
    root = make_project(["registered-nurse"])
    slug = "registered-nurse"
    measures = _Remembered()
    first, layouts = _compose(root, slug, measures)
    assert len(layouts) == 2 and 'id="registered-nurse-work"' not in layouts[0]
    (subject,) = measures.values
    assert measures.values[subject] > handout.MAX_FOOT_GAP_MM  # (the code grows)
    assert '<meta name="description" content="">' in subject  # (the summary left out)

    edited = "Nurses care for patients, and explain their care to them and their families."
    again, layouts = _compose(root, slug, measures, summary=edited)
    assert measures.asked == [subject, subject]
    assert len(layouts) == 1 and 'id="registered-nurse-work"' in layouts[0]
    fresh, _ = _compose(root, slug, None, summary=edited)
    assert again == fresh != first

    told = _Remembered({subject: measures.values[subject] - 5})  # (not the page's own room)
    smaller, layouts = _compose(root, slug, told, summary=edited)
    assert len(layouts) == 1 and smaller != fresh


def _median(value: int) -> Callable[[Guide], Guide]:
    def edit(guide: Guide) -> Guide:
        paths = [p.model_copy(update={"median": value}) for p in guide.numbers.salary_paths]
        numbers = guide.numbers.model_copy(update={"salary_paths": paths})
        return guide.model_copy(update={"numbers": numbers})

    return edit


def test_a_back_page_whose_chart_draws_another_figure_is_not_measured_again(
    make_project: Callable[..., Path],
) -> None:
    """A chart is laid out as a picture of its own size: a salary median moved within its
    chart (the same size, another drawing, another alternative text) leaves the back page's
    room as it was, so the handout takes the measure and is laid out once, to the bytes of
    one that measured again."""
    root = make_project(["registered-nurse"])
    slug = "registered-nurse"
    measures = _Remembered()
    first, layouts = _compose(root, slug, measures)
    (subject,) = measures.values
    assert 'src="drawn:&lt;svg' in subject and "Salary" not in subject  # (no file, no alt)
    again, layouts = _compose(root, slug, measures, edit=_median(88000))
    assert len(layouts) == 1 and again != first
    assert "median $88K" in layouts[0]  # (the chart's alternative text, as laid out)
    fresh, layouts = _compose(root, slug, None, edit=_median(88000))
    assert again == fresh and len(layouts) == 2


def test_a_chart_is_named_by_its_size_and_what_a_layout_prints_stays(tmp_path: Path) -> None:
    """Only a chart's own image tag is rewritten: its size stands for it, and text the layout
    prints elsewhere stays; a drawing outside the allowed folders keeps its tag."""
    from publisher.charts.figures import Image

    def drawing(name: str, size: str) -> Image:
        path = tmp_path / f"{name}.svg"
        path.write_text(f'<?xml version="1.0"?>\n<svg width="{size}" height="72pt"><g/></svg>')
        return Image(path.as_uri(), f"Salary {name}")

    def page(chart: Image) -> str:
        return f'<p>{chart.alt}</p><img class="c" src="{chart.src}" alt="{chart.alt}">'

    one, two, wide = drawing("one", "216pt"), drawing("two", "216pt"), drawing("wide", "300pt")
    sized = {c.alt: handout.charts_by_size(page(c), [c], [tmp_path]) for c in (one, two, wide)}
    root = "&lt;svg width=&#34;216pt&#34; height=&#34;72pt&#34;&gt;"
    assert sized[one.alt] == f'<p>Salary one</p><img class="c" src="drawn:{root}">'
    assert sized[two.alt] == sized[one.alt].replace("Salary one", "Salary two")
    assert sized[wide.alt] != sized[one.alt].replace("Salary one", "Salary wide")
    assert handout.charts_by_size(page(one), [], [tmp_path]) == page(one)
    assert handout.charts_by_size(page(one), [one], [tmp_path / "other"]) == page(one)
