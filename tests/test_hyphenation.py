"""Hyphenation patterns kept in the project's cache hyphenate exactly as pyphen's own parse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyphen
import pytest

from publisher.hyphenation import preload

WORDS = ["hyphenation", "responsibilities", "electrician", "communication", "apprenticeship"]


@pytest.fixture
def fresh_pyphen() -> Iterator[Path]:
    """pyphen's per-process cache without American English, restored afterwards."""
    path = pyphen.LANGUAGES["en_US"]
    kept = pyphen.hdcache.pop(path, None)
    yield path
    pyphen.hdcache.pop(path, None)
    if kept is not None:
        pyphen.hdcache[path] = kept


def _hyphenated() -> list[str]:
    dictionary = pyphen.Pyphen(lang="en_US")
    return [dictionary.inserted(word) for word in WORDS]


def test_patterns_come_from_the_cache_and_hyphenate_the_same(
    fresh_pyphen: Path, tmp_path: Path
) -> None:
    parsed = pyphen.HyphDict(fresh_pyphen)
    expected = [pyphen.Pyphen(filename=fresh_pyphen, cache=False).inserted(w) for w in WORDS]
    assert expected[0] == "hy-phen-ation"
    del pyphen.hdcache[fresh_pyphen]  # (pyphen keeps what it parses, even uncached)

    preload("en_US", tmp_path)  # parses, and keeps them
    (kept,) = (tmp_path / "hyphenation").glob("*.json")
    assert pyphen.hdcache[fresh_pyphen].patterns == parsed.patterns

    del pyphen.hdcache[fresh_pyphen]  # as a new worker process starts
    preload("en-US", tmp_path)
    loaded = pyphen.hdcache[fresh_pyphen]
    assert type(loaded) is pyphen.HyphDict
    assert loaded.patterns == parsed.patterns
    assert loaded.maxlen == parsed.maxlen
    assert _hyphenated() == expected
    assert list((tmp_path / "hyphenation").glob("*.json")) == [kept]


def test_a_damaged_cache_file_is_parsed_again(fresh_pyphen: Path, tmp_path: Path) -> None:
    preload("en_US", tmp_path)
    (kept,) = (tmp_path / "hyphenation").glob("*.json")
    kept.write_text('{"hy": [0, ["not a number"]]}')
    del pyphen.hdcache[fresh_pyphen]
    preload("en_US", tmp_path)
    assert pyphen.hdcache[fresh_pyphen].patterns == pyphen.HyphDict(fresh_pyphen).patterns
    kept.write_text("{cut sho")
    del pyphen.hdcache[fresh_pyphen]
    preload("en_US", tmp_path)
    assert _hyphenated()[0] == "hy-phen-ation"


def test_an_unknown_language_is_left_to_the_layout_engine(tmp_path: Path) -> None:
    before = dict(pyphen.hdcache)
    preload("xx_XX", tmp_path)
    assert pyphen.hdcache == before
    assert not (tmp_path / "hyphenation").exists()
