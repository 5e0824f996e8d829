"""Font files from installed packages: one family for text and charts, never downloaded."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

FAMILY = "Source Sans Pro"
HEADING_FAMILY = "Source Serif Pro"


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    style: str  # "normal" | "italic"
    path: Path


_SANS = {
    ("Regular", 400, "normal"),
    ("It", 400, "italic"),
    ("Semibold", 600, "normal"),
    ("SemiboldIt", 600, "italic"),
    ("Bold", 700, "normal"),
    ("BoldIt", 700, "italic"),
    ("Black", 900, "normal"),
}
_SERIF = {
    ("Regular", 400, "normal"),
    ("It", 400, "italic"),
    ("Semibold", 600, "normal"),
    ("Bold", 700, "normal"),
}


def _package_dir(package: str) -> Path:
    return Path(str(files(package).joinpath("files")))


@cache
def faces() -> tuple[Face, ...]:
    """Every face the layouts and charts use, as TrueType files inside site-packages."""
    found: list[Face] = []
    for package, prefix, family, table in (
        ("font_source_sans_pro", "SourceSansPro", FAMILY, _SANS),
        ("font_source_serif_pro", "SourceSerifPro", HEADING_FAMILY, _SERIF),
    ):
        folder = _package_dir(package)
        for suffix, weight, style in sorted(table):
            path = folder / f"{prefix}-{suffix}.ttf"
            if path.is_file():
                found.append(Face(family, weight, style, path))
    return tuple(found)


def font_files() -> list[Path]:
    return [face.path for face in faces()]
