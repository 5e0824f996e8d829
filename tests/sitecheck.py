"""Reading the web edition as a browser would: its links, its images, its charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class PageFacts:
    """What one HTML page links to, the ids it defines, its inline SVGs and their names."""

    links: list[str] = field(default_factory=list)  # href and src values
    ids: set[str] = field(default_factory=set)
    svgs: list[dict[str, str]] = field(default_factory=list)  # the root <svg> attributes
    titles: dict[str, str] = field(default_factory=dict)  # <title id=…> text inside an SVG
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._title: str | None = None
        self._depth = 0  # inside an <svg>
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        for name in ("href", "src"):
            if name in found:
                self.facts.links.append(found[name])
        if "id" in found:
            self.facts.ids.add(found["id"])
        if tag == "svg":
            if self._depth == 0:
                self.facts.svgs.append(found)
            self._depth += 1
        if tag == "title" and self._depth:
            self._title = found.get("id", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._depth -= 1
        if tag == "title":
            self._title = None

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self.facts.titles[self._title] = self.facts.titles.get(self._title, "") + data
        elif not self._depth:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self.facts.text = " ".join(" ".join(self._text).split())


def read_page(path: Path) -> PageFacts:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.facts


def broken_links(site: Path) -> list[str]:
    """Every link of every page that is not relative, or whose file (or #fragment) is missing."""
    problems = []
    pages = {path: read_page(path) for path in site.rglob("*.html")}
    for path, facts in pages.items():
        for link in facts.links:
            parts = urlsplit(link)
            if parts.scheme == "https" and path.parent != site:  # a source's own page
                continue
            if parts.scheme or parts.netloc or link.startswith("/"):
                problems.append(f"{path}: not relative: {link}")
                continue
            target = (path.parent / parts.path).resolve() if parts.path else path
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                problems.append(f"{path}: no file for {link}")
            elif parts.fragment and parts.fragment not in pages[target].ids:
                problems.append(f"{path}: no #{parts.fragment} in {target.name}")
    return problems
