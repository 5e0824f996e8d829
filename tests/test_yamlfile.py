"""Label catalogs and datasets are read with libyaml's parser where it is installed: the same
values as `yaml.safe_load` gives, for every such file the project ships."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from publisher.project.yamlfile import SAFE_LOADER, yaml_data

FILES = sorted([*(ROOT / "layouts" / "labels").glob("*.yaml"), *(ROOT / "data").rglob("*.yaml")])


def test_libyaml_is_used_where_installed() -> None:
    assert FILES
    assert SAFE_LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_same_values_as_safe_load(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yaml_data(text) == yaml.safe_load(text)


def test_what_safe_load_refuses_it_refuses() -> None:
    for text in ("!!python/object:os.system ls", "a: [1, 2", "{x: 1} extra"):
        with pytest.raises(yaml.YAMLError):
            yaml.safe_load(text)
        with pytest.raises(yaml.YAMLError):
            yaml_data(text)
