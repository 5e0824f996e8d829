"""Chart plans: a chart's content → its identity and its drawing.

A plan holds everything a chart shows, already formatted for the locale (labels, values, alt
text) plus its print size. Its identity is a sha256 of that content, the style, the versions
of matplotlib, the font and the publisher, and the chart code itself: any change to what it
would look like gives a new identity (the build names drawn charts by it).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, ClassVar, Protocol

import publisher
from publisher.charts.style import (
    STANDARD_STYLE,
    ChartStyle,
    Format,
    add_title,
    enlarge,
    fingerprint,
)


class ChartData(Protocol):
    """The formatted content of one chart (a frozen dataclass), able to draw itself."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def draw(self, width_in: float, height_in: float | None, fmt: Format, salt: str) -> bytes:
        """Draw at `width_in` (and `height_in`, or a height the content needs)."""
        ...


@dataclass(frozen=True)
class ChartPlan:
    """What one chart will show, at what size; `identity` tells its drawings apart."""

    name: str
    data: ChartData
    alt: str
    width_in: float
    height_in: float | None = None  # None: as tall as the content needs
    style: ChartStyle = STANDARD_STYLE  # large print: the same chart, drawn larger

    @property
    def identity(self) -> str:
        """A digest of everything the drawing depends on: content, size, style, versions and
        the chart code. It also salts the SVG's element ids, so the same plan draws the same
        bytes."""
        content = {
            "chart": self.name,
            "kind": type(self.data).__name__,
            "data": dataclasses.asdict(self.data),
            "alt": self.alt,
            "size": [self.width_in, self.height_in],
            "style": fingerprint(self.style),
            "versions": _versions(),
            "code": _code_digest(),
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def draw(self, fmt: Format = "svg") -> bytes:
        """Draw the chart (imports matplotlib); an SVG carries the alt text as its <title>."""
        scale = self.style.scale
        height = None if self.height_in is None else self.height_in / scale
        drawn = self.data.draw(self.width_in / scale, height, fmt, salt=self.identity[:16])
        return add_title(enlarge(drawn, scale), self.alt) if fmt == "svg" else drawn


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "none"


@cache
def _versions() -> dict[str, str]:
    return {
        "matplotlib": _package_version("matplotlib"),
        "font": _package_version("font-source-sans-pro"),
        "publisher": publisher.__version__,
    }


@cache
def _code_digest() -> str:
    """The chart code's own version: a digest of this package's source files."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
