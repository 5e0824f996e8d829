"""The adapter to WeasyPrint's laid-out boxes reads a real page, and knows its version."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from publisher.layout import pagebox
from publisher.layout.engine import render_html


def test_the_adapter_was_checked_with_the_installed_layout_engine() -> None:
    """WeasyPrint has no public API for box geometry. After an upgrade, check every function
    of publisher/layout/pagebox.py against the new box tree, then update CHECKED_WITH."""
    assert version("weasyprint") == pagebox.CHECKED_WITH, "re-check publisher/layout/pagebox.py"


def test_it_reads_where_a_box_sits(tmp_path: Path) -> None:
    html = (
        "<html lang='en'><style>@page { size: 200px 300px; margin: 20px }"
        " body, p { margin: 0 } p { height: 50px }</style>"
        "<p>one</p><p class='related other'>two</p></html>"
    )
    page = render_html(html, tmp_path, [tmp_path], "test").pages[0]
    assert pagebox.content_top(page) == 20
    assert pagebox.content_bottom(page) == 280
    box = pagebox.with_class(page, "related")
    assert box is not None and pagebox.element(box).text == "two"
    assert (pagebox.top(box), pagebox.border_top(box), pagebox.bottom(box)) == (70, 70, 120)
    assert pagebox.with_class(page, "missing") is None
    tags = {pagebox.element(b).tag for b in pagebox.boxes(page) if pagebox.is_element_box(b)}
    assert {"html", "body", "p"} <= tags
