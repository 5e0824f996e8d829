"""The one door to WeasyPrint's user-agent stylesheet: the same sheet, less work per element.

WeasyPrint's user-agent stylesheet (the browser defaults every document starts from) has six
rules that match any element: `::marker`, `::footnote-call`, `::footnote-marker`,
`::note-call`, `::note-marker` and `::note-callback`. For each element of each document the
engine then computes six pseudo-element styles, which only a list item (its marker) or an
element floated into a footnote or note ever draws: about a tenth of a build's CPU, and some
13 MB while a 500-career appendix is laid out.

A document that floats nothing into a footnote or note, makes no element a list item through
its own styles and links or imports no other stylesheet (`lean`) is laid out with a copy of
that stylesheet whose marker rule is kept for `li` only (the one element the sheet itself
makes a list item), and whose five note rules are left out: the same pages, byte for byte.
Any other document gets the sheet as it is.

WeasyPrint has no public API for its user-agent stylesheet. `HTML._ua_stylesheets` is the one
private hook, used here only; `tests/layout/test_useragent.py` fails when the installed
WeasyPrint is not the version this was checked against, and `lean_text` refuses a sheet whose
rules are not the ones it expects.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

CHECKED_WITH = "70.0"  # the WeasyPrint version whose user-agent stylesheet this rewrites

LIST_ITEMS = "li"  # what the user-agent stylesheet makes list items
NOTES = ("footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback")
# What a document needs the whole sheet for: a float into a footnote or note area, or an
# element made a list item by the document's own styles; or styles this cannot read from
# where it looks (a stylesheet linked or imported: read by the engine, not here).
NEEDS_WHOLE_SHEET = re.compile(
    r"float\s*:\s*(?:footnote|note)|display\s*:[^;}\"']*list-item|@import|<link\b",
    re.IGNORECASE,
)


def lean(*texts: str) -> bool:
    """Whether a document of these texts (its HTML and stylesheets) can be laid out with the
    lean sheet: nothing in them floats into a footnote or note, makes a list item, or brings
    in styles from elsewhere."""
    return not any(NEEDS_WHOLE_SHEET.search(text) for text in texts)


def lean_text(sheet: str) -> str:
    """The user-agent stylesheet `sheet` with its marker rule kept for list items only and its
    note rules left out. Raises RuntimeError when a rule is not there as expected (a new
    version of the layout engine: check this module against it)."""
    text = _replace_once(sheet, "\n::marker {", f"\n{LIST_ITEMS}::marker {{")
    for pseudo in NOTES:
        rule = re.compile(rf"\n::{pseudo} \{{[^}}\n]*\}}")
        text, found = rule.subn("", text)
        if found != 1:
            raise RuntimeError(_changed(f"::{pseudo}"))
    return text


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise RuntimeError(_changed(old.strip(" {\n")))
    return text.replace(old, new)


def _changed(rule: str) -> str:
    return (
        f"the layout engine's user-agent stylesheet has no single '{rule}' rule: "
        "check publisher/layout/useragent.py against it"
    )


def html_class(lean_sheet: bool) -> Any:
    """WeasyPrint's `HTML`, or (`lean_sheet`) the same with the lean user-agent stylesheet."""
    from weasyprint import HTML

    return _lean_html() if lean_sheet else HTML


@cache
def _lean_html() -> Any:
    from weasyprint import HTML

    class LeanHTML(HTML):  # type: ignore[misc]
        """`HTML` laid out with the lean user-agent stylesheet (see the module)."""

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [_swap(sheet) for sheet in super()._ua_stylesheets(forms)]

    return LeanHTML


def _swap(sheet: Any) -> Any:
    from weasyprint.html import UA_STYLESHEET

    return _lean_sheet() if sheet is UA_STYLESHEET else sheet


@cache
def _lean_sheet() -> Any:
    """The lean user-agent stylesheet, parsed once per process."""
    from weasyprint import CSS
    from weasyprint.html import UA, UA_COUNTER_STYLE

    return CSS(string=lean_text(UA), counter_style=UA_COUNTER_STYLE)
