"""Measures kept for the next build: read back as the very float kept, by environment and
subject, and an entry that is not a measure reads as missing."""

from __future__ import annotations

from pathlib import Path

from publisher.builder import keys
from publisher.builder.measures import KeptMeasures
from publisher.builder.store import Store


def test_a_measure_reads_back_as_the_same_float(tmp_path: Path) -> None:
    kept = KeptMeasures(Store(tmp_path / "store"), "env-1")
    value = 0.1 + 0.2  # (no short decimal: repr must keep every bit)
    assert kept.known("<html>back</html>") is None
    kept.keep("<html>back</html>", value)
    assert KeptMeasures(Store(tmp_path / "store"), "env-1").known("<html>back</html>") == value


def test_a_measure_is_kept_by_environment_and_subject(tmp_path: Path) -> None:
    kept = KeptMeasures(Store(tmp_path / "store"), "env-1")
    kept.keep("<html>back</html>", 21.5)
    assert KeptMeasures(Store(tmp_path / "store"), "env-2").known("<html>back</html>") is None
    assert kept.known("<html>other back</html>") is None


def test_an_entry_that_is_not_a_measure_reads_as_missing(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    kept = KeptMeasures(Store(folder), "env-1")
    for junk in (b"nan", b"not a number", b"\xff\xfe"):
        Store(folder).put(keys.measure("env-1", "page"), junk, "json", anew=True)
        assert kept.known("page") is None
    kept.keep("page", 3.25)  # (kept anew over the junk)
    assert kept.known("page") == 3.25
