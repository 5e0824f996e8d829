"""The store (`publisher.builder.store`): whole entries, each with its checksum, read through."""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from pathlib import Path

from publisher.builder.store import BUILDS, KEPT_BUILDS, Store, Summed, _in_deleting_order


def test_a_file_stored_with_the_checksum_its_writer_kept_is_the_same_entry(
    tmp_path: Path,
) -> None:
    """A booklet's writer keeps its checksum as it writes (`Summed`); the store then copies it
    without reading it, into the very entry it makes of it otherwise."""
    data = bytes(range(256)) * 20_000  # (5 MB: more than one chunk)
    written = io.BytesIO()
    summed = Summed(written)
    for start in range(0, len(data), 70_000):
        summed.write(data[start : start + 70_000])
    assert written.getvalue() == data
    assert summed.digest() == hashlib.sha256(data).digest()
    source = tmp_path / "booklet.pdf"
    source.write_bytes(data)
    read, copied = Store(tmp_path / "read"), Store(tmp_path / "copied")
    read.put_file("a" * 64, source)
    copied.put_file("a" * 64, source, summed.digest())
    (entry,) = (tmp_path / "read").rglob("*.pdf")
    (same,) = (tmp_path / "copied").rglob("*.pdf")
    assert same.read_bytes() == entry.read_bytes() == data + hashlib.sha256(data).digest()
    assert copied.get("a" * 64) == data


def test_a_damaged_entry_is_dropped_and_made_again(tmp_path: Path) -> None:
    """An entry cut short reads as missing and is dropped, so what is made again is kept
    (not skipped as already there)."""
    store = Store(tmp_path)
    store.put("b" * 64, b"%PDF-1.7 whole entry", "relocated")
    (entry,) = tmp_path.rglob("*.relocated")
    entry.write_bytes(entry.read_bytes()[:-5])
    assert store.get("b" * 64, "relocated") is None
    assert not store.has("b" * 64, "relocated")
    store.put("b" * 64, b"%PDF-1.7 made again", "relocated")
    assert store.get("b" * 64, "relocated") == b"%PDF-1.7 made again"
    store.put("b" * 64, b"%PDF-1.7 other", "relocated", anew=True)
    assert store.get("b" * 64, "relocated") == b"%PDF-1.7 other"


DAY = 86400.0


def _age(path: Path, seconds: float) -> None:
    """Mark `path` last used `seconds` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def _entry(folder: Path, name: str) -> Path:
    return folder / name[:2] / name


def test_an_entry_read_or_found_is_marked_used(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.put("c" * 64, b"read")
    store.put("d" * 64, b"found", "json")
    read, found = _entry(tmp_path, "c" * 64 + ".pdf"), _entry(tmp_path, "d" * 64 + ".json")
    for path in (read, found):
        _age(path, DAY)
    assert store.get("c" * 64) == b"read"
    assert store.has("d" * 64, "json")
    assert not store.has("e" * 64)
    assert time.time() - read.stat().st_mtime < 600
    assert time.time() - found.stat().st_mtime < 600


def _whole_builds(folder: Path, count: int) -> None:
    """`count` whole builds that stored something, the last an hour ago."""
    starts = [time.time() - 3600 * (count - number) for number in range(count)]
    (folder / BUILDS).write_text(json.dumps(starts))


def test_a_whole_build_forgets_what_the_last_builds_did_not_use(tmp_path: Path) -> None:
    """After a whole build, what none of the last KEPT_BUILDS used is forgotten:
    an entry kept beside a part goes with it and keeps it (a part old, its relocated objects
    used: both stay); a half-written entry's temporary file is not the store's to drop."""
    store = Store(tmp_path)
    old, used, beside = "a" * 64, "b" * 64, "c" * 64
    store.put(old, b"old part")
    store.put(f"{old}-relocated2", b"its objects", "relocated")
    store.put(f"{old}-relocated2-head", b"its head", "relocated")
    store.put(used, b"used")
    store.put(beside, b"a part")
    store.put(f"{beside}-relocated2", b"its objects", "relocated")
    temporary = tmp_path / old[:2] / f".{old}.pdf.123.x.tmp"
    temporary.write_bytes(b"half")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            _age(path, 10 * DAY)
    assert store.get(used) == b"used"
    assert store.has(f"{beside}-relocated2", "relocated")
    _whole_builds(tmp_path, KEPT_BUILDS - 1)
    dropped, freed = store.prune(time.time())
    assert dropped == 3
    assert freed == sum(len(data) + 32 for data in (b"old part", b"its objects", b"its head"))
    assert store.get(old) is None and not store.has(f"{old}-relocated2-head", "relocated")
    assert store.get(used) == b"used" and store.get(beside) == b"a part"
    assert temporary.is_file()
    assert len(json.loads((tmp_path / BUILDS).read_text())) == KEPT_BUILDS


def test_the_first_builds_are_only_counted(tmp_path: Path) -> None:
    """Until KEPT_BUILDS whole builds are counted, nothing is forgotten. A build that stored
    nothing (everything was current) is not counted."""
    store = Store(tmp_path)
    store.put("f" * 64, b"unused")
    _age(_entry(tmp_path, "f" * 64 + ".pdf"), 10 * DAY)
    _whole_builds(tmp_path, KEPT_BUILDS - 3)
    assert Store(tmp_path).prune(time.time()) == (0, 0)  # (stored nothing)
    assert len(json.loads((tmp_path / BUILDS).read_text())) == KEPT_BUILDS - 3
    assert store.prune(time.time()) == (0, 0)
    assert store.prune(time.time()) == (0, 0)
    assert store.has("f" * 64)  # (marked used now: aged again)
    _age(_entry(tmp_path, "f" * 64 + ".pdf"), 10 * DAY)
    assert store.prune(time.time())[0] == 1
    assert not store.has("f" * 64)


def test_an_entry_that_vouches_for_others_is_dropped_first(tmp_path: Path) -> None:
    """A spread without its `-names` mark has page numbers, a relocated head has its objects:
    an interrupted prune must not leave the first without the second."""
    key = "9" * 64
    names = [f"{key}-names.json", f"{key}-relocated2.relocated", f"{key}-relocated2-head.relocated"]
    for name in [*names, f"{key}.pdf"]:
        (tmp_path / name).write_bytes(b"x")
    with os.scandir(tmp_path) as found:
        entries = [(entry, entry.stat()) for entry in found]
    order = [entry.name for entry, _ in _in_deleting_order(entries)]
    assert order[:2] == [f"{key}.pdf", f"{key}-relocated2-head.relocated"]
