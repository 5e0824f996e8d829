"""The label catalog: every word the layouts and charts print that is not content.

Catalogs live in `layouts/labels/<locale>.yaml` (e.g. `en_US.yaml`). A locale falls back to
its language (`es_MX` → `es`), key by key, and an English one finally to `en_US`. Another
language never falls back to English: a key its catalogs lack is a problem `publisher check`
reports (`catalog_problems`), and a build that needs it fails, naming it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from publisher.errors import BuildError, Problem
from publisher.project.layouts import Layouts
from publisher.project.yamlfile import yaml_data

DEFAULT_LOCALE = "en_US"


class Labels(Mapping[str, str]):
    """Read-only label lookup; a missing key is an error, never a blank on paper."""

    def __init__(self, table: dict[str, str], locale: str) -> None:
        self._table = table
        self.locale = locale

    def __getitem__(self, key: str) -> str:
        try:
            return self._table[key]
        except KeyError:
            raise BuildError(f"label '{key}' is missing from the {self.locale} catalog") from None

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def format(self, key: str, **values: str) -> str:
        return self[key].format(**values)


def _chain(locale: str) -> list[str]:
    chain = [locale]
    if "_" in locale:
        chain.append(locale.split("_", maxsplit=1)[0])
    if DEFAULT_LOCALE not in chain and chain[-1].startswith("en"):
        chain.append(DEFAULT_LOCALE)
    return chain


def load_labels(layouts: Layouts, locale: str = DEFAULT_LOCALE) -> Labels:
    """The catalog of `locale`: the project's own (in its `layouts/labels/`) or the package's."""
    table: dict[str, str] = {}
    for name in reversed(_chain(locale)):
        path = layouts.find(f"labels/{name}.yaml")
        if path is not None:
            data = yaml_data(path.read_text(encoding="utf-8")) or {}
            table.update({str(k): str(v) for k, v in data.items()})
    if not table:
        raise BuildError(f"no label catalog for {locale} in layouts/labels/")
    return Labels(table, locale)


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def catalog_problems(layouts: Layouts, locale: str) -> list[Problem]:
    """Every key of the en_US catalog that `locale`'s catalogs lack, or that names other
    `{placeholders}` than the English one, each placed in the catalog to fix."""
    english = load_labels(layouts, DEFAULT_LOCALE)
    chain = _chain(locale)
    if DEFAULT_LOCALE in chain:
        return []
    files = [(name, layouts.find(f"labels/{name}.yaml")) for name in chain]
    found = [(name, path) for name, path in files if path is not None]
    if not found:
        return [
            Problem(
                f"layouts/labels/{locale}.yaml",
                0,
                0,
                "",
                f"no label catalog for {locale}",
                f"copy layouts/labels/{DEFAULT_LOCALE}.yaml to layouts/labels/{locale}.yaml "
                "and translate every label",
            )
        ]
    name, path = found[0]
    display = f"layouts/labels/{name}.yaml"
    lines = _key_lines(path)
    table = load_labels(layouts, locale)
    problems = []
    for key in english:
        if key not in table:
            line = _after(key, list(english), lines)
            problems.append(
                Problem(
                    display,
                    line,
                    1,
                    key,
                    f"label missing: the {locale} catalog has no '{key}' (en_US: {english[key]!r})",
                    f"add `{key}: ...` in {locale}'s words; English is never printed instead",
                )
            )
            continue
        wanted, got = set(PLACEHOLDER.findall(english[key])), set(PLACEHOLDER.findall(table[key]))
        if wanted != got:
            braces = ", ".join(f"{{{w}}}" for w in sorted(wanted)) or "none"
            problems.append(
                Problem(
                    display,
                    lines.get(key, 1),
                    1,
                    key,
                    f"the label's placeholders differ from en_US's ({braces})",
                    "keep each {name} as it is; translate only the words around it",
                )
            )
    return problems


def _key_lines(path: Path) -> dict[str, int]:
    """The line of each top-level key of a catalog file."""
    lines: dict[str, int] = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = re.match(r"^([A-Za-z0-9_]+)\s*:", text)
        if match:
            lines.setdefault(match[1], number)
    return lines


def _after(key: str, order: list[str], lines: dict[str, int]) -> int:
    """Where a missing key belongs: the line after the last key before it, in en_US order."""
    before = [lines[k] for k in order[: order.index(key)] if k in lines]
    return (max(before) + 1) if before else 1
