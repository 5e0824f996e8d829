"""Hyphenation patterns, parsed once per project instead of once per worker process.

WeasyPrint hyphenates with pyphen, which parses a language's pattern file the first time a
process hyphenates a word (about 0.1 s for English: a tenth of laying a handout out). The
parsed patterns are plain data, so they are kept as JSON in the project's cache, named by
pyphen's version and the pattern file's bytes, and handed to pyphen's own per-process cache
before the first layout. Patterns with non-standard hyphenation (`ff=f`, some languages) are
not plain numbers; those languages are parsed as usual.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from publisher.store import digest
from publisher.write import write_atomic


def preload(lang: str, cache_dir: Path) -> None:
    """Put `lang`'s parsed patterns in pyphen's cache, from ours (or parse them and keep
    them there). Does nothing for a language pyphen does not know."""
    import pyphen

    name = pyphen.language_fallback(lang.replace("_", "-"))
    cached: dict[Path, Any] | None = getattr(pyphen, "hdcache", None)
    if not name or cached is None or pyphen.LANGUAGES[name] in cached:
        return
    path: Path = pyphen.LANGUAGES[name]
    source = path.read_bytes()
    key = digest(pyphen.__version__, source)
    target = cache_dir / "hyphenation" / f"{key}.json"
    patterns = _read(target, pyphen)
    if patterns is None:
        patterns = pyphen.HyphDict(path)
        data = _plain(patterns.patterns)
        if data is not None:
            write_atomic(target, json.dumps(data, ensure_ascii=False, sort_keys=True).encode())
    cached[path] = patterns


def _read(target: Path, pyphen: Any) -> Any:
    """pyphen's `HyphDict` from our JSON, or None if it is missing or not ours."""
    try:
        data = json.loads(target.read_bytes())
        patterns = {tag: (int(start), tuple(values)) for tag, (start, values) in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    if not patterns or not _numbers(patterns):
        return None
    parsed = object.__new__(pyphen.HyphDict)  # filled as its __init__ would fill it
    parsed.patterns = patterns
    parsed.cache = {}
    parsed.maxlen = max(len(tag) for tag in patterns)
    return parsed


def _plain(patterns: dict[str, tuple[int, tuple[int, ...]]]) -> dict[str, Any] | None:
    """The patterns as JSON data, or None when some carry non-standard hyphenation."""
    if not _numbers(patterns):
        return None
    return {tag: [start, list(values)] for tag, (start, values) in patterns.items()}


def _numbers(patterns: dict[str, tuple[int, tuple[int, ...]]]) -> bool:
    """Whether every value is a plain number (not one carrying a non-standard hyphenation)."""
    return all(type(value) is int for _, values in patterns.values() for value in values)
