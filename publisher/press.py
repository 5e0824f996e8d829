"""Stage 6 (assemble), print sheets: a booklet → the sheets a printer runs.

`NAME-imposed.pdf` puts the booklet's pages 2-up in saddle-stitch order on sheets twice the
page size (Letter → Tabloid, A4 → A3); `NAME-office.pdf` (on request) scales the same spreads
onto Letter or A4 for an office printer and reports the smallest text that results.

Sheets are made from the booklet's parts, merged in memory beside the booklet itself (see
`publisher.binding`), never from a saved booklet: so they come out the same on every build,
and a booklet in the cache whose sheets are not is bound again from its (cached) parts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from publisher.project import Paper
from publisher.store import Store, digest

SMALLEST_TEXT_PT = 6.5  # source superscripts; notes are 7.5 pt and up


@dataclass(frozen=True)
class PrintOptions:
    """How a booklet goes to press: bleed and crop marks, and the office-printer variant."""

    bleed: str | None = None  # e.g. "3mm"
    marks: bool = False
    office: bool = False

    def css(self) -> str:
        rules = []
        if self.bleed:
            rules.append(f"bleed: {self.bleed};")
        if self.marks:
            rules.append("marks: crop cross;")
        return f"@page {{ {' '.join(rules)} }}" if rules else ""


@dataclass(frozen=True)
class Sheets:
    """The print sheets one booklet gets: suffix ("imposed", "office") → key and sheet size
    (None: twice the page, for saddle stitching)."""

    keys: dict[str, str]
    sizes: dict[str, tuple[float, float] | None]

    def cached(self, store: Store) -> bool:
        return all(store.has(key) and store.has(_scale_key(key)) for key in self.keys.values())

    def keep(self, store: Store, files: dict[str, Path], scales: list[float]) -> None:
        """Store the sheets made into `files` (by suffix, in the order of `sizes`) with their
        scales."""
        for (suffix, key), scale in zip(self.keys.items(), scales, strict=True):
            store.put(_scale_key(key), json.dumps(scale).encode())  # first: a sheet alone is a miss
            store.put_file(key, files[suffix])

    def outputs(self, store: Store) -> dict[str, tuple[str, str | None]]:
        """Suffix → (key, note for the reader) of sheets in `store`."""
        found: dict[str, tuple[str, str | None]] = {}
        for suffix, key in self.keys.items():
            note = None
            if suffix == "office":
                scale = json.loads(store.get(_scale_key(key)) or b"1")
                note = f"smallest text {SMALLEST_TEXT_PT * scale:.1f} pt (pages scaled to "
                note += f"{scale:.0%})"
            found[suffix] = (key, note)
        return found


def booklet_sheets(booklet_key: str, paper: Paper, press: PrintOptions) -> Sheets:
    keys = {"imposed": digest(booklet_key, "imposed-v3")}
    sizes: dict[str, tuple[float, float] | None] = {"imposed": None}
    if press.office:
        from publisher.impose import OFFICE_SHEETS

        keys["office"] = digest(booklet_key, "office-v3", paper)
        sizes["office"] = OFFICE_SHEETS[paper]
    return Sheets(keys, sizes)


def _scale_key(key: str) -> str:
    return digest(key, "scale")
