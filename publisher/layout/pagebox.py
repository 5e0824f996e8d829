"""The one door into WeasyPrint's laid-out boxes: where a section or a line sits on a page.

WeasyPrint has no public API for the geometry of a laid-out page, and the fit check and the
reuse of handout pages in booklets need it. Everything that reads the box tree (`_page_box`,
`position_y`, `margin_height()`, …) goes through the functions here, and
`tests/layout/test_pagebox.py` fails loudly when the installed WeasyPrint is not the version
this adapter was checked against. All lengths are CSS px from the top of the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

CHECKED_WITH = "70.0"  # the WeasyPrint version whose box tree this reads


def boxes(page: Any) -> Iterator[Any]:
    """Every box of a laid-out page, depth first."""
    yield from _descendants(page._page_box)


def _descendants(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


def children(box: Any) -> tuple[Any, ...]:
    return tuple(getattr(box, "children", ()))


def root(page: Any) -> Any:
    """The page's own box (its children are the page's content)."""
    return page._page_box


def element(box: Any) -> Any:
    """The HTML element a box was made for, or None (anonymous and line boxes)."""
    return getattr(box, "element", None)


def is_element_box(box: Any) -> bool:
    """Whether the box is an element's own box (not one of its line or text boxes)."""
    return bool(getattr(box, "element_tag", None))


def top(box: Any) -> float:
    """Where the box's margin edge starts."""
    return float(box.position_y)


def border_top(box: Any) -> float:
    return float(box.position_y + box.margin_top)


def bottom(box: Any) -> float:
    """Where the box's margin edge ends."""
    return float(box.position_y + box.margin_height())


def border_bottom(box: Any) -> float:
    """Where the box's border edge ends (its bottom margin left out)."""
    return float(box.position_y + box.margin_height() - box.margin_bottom)


def content_top(page: Any) -> float:
    """Where the page area (inside the page margins) starts."""
    return float(page._page_box.content_box_y())


def content_bottom(page: Any) -> float:
    box = page._page_box
    return float(box.content_box_y() + box.height)


def with_class(page: Any, name: str) -> Any | None:
    """The first box whose element carries the class `name`."""
    for box in boxes(page):
        found = element(box)
        if found is not None and name in (found.get("class") or "").split():
            return box
    return None
