"""Shared test helpers: the real project root, a pinned clock, and throwaway project copies."""

from __future__ import annotations

import gc
import itertools
import re
import shutil
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

import pikepdf
import pytest
import yaml

from publisher.builder.report import BuildReport
from publisher.builder.session import BuildOptions, build
from publisher.guides.library import Library
from publisher.guides.models import Guide
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels, load_labels
from publisher.project.layouts import Layouts
from publisher.project.settings import BookletRecipe, Paper, Project

ROOT = Path(__file__).parents[1]
TODAY = date(2026, 11, 24)


# The table cards and comparison sheets publisher.yaml asks a whole build for.
EXTRAS = re.compile(r"^(?:cards|comparisons):.*\n(?:[ #].*\n|\n)*", re.MULTILINE)


def copy_project(
    dest: Path,
    guides: Iterable[str] | None = None,
    *,
    extras: bool = False,
    editions: bool = False,
) -> Path:
    """A copy of the real project (config, layouts, assets, data) with the named guides
    (default all); its publisher.yaml asks for no table cards or comparisons unless `extras`,
    and has no other editions unless `editions` (then their translations come too).

    A named guide the project does not have yet is skipped, so callers check what loaded.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for folder in ("layouts", "assets", "schema", "data"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, dest / folder)
    if (ROOT / "publisher.yaml").is_file():
        settings = (ROOT / "publisher.yaml").read_text(encoding="utf-8")
        if not editions:
            settings = english_only(settings)
        if not extras:  # (tests that make them name their cards and comparisons themselves)
            settings = EXTRAS.sub("", settings)
        (dest / "publisher.yaml").write_text(settings, encoding="utf-8")
    (dest / "guides").mkdir()
    slugs = guides if guides is not None else [p.stem for p in (ROOT / "guides").glob("*.yaml")]
    for slug in slugs:
        source = ROOT / "guides" / f"{slug}.yaml"
        if source.is_file():
            shutil.copyfile(source, dest / "guides" / source.name)
        translation = ROOT / "guides" / "es" / f"{slug}.yaml"
        if editions and translation.is_file():
            (dest / "guides" / "es").mkdir(exist_ok=True)
            shutil.copyfile(translation, dest / "guides" / "es" / translation.name)
    return dest


def english_only(settings: str) -> str:
    """The sample settings without their other editions (the `editions:` block, last in the
    file, and the booklet recipes printed only in them): every line before stays where it
    was, so problems are placed as in the real file."""
    kept: list[str] = []
    for line in settings.split("\n"):
        if line.startswith(("# More editions", "editions:")):
            break
        if line.strip() == "editions: [es-US]":  # the last line of a recipe printed in es-US
            while kept and kept[-1].startswith("    "):
                kept.pop()
            kept.pop()  # (its `- name:` line)
            continue
        kept.append(line)
    return "\n".join(kept).rstrip("\n") + "\n"


@pytest.fixture(scope="session", autouse=True)
def _engine_let_go() -> Iterator[None]:
    """Tests that lay out pages outside a build hold this process's font configuration;
    let it go at the end, so the layout engine removes the font files it wrote. A build
    laid out in this process may have frozen what the process held (`workers.settle`), a
    page's configuration that was already garbage among it: unfrozen, it is collected."""
    yield
    from publisher.layout.engine import release_engine

    release_engine()
    gc.unfreeze()
    gc.collect()


@pytest.fixture(scope="session")
def labels() -> Labels:
    """The project's label catalog."""
    return load_labels(Layouts.of(ROOT / "layouts"))


@pytest.fixture(scope="session")
def formatter() -> Formatter:
    return Formatter()


@pytest.fixture(scope="session")
def guide() -> Guide:
    """The Music Producer guide as written (not linked to the project's data)."""
    raw = yaml.safe_load((ROOT / "guides" / "music-producer.yaml").read_text(encoding="utf-8"))
    return Guide.model_validate(raw)


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """`make_project(["music-producer"])` → root of a fresh project copy under tmp_path."""
    counter = itertools.count(1)

    def make(guides: Iterable[str] | None = None) -> Path:
        return copy_project(tmp_path / f"project-{next(counter)}", guides)

    return make


def build_handouts(
    project: Project,
    library: Library,
    slugs: list[str] | None = None,
    paper: Paper | None = None,
    jobs: int = 1,
) -> BuildReport:
    """Handouts only (all, or `slugs`), in this process unless `jobs` > 1."""
    options = BuildOptions(paper=paper, jobs=jobs)
    return build(project, TODAY, options=options, slugs=slugs, booklets=[], library=library)


def build_booklet(
    project: Project, library: Library, recipe: BookletRecipe, jobs: int = 1
) -> BuildReport:
    """One booklet and its imposed sheets, no handouts."""
    options = BuildOptions(jobs=jobs)
    return build(project, TODAY, options=options, slugs=[], booklets=[recipe], library=library)


# A school's logo, as the branding tests and the booklet's cover tests set it.
ALT = "Riverside High School crest"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">'
    b'<circle cx="60" cy="60" r="56" fill="#1f4e79"/><text x="60" y="78" font-size="56" '
    b'text-anchor="middle" fill="#fff">R</text></svg>'
)


def png(width: int = 24, height: int = 24) -> bytes:
    """A small solid-blue PNG, written out by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1f\x4e\x79" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))


def with_logo(root: Path, name: str, data: bytes, alt: str | None = ALT) -> None:
    (root / "assets" / name).write_bytes(data)
    lines = f"  logo: {name}\n" + (f"  logo_alt: {alt}\n" if alt else "")
    config = root / "publisher.yaml"
    config.write_text(config.read_text().replace("branding:\n", "branding:\n" + lines, 1))


def images_on(page: pikepdf.Page) -> int:
    def count(resources: pikepdf.Dictionary) -> int:
        total = 0
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Image":
                total += 1
            elif "/Resources" in xobject:
                total += count(xobject.Resources)
        return total

    return count(page.obj.Resources)
