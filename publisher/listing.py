"""`publisher list`: the library as a plain-text table."""

from __future__ import annotations

from publisher.library import Library

COLUMNS = ("slug", "title", "cluster", "data as of", "problems")


def format_table(library: Library) -> str:
    rows = [COLUMNS]
    for entry in library.entries:
        guide = entry.guide
        errors, warnings = len(entry.errors), len(entry.warnings)
        status = "ok" if not (errors or warnings) else f"{errors} errors, {warnings} warnings"
        rows.append(
            (
                entry.slug,
                guide.title if guide else "?",
                guide.cluster if guide else "?",
                guide.data_as_of if guide else "?",
                status,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
