"""Names typed on the command line (slugs, clusters, tags, recipes), checked against the ones
the project has: an unknown one is a usage error that lists the nearest matches."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from publisher.errors import UsageError


def nearest(name: str, known: Iterable[str], count: int = 3) -> list[str]:
    """The known names closest to `name`, best first (spelling slips, a missing suffix)."""
    choices = sorted(set(known))
    close = difflib.get_close_matches(name, choices, n=count, cutoff=0.5)
    starts = [c for c in choices if c.startswith(name) and c not in close] if name else []
    return (close + starts)[:count]


def check_names(kind: str, names: Iterable[str], known: Iterable[str], option: str) -> None:
    """Raise `UsageError` naming every unknown one of `names`, with the nearest matches."""
    known = sorted(set(known))
    lines = []
    for name in names:
        if name in known:
            continue
        close = nearest(name, known)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        lines.append(f"no {kind} '{name}' ({option}){'; ' + hint if hint else ''}")
    if lines:
        listed = ", ".join(known) if len(known) <= 24 else f"{len(known)} of them"
        lines.append(f"known {kind}s: {listed or 'none'}")
        raise UsageError("\n".join(lines))
