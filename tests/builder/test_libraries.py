"""Library lookups remembered in the cache answer as the system did, without asking again."""

from __future__ import annotations

import ctypes.util
import json
import sys
from pathlib import Path

import pytest

from publisher.builder import keys
from publisher.builder.libraries import CHECKED_WITH, remembered_lookups
from publisher.builder.store import Store

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="lookups run programs only on Linux"
)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names the system's lookup was asked for (it knows only "pango-1.0")."""
    names: list[str] = []

    def system(name: str) -> str | None:
        names.append(name)
        return "libpango-1.0.so.0" if name == "pango-1.0" else None

    monkeypatch.setattr(ctypes.util, "find_library", system)
    return names


def test_answers_are_kept_and_reused(asked: list[str], tmp_path: Path) -> None:
    with remembered_lookups(tmp_path):
        assert ctypes.util.find_library("libpango-1.0-0") is None
        assert ctypes.util.find_library("pango-1.0") == "libpango-1.0.so.0"
    assert asked == ["libpango-1.0-0", "pango-1.0"]
    assert json.loads(_kept(tmp_path)) == {
        "libpango-1.0-0": None,
        "pango-1.0": "libpango-1.0.so.0",
    }

    with remembered_lookups(tmp_path):  # a new process: nothing is asked again
        assert ctypes.util.find_library("pango-1.0") == "libpango-1.0.so.0"
        assert ctypes.util.find_library("libpango-1.0-0") is None
        assert ctypes.util.find_library("fontconfig") is None  # new: asked
    assert asked == ["libpango-1.0-0", "pango-1.0", "fontconfig"]
    assert ctypes.util.find_library("pango-1.0") == "libpango-1.0.so.0"  # restored after
    assert asked[-1] == "pango-1.0"


def test_other_search_paths_ask_again(
    asked: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with remembered_lookups(tmp_path):
        ctypes.util.find_library("pango-1.0")
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/gtk/lib")
    with remembered_lookups(tmp_path):
        ctypes.util.find_library("pango-1.0")
    assert asked == ["pango-1.0", "pango-1.0"]
    assert len(list((tmp_path / "store").rglob("*.json"))) == 2


def test_a_kept_path_is_never_loaded(asked: list[str], tmp_path: Path) -> None:
    """Only bare names are taken from the cache, which the dynamic linker looks up in the
    system's folders: a file planted there cannot point it at a library of its choosing."""
    with remembered_lookups(tmp_path):
        ctypes.util.find_library("pango-1.0")
    _plant(tmp_path, json.dumps({"pango-1.0": "/tmp/planted.so", "harfbuzz": "libharfbuzz.so.0"}))
    with remembered_lookups(tmp_path):
        assert ctypes.util.find_library("pango-1.0") == "libpango-1.0.so.0"
        assert ctypes.util.find_library("harfbuzz") == "libharfbuzz.so.0"
    assert asked == ["pango-1.0", "pango-1.0"]
    _plant(tmp_path, "{not json")
    with remembered_lookups(tmp_path):
        assert ctypes.util.find_library("pango-1.0") == "libpango-1.0.so.0"


def _kept(cache: Path) -> bytes:
    kept = Store(cache / "store").get(keys.library_lookups(), "json")
    assert kept is not None
    return kept


def _plant(cache: Path, text: str) -> None:
    """Replace the kept answers with `text` (a whole store entry, checksum and all)."""
    for entry in (cache / "store").rglob("*.json"):
        entry.unlink()
    Store(cache / "store").put(keys.library_lookups(), text.encode(), "json")


def test_the_hook_was_checked_with_the_installed_libraries() -> None:
    """The look-ups are remembered by replacing `ctypes.util.find_library` while WeasyPrint
    imports, which relies on how cffi loads libraries. Upgrading cffi or WeasyPrint means
    checking that this still holds (and still saves time), then updating CHECKED_WITH."""
    from importlib.metadata import version

    installed = {name: version(name) for name in CHECKED_WITH}
    assert installed == CHECKED_WITH, "re-check publisher/builder/libraries.py for this upgrade"


def test_fixed_arrays_are_made_without_the_c_parser(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Once the layout engine is imported, a fixed-size array type new to its cffi instance
    (the font subsetter's `hb_codepoint_t[N]`, N the glyphs a font uses) is made without the
    C parser, holds what it is given, and is the very type the parser's path makes."""
    from publisher.builder.libraries import import_layout_engine

    import_layout_engine(tmp_path)
    from weasyprint.text.ffi import ffi

    parser = ffi._parser
    parse_type = parser.parse_type
    size = 1009  # (no font of ours has that many glyphs: no earlier test made it)
    with ffi._lock:  # (the parser's path, as cffi takes it for a type it has not cached)
        parsed = ffi._get_cached_btype(parse_type(f"hb_codepoint_t[{size + 1}]"))
    for item in ("hb_codepoint_t", "uint32_t"):
        ffi.typeof(item)  # (each item type is parsed once, as the first array's would be)

    def refuse(cdecl: str) -> object:
        raise AssertionError(f"the C parser was asked for {cdecl!r}")

    monkeypatch.setattr(parser, "parse_type", refuse)
    made = ffi.new(f"hb_codepoint_t[{size}]", list(range(size)))
    assert list(made) == list(range(size))
    assert ffi.sizeof(made) == size * ffi.sizeof("hb_codepoint_t")
    assert ffi.typeof(f"hb_codepoint_t[{size + 1}]") is parsed
    assert ffi.typeof(f"uint32_t[{size}]") is ffi.typeof(f"hb_codepoint_t[{size}]")
    with pytest.raises(AssertionError, match="the C parser was asked"):
        ffi.typeof("PangoRectangle * [3]")  # (not a named item: the parser's, as before)
    monkeypatch.setattr(parser, "parse_type", parse_type)
    with pytest.raises(ValueError, match="unknown size"):
        ffi.typeof("void[4]")  # (no array of that: the parser says so, as before)
