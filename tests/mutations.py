"""Broken guides and settings, made from real ones field by field (issue 20).

Every leaf of `guides/electrician.yaml` and of `publisher.yaml` is replaced by each of a few
wrong values (wrong types, huge, empty, markup and template syntax, URLs of every scheme) or
removed; a list's first item stands for the rest. The suites that use them:
`tests/guides/test_mutations.py` (read and check) and `tests/builder/test_mutation_builds.py`
(check, handout and build, and the text as printed).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT

SOURCE = ROOT / "guides" / "electrician.yaml"
SETTINGS = ROOT / "publisher.yaml"
WRONG = [None, True, 10**40, "x" * 20_000, [], {"a": 1}, "yes"]
TEXTS = [
    "<script>alert(1)</script> <b>x</b>",
    "{{ 7 * 7 }} {{7*7}} {% raw %}",
    "Mix$4-$9 $x^2$ \\frac{a}{b}",
    "Zalgo z̷̢a̵l̸g̷o and 🎵 RTL \u202e and ‍joiners\u200d",
    "line\nbreak\ttab",
    "&amp; &lt; &#x41;",
]
URLS = [
    "javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>",
    "http://example.org", "ftp://example.org/x", "https://example.org/" + "a" * 2000,
    "https://example.org/ok",
]  # fmt: skip

Case = tuple[tuple[Any, ...], Any]  # (path of keys and indexes, new value or KeyError: removed)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    yield path


def guide_cases() -> Iterator[tuple[str, Case]]:
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    for path in leaves(data):
        if not path or any(isinstance(part, int) and part > 0 for part in path):
            continue  # (a list's first item stands for the rest)
        name = ".".join(str(part) for part in path)
        values = URLS if str(path[-1]).endswith("url") else [*WRONG, TEXTS[len(path) % 3]]
        for index, value in enumerate(values):
            yield f"{name}#{index}", (path, value)
        yield f"{name}#missing", (path, KeyError)


def settings_cases() -> Iterator[tuple[str, Case]]:
    data = yaml.safe_load(SETTINGS.read_text(encoding="utf-8"))
    for path in leaves(data):
        if not path:
            continue
        name = ".".join(str(part) for part in path)
        values = URLS if "url" in str(path[-1]) else [*WRONG, TEXTS[len(path) % 3], "../x.svg"]
        for index, value in enumerate(values):
            yield f"{name}#{index}", (path, value)
        yield f"{name}#missing", (path, KeyError)


CASES = dict(guide_cases())
SETTINGS_CASES = dict(settings_cases())


def mutated(path: tuple[Any, ...], value: Any, source: Path = SOURCE) -> dict[str, Any]:
    """`source`'s data with the value at `path` replaced by `value` (KeyError: removed)."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = copy.deepcopy(value)
    return data  # type: ignore[no-any-return]


def write_mutated(target: Path, path: tuple[Any, ...], value: Any, source: Path = SOURCE) -> None:
    target.write_text(
        yaml.safe_dump(mutated(path, value, source), allow_unicode=True), encoding="utf-8"
    )
