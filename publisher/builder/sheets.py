"""A booklet's print sheets in the store: their keys, and the scale each was placed at.

Sheets are made from the booklet's parts, merged in memory beside the booklet itself (see
`publisher.builder.booklets`), never from a saved booklet: so they come out the same on every
build, and a booklet in the store whose sheets are not is bound again from its parts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from publisher.builder import keys
from publisher.builder.store import Store
from publisher.documents.press import PrintOptions, office_plan, smallest_text_note
from publisher.project.settings import Paper


@dataclass(frozen=True)
class Sheets:
    """The print sheets one booklet gets: kind ("imposed", "office") → key and sheet size
    (None: twice the page, for saddle stitching)."""

    keys: dict[str, str]
    sizes: dict[str, tuple[float, float] | None]

    def cached(self, store: Store) -> bool:
        return all(
            store.has(k) and store.has(keys.sheet_scale(k), "json") for k in self.keys.values()
        )

    def keep(
        self,
        store: Store,
        files: dict[str, Path],
        scales: list[float],
        digests: dict[Path, bytes] | None = None,
    ) -> None:
        """Store the sheets made into `files` (by kind, in the order of `sizes`) with their
        scales (and their checksums, where their writer knew them: `Store.put_file`)."""
        for (kind, key), scale in zip(self.keys.items(), scales, strict=True):
            store.put(keys.sheet_scale(key), json.dumps(scale).encode(), "json")  # first
            store.put_file(key, files[kind], (digests or {}).get(files[kind]))

    def outputs(self, store: Store) -> dict[str, tuple[str, str | None]]:
        """Kind → (key, note for the reader) of sheets in `store`."""
        found: dict[str, tuple[str, str | None]] = {}
        for kind, key in self.keys.items():
            note = None
            if kind == "office":
                scale = store.get(keys.sheet_scale(key), "json")
                note = smallest_text_note(json.loads(scale or b"1"))
            found[kind] = (key, note)
        return found


def sheet_kinds(paper: Paper, press: PrintOptions) -> dict[str, tuple[float, float] | None]:
    """The print sheets a booklet gets, by kind, with their size (None: twice the page)."""
    sizes: dict[str, tuple[float, float] | None] = {"imposed": None}
    if press.office and office_plan(paper).two_up:
        from publisher.documents.impose import OFFICE_SHEETS

        sizes["office"] = OFFICE_SHEETS[paper]
    return sizes


def booklet_sheets(booklet_key: str, paper: Paper, press: PrintOptions) -> Sheets:
    sizes = sheet_kinds(paper, press)
    return Sheets({kind: keys.sheets(booklet_key, kind, paper) for kind in sizes}, sizes)
