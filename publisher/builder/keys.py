"""Every key the build names things by, in one place: what each output's bytes depend on.

A key is a SHA-256 over everything that shapes what it names. Every recipe here starts from
`environment` (the tool's code, its libraries, the project's layouts, assets, settings and
fonts) or from `code`, so an entry made by another version of anything is never reused and no
key needs a hand-bumped version suffix. The store (`publisher.builder.store`) and the record of
`output/` hold entries by these keys; nothing else decides whether an output is current.
Reading keys imports nothing heavy: a no-op rebuild never loads WeasyPrint or matplotlib.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from publisher import __version__
from publisher.project.fonts import font_files

if TYPE_CHECKING:
    from publisher.charts import ChartPlan
    from publisher.documents.parts import PartJob
    from publisher.guides.library import Entry
    from publisher.project.settings import BookletRecipe, Paper, Project

PACKAGES = ("weasyprint", "pydyf", "tinycss2", "pyphen", "matplotlib", "pikepdf", "segno", "babel")
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # publisher/
LINKER_CACHE = Path("/etc/ld.so.cache")
SEARCH_PATHS = ("LD_LIBRARY_PATH", "LIBRARY_PATH", "PATH")  # ld, the compiler, which compiler
SITE_LAYOUTS = "site/"  # the web edition's own templates and stylesheet: no PDF reads them


def digest(*parts: str | bytes) -> str:
    """A stable key for `parts` (order matters; each part is length-prefixed)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


@cache
def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def _tree(folder: Path) -> list[str | bytes]:
    parts: list[str | bytes] = []
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return parts


@cache
def code() -> str:
    """The tool's own code: a digest of its version and every source file."""
    return digest(__version__, *_tree(PACKAGE_DIR))


def environment(project: Project) -> str:
    """Everything shared by all outputs of `project`: code, libraries, layouts, assets,
    settings and fonts."""
    parts: list[str | bytes] = [code()]
    parts += [f"{name}={_package_version(name)}" for name in PACKAGES]
    printed = project.config.locale
    for relative, path in project.layouts.files().items():  # the project's own files win
        if _other_catalog(relative, printed):
            continue  # (editing the Spanish labels leaves the English outputs current)
        if not relative.startswith(SITE_LAYOUTS):  # (a web page's look never lays a PDF out)
            parts += [relative, path.read_bytes()]
    parts += _tree(project.assets_dir)
    parts += [project.config.model_dump_json(), project.edition_name, project.variant]
    for path in font_files():
        parts += [path.name, path.read_bytes()]
    return digest(*parts)


def _other_catalog(relative: str, locale: str) -> bool:
    """Whether `relative` is a label catalog `locale` never reads (see `project.labels`)."""
    if not relative.startswith("labels/"):
        return False
    name = relative.removeprefix("labels/").removesuffix(".yaml")
    language = locale.split("_", maxsplit=1)[0]
    return name not in {locale, language} and not (language == "en" and name == "en_US")


def handout(
    env: str,
    entry: Entry,
    paper: Paper,
    related_titles: dict[str, str],
    *,
    draft: bool = False,
    variant: str = "standard",
) -> str:
    """A handout: its guide, where it lives, the paper, the titles its related line prints
    (so editing another guide's summary keeps it), whether it is a draft, and the layout
    variant ('standard', 'large-print')."""
    titles = repr(sorted(related_titles.items()))
    mark = "draft" if draft else "final"
    parts = (entry.slug, paper, entry.display, entry.content, titles, mark, variant)
    return digest(env, "handout", *parts)


def site_environment(project: Project, env: str) -> str:
    """What every web page depends on: `env` and the site's templates (its stylesheet is a
    file of its own, `site_file`)."""
    parts: list[str | bytes] = [env]
    for relative, path in project.layouts.files().items():
        if relative.startswith(SITE_LAYOUTS) and relative.endswith(".html"):
            parts += [relative, path.read_bytes()]
    return digest(*parts)


def site_page(
    site_env: str, entry: Entry, related_titles: dict[str, str], linked: Iterable[str]
) -> str:
    """A career's web page: its guide, the titles of the related careers it names, and which
    of them it links (those with a page of their own)."""
    titles = repr(sorted(related_titles.items()))
    mark = "draft" if entry.is_draft else "final"
    links = ",".join(sorted(linked))
    return digest(site_env, "page", entry.slug, entry.display, entry.content, titles, links, mark)


def site_index(site_env: str, cards: Iterable[tuple[str, str, str, str]]) -> str:
    """The web edition's index: each career it lists (slug, title, summary, field)."""
    return digest(site_env, "index", *(repr(card) for card in cards))


def site_file(name: str, data: bytes) -> str:
    """A file the web edition copies as it is (its stylesheet, a font): its name and bytes."""
    return digest("site-file", name, data)


def page_images(pdf: bytes, scale: float) -> str:
    """The pictures of a PDF's pages that the live preview shows beside the web page."""
    return digest(code(), "page-images", pdf, repr(scale))


def handout_layout(handout_key: str) -> str:
    """The layout facts a handout keeps beside its PDF for the booklets that reuse it."""
    return digest(handout_key, "layout")


def booklet(
    env: str,
    recipe: BookletRecipe,
    paper: Paper,
    print_css: str,
    entries: Iterable[Entry],
    *,
    variant: str = "standard",
) -> str:
    careers = (f"{e.slug}:{e.display}:{e.content}" for e in entries)
    return digest(env, "booklet", recipe.model_dump_json(), paper, print_css, variant, *careers)


def booklet_note(booklet_key: str) -> str:
    """What the reader is told of a booklet (see `publisher.builder.booklets.related_note`),
    kept beside it so that every build that reuses it says it again."""
    return digest(booklet_key, "note")


def part(env: str, job: PartJob, content: str = "") -> str:
    """One booklet part: its reduced view (`publisher.documents.booklet.part_view`), spec,
    the level of its headings, the titles it prints and, for a spread, its career (`content`:
    its guide as canonical JSON, `Entry.content`, made once for its handout's key). Parts
    only ever see their reduced view, so nothing else can change their bytes."""
    career = ""
    if job.career is not None:
        if not content:
            raise ValueError("a spread's key needs its guide's content")
        _, _, display, draft = job.career
        career = json.dumps([display, content, draft])
    subject = [repr(job.spec), repr(job.view), repr(sorted(job.titles.items())), career]
    subject.append(f"headings={job.headings}")
    return digest(env, "part", job.paper, job.print_css, job.variant, *subject)


def segment(relocated_key: str, context: bytes) -> str:
    """A booklet's part as written into its booklet or sheets (`publisher.documents.bind.
    Segments`): the part relocated (its key is the part's) in the place `context` describes."""
    return digest(relocated_key, "segment", context)


def sheets(booklet_key: str, kind: str, paper: Paper) -> str:
    """A booklet's print sheets of one kind ('imposed', 'office')."""
    return digest(booklet_key, kind, paper)


def sheet_scale(sheets_key: str) -> str:
    """The scale those sheets were placed at (kept beside them for the summary's note)."""
    return digest(sheets_key, "scale")


def parsed_guide(  # noqa: PLR0917 -- each is a part of the key
    today: date,
    display: str,
    slug: str,
    data: bytes,
    datasets: str,
    clusters: frozenset[str] = frozenset(),
) -> str:
    """A guide file as read: its bytes, name, the day (some checks depend on the date), the
    project's data its figures are linked to (`datasets`: their digest) and the clusters
    publisher.yaml names (a guide's is checked against them)."""
    known = ",".join(sorted(clusters))
    return digest(code(), "guide", today.isoformat(), display, slug, data, datasets, known)


def chart(plan: ChartPlan, locale: str = "en_US") -> str:
    """A chart drawing: its plan's identity (content, size, style, versions and chart code)
    and the locale its words and numbers are in."""
    return digest("chart", plan.identity, locale)


def qr(url: str) -> str:
    return digest(code(), "qr", url)


def measure(env: str, subject: str) -> str:
    """What a layout measured (`publisher.builder.measures`): the environment it was laid out
    in and what it laid out (a document's HTML and its stylesheets)."""
    return digest(env, "measure", subject)


def furniture(env: str, subject: str) -> str:
    """A spread's furniture (`publisher.builder.furniture`): the environment it was laid out
    in and what it laid out (its HTML, stylesheets and the handout's related line)."""
    return digest(env, "furniture", subject)


def library_lookups() -> str:
    """What the system's answers to library look-ups depend on (see
    `publisher.builder.libraries`): the dynamic linker's cache, the search paths, the platform."""
    try:
        stat = LINKER_CACHE.stat()
        linker = f"{stat.st_mtime_ns}:{stat.st_size}"
    except OSError:
        linker = "none"
    paths = [os.environ.get(name, "") for name in SEARCH_PATHS]
    return digest("libraries", linker, *paths, platform.machine(), platform.python_version())


def card(env: str, entry: Entry, paper: Paper, *, draft: bool = False) -> str:
    """A table card: its guide, where it lives, the paper and whether it is a draft."""
    mark = "draft" if draft else "final"
    return digest(env, "card", entry.slug, paper, entry.display, entry.content, mark)


def card_sheet(card_key: str, up: int = 4) -> str:
    """A card's print sheet: `up` copies and crop marks (its paper is the card's)."""
    return digest(card_key, "sheet", str(up))


def comparison(env: str, entries: Sequence[Entry], paper: Paper, *, draft: bool = False) -> str:
    """A comparison sheet: its guides in their order, where they live, the paper, drafts."""
    mark = "draft" if draft else "final"
    parts = [part for entry in entries for part in (entry.slug, entry.display, entry.content)]
    return digest(env, "comparison", paper, mark, *parts)
