"""The web edition: output/site/, each file by its key, like every other output.

A page per printable career (`SLUG/index.html`, so a host serves it at BASE/SLUG/, the
address the handout's QR code prints when publisher.yaml sets `base_url`), the index by
field, the stylesheet and the fonts it names, and each career's handout copied beside its
page (`SLUG/SLUG.pdf`): the folder holds everything it links and works wherever it is copied.
A page needs no layout engine: only its charts, drawn once for the handouts. A handout not
laid out yet (the live preview writes pages first) is copied by a later build.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.builder import keys
from publisher.builder.report import Outcome
from publisher.builder.session import entry_failure, handout_name, output_folder
from publisher.project.fonts import FAMILY, HEADING_FAMILY, faces

if TYPE_CHECKING:
    from publisher.builder.session import Session
    from publisher.guides.library import Entry

# The faces the site's stylesheet names: the text's, and the headings' bold serif.
SITE_FACES = {
    (FAMILY, 400, "normal"),
    (FAMILY, 400, "italic"),
    (FAMILY, 600, "normal"),
    (FAMILY, 700, "normal"),
    (HEADING_FAMILY, 700, "normal"),
}


def site_folder(session: Session) -> str:
    """'site' at the project's paper; 'site-a4' (say) at another, like the handouts it links."""
    return output_folder("site", session.paper, session.project.config.paper)


def site_fonts() -> dict[str, Path]:
    """The font files the site's stylesheet names, and the licences that travel with them,
    by their names in the site's `fonts/`."""
    fonts = {f.path.name: f.path for f in faces() if (f.family, f.weight, f.style) in SITE_FACES}
    for path in list(fonts.values()):
        licence = path.parent / "LICENSE.txt"  # (each font package's: OFL 1.1)
        if licence.is_file():
            fonts[f"{path.stem.split('-')[0]}-LICENSE.txt"] = licence
    return dict(sorted(fonts.items()))


def site_outputs(careers: int) -> int:
    """How many files the web edition of this many careers writes (for the build's progress):
    a page and a handout a career, the index, the stylesheet, and the fonts."""
    return 2 * careers + 2 + len(site_fonts())


@dataclass
class _Career:
    """A career's two files in the web edition: its page (`key`) and its handout's copy."""

    entry: Entry
    key: str
    linked: frozenset[str]
    page: bool = False  # made (or kept)
    copy: bool = False


class WebEdition:
    """The web edition, made in one pass (`finish`) or two: `early` makes what waits for no
    layout of this build while the build process would wait for a handout anyway (a rebuild
    after one edited guide: some 0.3 s of 500 careers' pages, keys and copies, that would
    otherwise run at the end beside the booklet's writers), and `finish` the rest: the pages
    whose charts were not drawn yet and the copies of the handouts laid out now."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.folder = site_folder(session)
        self.careers: list[_Career] | None = None  # (planned by the first pass)

    def early(self) -> None:
        self._make(final=False)

    def finish(self) -> None:
        self._make(final=True)

    def _make(self, *, final: bool) -> None:
        session, folder = self.session, self.folder
        if self.careers is None:
            self.careers = self._plan()
        for career in self.careers:
            entry = career.entry
            if not career.page:
                name = f"{folder}/{entry.slug}/index.html"
                if session.from_cache(name, career.key):
                    career.page = True
                elif (page := _page(session, entry, career.linked, draw=final)) is not None:
                    session.write(name, career.key, page)
                    career.page = True
            if not career.copy:
                career.copy = _copy_handout(session, folder, entry) or final

    def _plan(self) -> list[_Career]:
        """The careers' keys, and the files that wait for none: the stylesheet, the fonts
        and the index."""
        session, folder = self.session, self.folder
        site_env = keys.site_environment(session.project, session.env)
        entries = _published(session)
        slugs = {entry.slug for entry in entries}
        _static(session, folder)
        careers = []
        for entry in entries:
            assert entry.guide is not None
            titles = {s: session.titles[s] for s in entry.guide.related if s in session.titles}
            linked = frozenset(titles) & slugs
            careers.append(_Career(entry, keys.site_page(site_env, entry, titles, linked), linked))
        cards = [
            (e.slug, e.guide.title, e.guide.summary, session.project.cluster_name(e.guide.cluster))
            for e in entries
            if e.guide is not None
        ]
        session.provide(
            f"{folder}/index.html",
            keys.site_index(site_env, cards),
            lambda: _index(session, entries),
        )
        return careers


def _published(session: Session) -> list[Entry]:
    """The careers that have a page; a guide that cannot be printed has none, and says why
    (unless its handout already did)."""
    failed = {outcome.name for outcome in session.report.failed}
    published = []
    for entry in session.library.entries:
        reason = entry_failure(entry, session.options.strict, session.options.draft)
        if reason is None:
            published.append(entry)
            continue
        handout = handout_name(entry.slug, session.paper, session.project.config.paper)
        if handout not in failed:
            name = f"{site_folder(session)}/{entry.slug}/index.html"
            session.report.failed.append(Outcome(name, error=reason))
    return published


def _static(session: Session, folder: str) -> None:
    """The stylesheet and the fonts, each keyed by its own bytes."""
    stylesheet = session.project.layouts.require("site/site.css")
    files = {"site.css": stylesheet, **{f"fonts/{n}": p for n, p in site_fonts().items()}}
    for name, path in files.items():
        data = path.read_bytes()
        session.provide(f"{folder}/{name}", keys.site_file(name, data), partial(bytes, data))


def _copy_handout(session: Session, folder: str, entry: Entry) -> bool:
    """The career's handout beside its page, once this or an earlier build has made it
    (True: copied or kept)."""
    key = session.handout_key(entry)
    handout = handout_name(entry.slug, session.paper, session.project.config.paper)
    source = session.project.output_dir / handout
    if not (session.store.has(key) or session.manifest.current(handout, key, source)):
        return False
    session.provide(f"{folder}/{entry.slug}/{entry.slug}.pdf", key, source.read_bytes)
    return True


def _page(session: Session, entry: Entry, linked: frozenset[str], *, draw: bool) -> bytes | None:
    """The career's page; None when one of its charts is not drawn yet and not to `draw` (a
    page made early must not draw one here: a worker laying out its handout is drawing it)."""
    from publisher.charts.figures import Image, chart_plans
    from publisher.charts.inline import inline_svg
    from publisher.layout.site import career_page
    from publisher.layout.views import build_spread
    from publisher.project.formatting import Formatter

    project, guide, labels = session.project, entry.guide, session.labels
    assert guide is not None
    fmt = Formatter(project.config.locale)
    plans = chart_plans(project, guide, labels, fmt)
    paths = {name: session.pictures.chart_path(plan) for name, plan in plans.items()}
    if not draw and not all(path.is_file() for path in paths.values()):
        return None
    svgs = {}
    for name, plan in plans.items():
        session.pictures.chart(plan)  # (drawn for the handout already, unless it is not laid out)
        svgs[name] = inline_svg(paths[name].read_bytes(), f"{entry.slug}-{name}")
    spread = build_spread(
        entry.slug,
        guide,
        fmt=fmt,
        labels=labels,
        cluster_name=project.cluster_name(guide.cluster),
        related_titles={s: session.titles[s] for s in guide.related if s in session.titles},
        charts={name: Image("", plan.alt) for name, plan in plans.items()},
        qr=None,
        url=guide.more_info_url,
        reference=project.config.reference_median,
        draft=entry.is_draft,
    )
    pdf = f"{entry.slug}.pdf"
    html = career_page(project, spread, labels, charts=svgs, pdf=pdf, linked=linked)
    return html.encode("utf-8")


def _index(session: Session, entries: list[Entry]) -> bytes:
    from publisher.layout.site import index_fields, index_page

    guides = {e.slug: e.guide for e in entries if e.guide is not None}
    fields = index_fields(session.project, guides)
    return index_page(session.project, fields, session.labels).encode("utf-8")
