"""`publisher list`: the library as a plain-text table."""

from __future__ import annotations

from publisher.guides.library import Entry, Library

COLUMNS = ("slug", "title", "cluster", "data as of", "problems")


def format_table(library: Library) -> str:
    """One row a guide; a guide that does not load shows '?' where its data would be."""
    rows = [COLUMNS, *(_row(entry) for entry in library.entries)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _row(entry: Entry) -> tuple[str, str, str, str, str]:
    guide = entry.guide
    if guide is None:
        return (entry.slug, "?", "?", "?", _status(entry))
    title = " ".join(guide.title.split())  # a folded title must not break the row
    return (entry.slug, title, guide.cluster, guide.data_as_of or "draft", _status(entry))


def _status(entry: Entry) -> str:
    counts = [(len(entry.errors), "error"), (len(entry.warnings), "warning")]
    parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
    return ", ".join(parts) or "ok"
