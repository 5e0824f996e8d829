"""Stage 6 (assemble), print sheets: a booklet → the sheets a printer runs.

`NAME-imposed.pdf` puts the booklet's pages 2-up in saddle-stitch order on sheets twice the
page size (Letter → Tabloid, A4 → A3); `NAME-office.pdf` (on request) scales the same spreads
onto Letter or A4 for an office printer and reports the smallest text that results.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    store: Store, booklet_key: str, paper: Paper, press: PrintOptions
) -> dict[str, tuple[str, str | None, bool]]:
    """Make sure the booklet's sheets are in `store`.

    Returns suffix → (key, note for the reader, whether it was made just now)."""
    sheets: dict[str, tuple[str, str | None, bool]] = {}
    saddle = digest(booklet_key, "imposed-v1")
    made = not store.has(saddle)
    if made:
        from publisher.impose import impose_saddle

        store.put(saddle, impose_saddle(_booklet(store, booklet_key)))
    sheets["imposed"] = (saddle, None, made)
    if press.office:
        from publisher.impose import impose_office

        office = digest(booklet_key, "office-v1", paper)
        data, scale = impose_office(_booklet(store, booklet_key), paper)
        store.put(office, data)  # cheap to redo; the scale is needed for the note anyway
        note = f"smallest text {SMALLEST_TEXT_PT * scale:.1f} pt (pages scaled to {scale:.0%})"
        sheets["office"] = (office, note, True)
    return sheets


def _booklet(store: Store, key: str) -> bytes:
    data = store.get(key)
    assert data is not None, "the booklet is stored before it is imposed"
    return data
