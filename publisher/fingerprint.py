"""What a built PDF depends on beyond its guide: tool, libraries, layouts, assets and fonts.

The fingerprint goes into every cache key, so an entry made by another version of the tool, a
changed layout, asset or font is never reused. It reads files and package metadata only.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from publisher import __version__
from publisher.fonts import font_files
from publisher.project import Project
from publisher.store import digest

PACKAGES = ("weasyprint", "pydyf", "tinycss2", "pyphen", "matplotlib", "pikepdf", "segno", "babel")
PACKAGE_DIR = Path(__file__).resolve().parent


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
def code_fingerprint() -> str:
    """The tool's own code (a digest of its source files)."""
    return digest(__version__, *_tree(PACKAGE_DIR))


def environment_fingerprint(project: Project) -> str:
    """One key for everything shared by all outputs of `project`."""
    parts: list[str | bytes] = [__version__]
    parts += [f"{name}={_package_version(name)}" for name in PACKAGES]
    parts += [code_fingerprint()]  # the tool's own code, charts included
    parts += _tree(project.layouts_dir)
    parts += _tree(project.assets_dir)
    parts += [project.config.model_dump_json()]
    for path in font_files():
        parts += [path.name, path.read_bytes()]
    return digest(*parts)
