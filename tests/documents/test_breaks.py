"""Line breaks a reader trips over: hyphenated runts, too many hyphens, a range or a date
split across lines. Measured on every handout of the sample library."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, TODAY, build_handouts, copy_project

from publisher.guides.library import load_library
from publisher.layout.template import keep_together
from publisher.project.settings import load_project

pytestmark = pytest.mark.slow  # lays out every handout

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
BREAK = re.compile(r"(\S*?)(\w+)\ufffe\r?\n?(\w+)")  # a word broken at a line's end


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, int, str]]:
    root = copy_project(tmp_path_factory.mktemp("breaks") / "p")
    project = load_project(root)
    report = build_handouts(project, load_library(project, TODAY), jobs=2)
    assert report.failed == []
    found = []
    for path in sorted((root / "output" / "handouts").glob("*.pdf")):
        document = pdfium.PdfDocument(path)
        for index in range(len(document)):
            found.append((path.stem, index + 1, document[index].get_textpage().get_text_range()))
        document.close()
    assert len(found) == 2 * len(list((ROOT / "guides").glob("*.yaml")))
    return found


def hyphenated(slug: str, text: str) -> list[str]:
    """Words the layout hyphenated (not a hyphen the text or a URL already had)."""
    source = (ROOT / "guides" / f"{slug}.yaml").read_text(encoding="utf-8")
    return [
        f"{head}-{tail}"
        for before, head, tail in BREAK.findall(text)
        if "http" not in before and "www." not in before and f"{head}-{tail}" not in source
    ]


def test_at_most_three_hyphenated_line_ends_a_page_and_no_runts(
    pages: list[tuple[str, int, str]],
) -> None:
    for slug, page, text in pages:
        words = hyphenated(slug, text)
        assert len(words) <= 3, (slug, page, words)
        for word in words:
            head, tail = word.split("-", 1)
            assert len(head) >= 5 and len(tail) >= 5, (slug, page, word)


def test_no_range_code_or_date_is_split(pages: list[tuple[str, int, str]]) -> None:
    split_range = re.compile(r"\d[–-]\ufffe?\r?\n\$?\d")
    split_date = re.compile(rf"\b(?:{MONTHS})\r?\n\d{{4}}")
    for slug, page, text in pages:
        assert not split_range.search(text), (slug, page, split_range.search(text))
        assert not split_date.search(text), (slug, page, split_date.search(text))


def test_headings_and_sources_are_never_hyphenated(pages: list[tuple[str, int, str]]) -> None:
    for slug, page, text in pages:
        sources = text[text.find("Sources:") :] if "Sources:" in text else ""
        assert not hyphenated(slug, sources), (slug, page)
        if page == 1:  # the cluster and the career's name open the front page
            title = text.split("\n", 2)[:2]
            assert "\ufffe" not in "".join(title), (slug, page, title)


def test_keep_together_joins_ranges_codes_and_dates_but_leaves_urls() -> None:
    assert keep_together("2024–34") == "2024\u2060–\u206034"
    assert keep_together("$34K–$105K") == "$34K\u2060–\u2060$105K"
    assert keep_together("code 27-4014") == "code 27\u2060-\u20604014"
    assert keep_together("May 2024") == "May\u00a02024"
    assert keep_together("well-paid work") == "well-paid work"
    url = "https://www.bls.gov/oes/2024/may/oes274014.htm"
    assert keep_together(url) == url
