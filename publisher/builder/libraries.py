"""Where the system's shared libraries are, remembered between processes.

WeasyPrint loads Pango, HarfBuzz and fontconfig through cffi, trying several names for each
library, and cffi looks every name up with `ctypes.util.find_library`. On Linux that runs
`ldconfig -p` in a subprocess, and for a name it does not know also a C compiler and the
linker: the names that fail make importing WeasyPrint take about 0.25 s longer, in every
worker process (0.81 s against 0.56 s, measured as whole processes: about 12 % of a rebuild
after one edited guide). So the answers are kept as JSON in the store, under a key of
everything they depend on (`keys.library_lookups`: the dynamic linker's cache file, the
library and program search paths, the platform), and asked again only for a name not kept.

Once WeasyPrint is imported, its cffi instance is also taught to make a fixed-size array
type, `hb_codepoint_t[37]`, without its C parser (`_teach_fixed_arrays`). WeasyPrint's font
subsetter asks for one by name for every font of every PDF it writes, sized to the glyphs
used, and cffi parses each new name with pycparser, some 3.5 ms: about 25 times when a fresh
worker writes its first handout (the one an edit waits for), some 80 in each worker of a
cold build. The array type made is the very object the parser's path makes.

These are the one place that bends another library's behaviour: while WeasyPrint imports,
`ctypes.util.find_library` is replaced (and put back after), and cffi's cache of parsed types
is one that can make an array type. `tests/builder/test_libraries.py` fails loudly when cffi
or WeasyPrint is not the version they were checked with, or when the array types differ.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from publisher.builder import keys
from publisher.builder.interrupts import interrupts_held
from publisher.builder.store import Store

CHECKED_WITH = {"cffi": "2.1.1", "weasyprint": "70.0"}


def import_layout_engine(cache_dir: Path) -> None:
    """Import WeasyPrint, once per process, with library lookups remembered in `cache_dir`,
    its array types made without parsing (and pikepdf, which every layout task uses after
    it: `import_pdf_library`)."""
    import_pdf_library()
    if "weasyprint" not in sys.modules:
        with remembered_lookups(cache_dir):
            import weasyprint  # noqa: F401
    from weasyprint.text.ffi import ffi

    _teach_fixed_arrays(ffi)


# A fixed-size array of a named C type: `hb_codepoint_t[37]`, `unsigned int[4]`.
FIXED_ARRAY = re.compile(r"([A-Za-z_]\w*(?: [A-Za-z_]\w*)*)\[([0-9]+)\]")


class _ArrayTypes(dict[Any, Any]):
    """cffi's cache of parsed C types (`FFI._parsed_types`: a C declaration → its type, and
    whether it is a function's) that makes a missing fixed-size array type from its item's
    type instead of sending the declaration to the parser. Anything else it leaves missing,
    for the parser, as before."""

    def __init__(self, parsed: dict[Any, Any], ffi: Any) -> None:
        super().__init__(parsed)
        self.ffi = ffi

    def __missing__(self, cdecl: object) -> tuple[Any, bool]:
        found = FIXED_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if found is None:
            raise KeyError(cdecl)
        import _cffi_backend

        try:
            item = self.ffi.typeof(found[1])
            pointer = _cffi_backend.new_pointer_type(item)
            array = _cffi_backend.new_array_type(pointer, int(found[2]))
        except Exception:  # (not an item an array can hold: the parser says why)
            raise KeyError(cdecl) from None
        self[cdecl] = made = (array, False)
        return made


def _teach_fixed_arrays(ffi: Any) -> None:
    """Have `ffi` make fixed-size array types without its C parser (see the module's text)."""
    if not isinstance(ffi._parsed_types, _ArrayTypes):
        ffi._parsed_types = _ArrayTypes(ffi._parsed_types, ffi)


@contextmanager
def remembered_lookups(cache_dir: Path) -> Iterator[None]:
    """While inside, `ctypes.util.find_library` answers from (and adds to) the store in
    `cache_dir`."""
    import ctypes.util

    if not sys.platform.startswith("linux"):  # elsewhere lookups do not run programs
        yield
        return
    store, key = Store(cache_dir / "store"), keys.library_lookups()
    known = _read(store.get(key, "json"))
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
            store.put(key, json.dumps(answers, sort_keys=True).encode(), "json")


def _read(kept: bytes | None) -> dict[str, str | None]:
    try:
        data = json.loads(kept or b"{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(name): found
        for name, found in data.items()
        if found is None or (isinstance(found, str) and found and "/" not in found)
    }  # (a name, never a path: the dynamic linker looks it up in the system's folders)


def import_chart_library() -> None:
    """Import matplotlib's figures and SVG writer with Ctrl-C held back: its compiled parts,
    interrupted in the middle of setting themselves up, raise
    ImportError("initialization failed") in place of the KeyboardInterrupt, and the build
    would end with that error (and a traceback) instead of stopping cleanly."""
    _import_held("matplotlib.backends.backend_svg", "matplotlib.figure")


def import_pdf_library() -> None:
    """Import pikepdf with Ctrl-C held back: interrupted in the middle of setting itself up,
    its compiled part aborts the whole process (a core dump, exit -6), where the build would
    have stopped cleanly (exit 130) a moment later."""
    _import_held("pikepdf")


def _import_held(*modules: str) -> None:
    """Import `modules` not imported yet, with Ctrl-C held back until all are
    (`interrupts_held`)."""
    missing = [name for name in modules if name not in sys.modules]
    if missing:
        with interrupts_held():
            for name in missing:
                importlib.import_module(name)
