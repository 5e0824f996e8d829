"""Stage 4 (template), for the live preview: what `publisher serve` adds to a web page.

The handout's page pictures beside the page, the build's problems (`file:line:col`) in place
of a stale page, and the script that reloads the page when a rebuild is done. None of it is
ever written to the web edition: the server adds it to what it sends.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.layout.template import environment
from publisher.project.labels import Labels
from publisher.project.layouts import Layouts

TEMPLATE = "site/live.html"


@dataclass(frozen=True)
class Version:
    """How many times the pages (`html`) and the handouts (`pdf`) have been rebuilt."""

    html: int
    pdf: int


@dataclass(frozen=True)
class Preview:
    """The handout beside a career's page: its title and the URLs of its page pictures."""

    title: str
    pages: list[str]
    pending: bool  # not laid out yet (rather than failed)


def _macros(layouts: Layouts, labels: Labels, version: Version, lang: str = "en") -> object:
    context = {"labels": labels, "version": {"html": version.html, "pdf": version.pdf}}
    return environment(layouts).get_template(TEMPLATE).make_module({**context, "lang": lang})


def with_live_preview(
    html: str, layouts: Layouts, labels: Labels, version: Version, preview: Preview | None
) -> str:
    """`html` (a site page) with the reload script, and the handout's pages beside it."""
    macros = _macros(layouts, labels, version)
    panel = str(macros.panel(preview)) if preview else ""  # type: ignore[attr-defined]
    script = str(macros.script())  # type: ignore[attr-defined]
    if preview is not None:
        html = html.replace('<body class="', '<body class="live-with-preview ', 1)
    html = html.replace("</head>", f"{macros.style()}\n</head>", 1)  # type: ignore[attr-defined]
    head, tail = html.rsplit("</body>", 1) if "</body>" in html else (html, "")
    return f"{head}{panel}{script}\n</body>{tail}"


def problems_page(
    problems: list[str], layouts: Layouts, labels: Labels, version: Version, lang: str
) -> str:
    """A page that lists the build's problems, and reloads when they are fixed."""
    macros = _macros(layouts, labels, version, lang)
    return str(macros.problems_page(problems))  # type: ignore[attr-defined]
