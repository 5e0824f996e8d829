"""The label catalog: every word the layouts and charts print that is not content.

Catalogs live in `layouts/labels/<locale>.yaml` (e.g. `en_US.yaml`). A locale falls back to
its language (`es_MX` → `es`) and finally to `en_US`, key by key, so a partial translation
still prints whole pages.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from publisher.errors import BuildError
from publisher.project.layouts import Layouts

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
    if DEFAULT_LOCALE not in chain:
        chain.append(DEFAULT_LOCALE)
    return chain


def load_labels(layouts: Layouts, locale: str = DEFAULT_LOCALE) -> Labels:
    """The catalog of `locale`: the project's own (in its `layouts/labels/`) or the package's."""
    table: dict[str, str] = {}
    for name in reversed(_chain(locale)):
        path = layouts.find(f"labels/{name}.yaml")
        if path is not None:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            table.update({str(k): str(v) for k, v in data.items()})
    if not table:
        raise BuildError(f"no label catalog for {locale} in layouts/labels/")
    return Labels(table, locale)
