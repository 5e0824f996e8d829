"""Stage 6 (assemble), print sheets: a booklet → the sheets a printer runs.

`NAME-imposed.pdf` puts the booklet's pages 2-up in saddle-stitch order on sheets twice the
page size (Letter → Tabloid, A4 → A3); `NAME-office.pdf` (on request) scales the same spreads
onto Letter or A4 for an office printer and reports the smallest text that results.
"""

from __future__ import annotations

from concurrent.futures import Executor
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


def impose_booklet(
    store: Store,
    booklet_key: str,
    paper: Paper,
    press: PrintOptions,
    *,
    booklet: Path | None = None,
    executor: Executor | None = None,
) -> dict[str, tuple[str, str | None, bool]]:
    """Make sure the booklet's sheets are in `store`. `booklet` is the file just written, read
    from there rather than the cache; `executor` makes the sheets in a worker process (a big
    booklet's sheets take as much memory as its merge did, and a worker gives it back).

    Returns suffix → (key, note for the reader, whether it was made just now)."""
    saddle = digest(booklet_key, "imposed-v2")
    office = digest(booklet_key, "office-v2", paper)
    wanted: dict[str, tuple[float, float] | None] = {}
    if not store.has(saddle):
        wanted[saddle] = None
    if press.office:  # cheap to redo; the scale is needed for the note anyway
        from publisher.impose import OFFICE_SHEETS

        wanted[office] = OFFICE_SHEETS[paper]
    scales: dict[str, float] = {}
    if wanted:
        data: Path | bytes | None = booklet or store.get(booklet_key)
        assert data is not None, "the booklet is stored before it is imposed"
        sizes = list(wanted.values())
        made = executor.submit(impose, data, sizes).result() if executor else impose(data, sizes)
        for key, (sheet, scale) in zip(wanted, made, strict=True):
            store.put(key, sheet)
            scales[key] = scale
    sheets: dict[str, tuple[str, str | None, bool]] = {"imposed": (saddle, None, saddle in scales)}
    if press.office:
        note = f"smallest text {SMALLEST_TEXT_PT * scales[office]:.1f} pt (pages scaled to "
        sheets["office"] = (office, note + f"{scales[office]:.0%})", True)
    return sheets


def impose(
    booklet: Path | bytes, sizes: list[tuple[float, float] | None]
) -> list[tuple[bytes, float]]:
    """The booklet's sheets in each size (None: the saddle-stitch sheets), with their scales.

    Always made from the booklet's saved bytes, so they come out the same whichever way the
    booklet was made."""
    from publisher.impose import impose_in_place, open_booklet

    with open_booklet(booklet) as source:
        return impose_in_place(source, sizes)
