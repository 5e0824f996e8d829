"""A chart's SVG file → the same drawing inline in a web page, named for screen readers.

The web edition puts its charts in the page itself, not behind `<img>`: so the page's own
font (`@font-face`) draws their text, which stays text a reader can select and find. What an
HTML page cannot hold is dropped (the XML prolog and doctype, matplotlib's RDF metadata); the
alt text the chart carries as its `<title>` becomes the drawing's accessible name.
"""

from __future__ import annotations

import re

PROLOG = re.compile(r"\A\s*<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?", re.DOTALL)
METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
ROOT = re.compile(r"<svg\b([^>]*)>")
TITLE = re.compile(r"<title>")


def inline_svg(svg: bytes, name: str) -> str:
    """`svg` (a whole chart drawing) as markup for an HTML page; `name` makes its title's id
    (one per page: e.g. 'music-producer-salary')."""
    text = METADATA.sub("", PROLOG.sub("", svg.decode("utf-8")), count=1)
    title_id = f"{name}-title"
    root = ROOT.search(text)
    if root is None:
        raise ValueError("not an SVG drawing")
    attributes = re.sub(r'\s(?:version|width|height)="[^"]*"', "", root.group(1))
    if TITLE.search(text):
        text = TITLE.sub(f'<title id="{title_id}">', text, count=1)
        named = f' role="img" aria-labelledby="{title_id}"'
    else:
        named = ' aria-hidden="true"'
    opening = f'<svg class="chart-svg"{attributes}{named} focusable="false">'
    return text[: root.start()] + opening + text[root.end() :].rstrip() + "\n"
