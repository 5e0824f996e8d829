"""The baseline a build is measured against: one layout-engine document per output, serially,
with no cache and no parts (issue 19).

    python benchmarks/baseline.py PROJECT OUT     # run by benchmarks/run.py, timed as a process

Each career's handout is laid out and written as one document (charts, template, layout,
PDF: the same stage functions the build calls), in this one process. The booklet is laid out
as ONE document: every part's HTML (front matter, openers, each career's spread laid out whole,
appendix, back cover) under one body, then written once; its page count is padded to a
multiple of four with blank pages and it is imposed as the build imposes. Nothing is reused
but each career's charts, drawn once (afresh) for its handout and its spread: no store, no
worker, no stamping of handout pages into spreads, no merge of parts.

What it writes (OUT/handouts/*.pdf, OUT/booklet.pdf, OUT/booklet-imposed.pdf) is not the
build's output (its booklet has no outline, no resolved cross-references, no Notes pages):
it is what the same pages cost when laid out the plain way, page for page.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publisher.charts.figures import Pictures
    from publisher.guides.library import Library
    from publisher.project.labels import Labels
    from publisher.project.settings import BookletRecipe, Project

# (it imports only `publisher`: the installed one, or the frozen copy PYTHONPATH points at)


def main(argv: list[str]) -> int:
    import os
    import shutil

    root, out = Path(argv[0]), Path(argv[1])
    today = date.fromisoformat(os.environ.get("PUBLISHER_TODAY", date.today().isoformat()))
    drawn = root / ".cache" / "baseline"  # its own charts, drawn afresh (no cache)
    shutil.rmtree(drawn, ignore_errors=True)
    try:
        handouts(root, out / "handouts", today, drawn)
        booklet(root, out, today, drawn)
    finally:
        shutil.rmtree(drawn, ignore_errors=True)
    return 0


def handouts(root: Path, out: Path, today: date, drawn: Path) -> None:
    from benchmarks.handouts import Handouts

    made = Handouts.load(root, today, drawn)
    out.mkdir(parents=True, exist_ok=True)
    for entry in made.entries:
        (out / f"{entry.slug}.pdf").write_bytes(made.make(entry).pdf)


def booklet(root: Path, out: Path, today: date, drawn: Path) -> None:
    """The project's first booklet recipe as one document, then imposed."""
    import pikepdf

    from publisher.builder.pictures import PictureFiles
    from publisher.documents.impose import place_sheets, save_sheets
    from publisher.guides.library import load_library
    from publisher.layout.engine import allowed_roots, render_html
    from publisher.project.labels import load_labels
    from publisher.project.settings import load_project
    from publisher.project.variants import STANDARD

    project = load_project(root)
    library = load_library(project, today)
    labels = load_labels(project.layouts, project.config.locale)
    pictures = PictureFiles(drawn, project.config.locale)
    recipe = project.config.booklets[0]
    html, stylesheets = booklet_html(project, library, recipe, labels, pictures)
    layouts = STANDARD.layouts(project.layouts)
    roots = allowed_roots(layouts, project.assets_dir, project.cache_dir)
    rendered = render_html(
        html, layouts.first, roots, recipe.name, stylesheets=stylesheets, layers=layouts.folders
    )
    (out / "booklet.pdf").write_bytes(rendered.pdf_bytes(recipe.name.encode()))
    with pikepdf.open(out / "booklet.pdf") as document:
        box = document.pages[0].mediabox
        size = (float(box[2]) - float(box[0]), float(box[3]) - float(box[1]))
        while len(document.pages) % 4:
            document.add_blank_page(page_size=size)
        for _ in place_sheets(document, [None]):
            with (out / "booklet-imposed.pdf").open("wb") as stream:
                save_sheets(document, stream)


def booklet_html(
    project: Project, library: Library, recipe: BookletRecipe, labels: Labels, pictures: Pictures
) -> tuple[str, list[Path]]:
    """Every part's HTML as the build makes it, under one body: one page break between parts
    and the first part's head (its page rules number from page 1)."""
    from publisher.documents.booklet import (
        PartSpec,
        closing_parts,
        make_view,
        paginate,
        part_view,
        select_entries,
    )
    from publisher.documents.parts import PartJob, part_html

    careers = {e.slug: e for e in select_entries(recipe, library) if e.guide is not None}
    titles = {slug: e.guide.title for slug, e in careers.items() if e.guide is not None}
    base = make_view(project, recipe, [(s, e.guide) for s, e in careers.items() if e.guide], labels)
    view, body = paginate(base, 3)
    specs = [PartSpec("front", 1, 3 + view.front_fillers), *body, *closing_parts(body[-1], 2)]
    bodies: list[str] = []
    head, stylesheets = "", list[Path]()
    for spec in specs:
        career = None
        if spec.kind == "spread":
            entry = careers[spec.slug]
            assert entry.guide is not None
            career = (entry.slug, entry.guide, entry.display, entry.is_draft)
        related = tuple(career[1].related) if career else ()
        shown = part_view(view, spec, related)
        chosen = {s: titles[s] for s in related if s in titles}
        job = PartJob(
            project, shown, spec, labels, project.config.paper, "", chosen, pictures, career
        )
        html, _, stylesheets = part_html(job)
        head = head or html[: html.index("<body")]
        inner = re.search(r"<body class=\"([^\"]*)\">(.*)</body>", html, re.S)
        assert inner is not None
        bodies.append(f'<div class="{inner[1]}" style="break-before: page">{inner[2]}</div>')
    return f"{head}<body>{''.join(bodies)}</body></html>", stylesheets


if __name__ == "__main__":
    # (the repo last on the path, for `benchmarks`: `publisher` stays the one measured)
    sys.path.append(str(Path(__file__).resolve().parents[1]))
    sys.exit(main(sys.argv[1:]))
