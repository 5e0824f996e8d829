"""Where the system's shared libraries are, remembered between processes.

WeasyPrint loads Pango, HarfBuzz and fontconfig through cffi, trying several names for each
library, and cffi looks every name up with `ctypes.util.find_library`. On Linux that runs
`ldconfig -p` in a subprocess, and for a name it does not know also a C compiler and the
linker: the names that fail make importing WeasyPrint take about 0.17 s longer, in every
worker process. So the answers are kept as JSON in the project's cache, in a file named by
everything they depend on (the dynamic linker's cache file, the library and program search
paths, the platform), and asked again only for a name not kept there.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publisher.store import digest
from publisher.write import write_atomic

LINKER_CACHE = Path("/etc/ld.so.cache")
SEARCH_PATHS = ("LD_LIBRARY_PATH", "LIBRARY_PATH", "PATH")  # ld, the compiler, which compiler


def import_layout_engine(cache_dir: Path) -> None:
    """Import WeasyPrint, once per process, with library lookups remembered in `cache_dir`."""
    if "weasyprint" in sys.modules:
        return
    with remembered_lookups(cache_dir):
        import weasyprint  # noqa: F401


@contextmanager
def remembered_lookups(cache_dir: Path) -> Iterator[None]:
    """While inside, `ctypes.util.find_library` answers from (and adds to) `cache_dir`."""
    import ctypes.util

    if not sys.platform.startswith("linux"):  # elsewhere lookups do not run programs
        yield
        return
    target = cache_dir / "libraries" / f"{_conditions()}.json"
    known = _read(target)
    answers = dict(known)
    real = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        if name not in answers:
            answers[name] = real(name)
        return answers[name]

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = real
        if answers != known:
            write_atomic(target, json.dumps(answers, sort_keys=True).encode(), durable=False)


def _conditions() -> str:
    """A digest of what `find_library`'s answers depend on."""
    try:
        stat = LINKER_CACHE.stat()
        linker = f"{stat.st_mtime_ns}:{stat.st_size}"
    except OSError:
        linker = "none"
    paths = [os.environ.get(name, "") for name in SEARCH_PATHS]
    facts = [linker, *paths, platform.machine(), platform.python_version()]
    return digest(*facts)


def _read(target: Path) -> dict[str, str | None]:
    try:
        data = json.loads(target.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(name): found
        for name, found in data.items()
        if found is None or (isinstance(found, str) and found and "/" not in found)
    }  # (a name, never a path: the dynamic linker looks it up in the system's folders)
