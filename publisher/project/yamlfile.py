"""YAML data files read as plain data (label catalogs, datasets): with libyaml's parser where
it is installed, ten times faster than the pure-Python one, and the same safe constructor and
resolver as `yaml.safe_load`, so the same values. Every build reads them, no-ops included.

Guides are not read here: they keep every field's position (`publisher.guides.loader`).
"""

from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


def yaml_data(text: str) -> Any:
    """`text`'s one YAML document as data, as `yaml.safe_load` reads it."""
    return yaml.load(text, Loader=SAFE_LOADER)
