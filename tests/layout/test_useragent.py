"""The lean user-agent stylesheet: checked against the installed layout engine, the same
pages as the whole sheet, and the whole sheet wherever a document needs it."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from publisher.layout import useragent
from publisher.layout.engine import render_html


def test_the_adapter_was_checked_with_the_installed_layout_engine() -> None:
    """WeasyPrint has no public API for its user-agent stylesheet. After an upgrade, check
    publisher/layout/useragent.py against the new sheet and `HTML`, then update CHECKED_WITH."""
    assert version("weasyprint") == useragent.CHECKED_WITH, "re-check publisher/layout/useragent.py"


def test_the_lean_sheet_keeps_the_marker_for_list_items_and_drops_the_note_rules() -> None:
    from weasyprint.html import UA

    lean = useragent.lean_text(UA)
    assert "\nli::marker {" in lean and "\n::marker" not in lean
    for pseudo in useragent.NOTES:
        assert f"::{pseudo}" in UA and f"::{pseudo}" not in lean
    assert len(UA.splitlines()) - len(lean.splitlines()) == len(useragent.NOTES)
    with pytest.raises(RuntimeError, match="no single '::note-call' rule"):
        useragent.lean_text(UA.replace("::note-call {", "::note-call, x {"))


@pytest.mark.parametrize(
    "text",
    [
        ".aside { float: footnote }",
        "p{float:note(side)}",
        ".steps > span { display: inline list-item }",
        '@import "more.css";',
        '<link rel="stylesheet" href="more.css">',
    ],
)
def test_a_document_that_needs_the_whole_sheet_gets_it(text: str) -> None:
    assert not useragent.lean("<p>plain</p>", text)
    assert useragent.html_class(useragent.lean(text)).__name__ == "HTML"


def test_a_plain_document_gets_the_lean_sheet() -> None:
    assert useragent.lean("<ol><li>one</li></ol>", ".note { color: gray } ol { counter-reset: x }")
    assert useragent.html_class(True).__name__ == "LeanHTML"


LIST = (
    "<html lang='en'><style>@page { size: 300px 200px; margin: 10px }</style>"
    "<ol><li>one</li><li>two</li></ol><ul><li>three</li></ul>"
    "<p>text with <sup>1</sup> and <a href='#x'>a link</a></p><table><tr><td id='x'>cell"
    "</td></tr></table></html>"
)


def test_the_lean_sheet_lays_out_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Byte for byte: the rules it leaves out never drew anything in such a document."""
    lean = render_html(LIST, tmp_path, [tmp_path], "lean").pdf_bytes(b"same")
    monkeypatch.setattr(useragent, "lean", lambda *texts: False)
    whole = render_html(LIST, tmp_path, [tmp_path], "whole").pdf_bytes(b"same")
    assert lean == whole
    text = pdfium.PdfDocument(lean)[0].get_textpage().get_text_range()
    assert "1." in text and "2." in text and "three" in text  # (the list's markers)


def test_a_footnote_still_gets_its_call_and_marker(tmp_path: Path) -> None:
    html = (
        "<html lang='en'><style>@page { size: 300px 200px; margin: 10px }"
        " .fn { float: footnote }</style>"
        "<p>Main text<span class='fn'>The note itself.</span> goes on.</p></html>"
    )
    pdf = render_html(html, tmp_path, [tmp_path], "footnote").pdf_bytes(b"note")
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "1. The note itself." in text.replace("\r\n", " ").replace("\n", " ")
