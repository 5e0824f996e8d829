"""The store (`publisher.builder.store`): whole entries, each with its checksum, read through."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from publisher.builder.store import Store, Summed


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
