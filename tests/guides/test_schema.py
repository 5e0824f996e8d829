"""The guide schema: pydantic models with a description on every field, exported to a
committed JSON Schema file that editors use to autocomplete and check guides."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from conftest import ROOT
from pydantic import BaseModel

from publisher.guides import models
from publisher.guides.models import Guide
from publisher.guides.scaffold import TEMPLATE
from publisher.guides.schema import SCHEMA_PATH, guide_schema_text

COMMITTED = ROOT / SCHEMA_PATH


def test_committed_schema_matches_the_models_exactly() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == guide_schema_text(), (
        "schema/guide.schema.json is out of date: run "
        "`publisher schema --out schema/guide.schema.json` and commit it"
    )


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, definition in [("Guide", schema), *schema["$defs"].items()]:
        for field, spec in definition.get("properties", {}).items():
            yield f"{name}.{field}", spec


def _description(schema: dict[str, Any], spec: dict[str, Any]) -> str | None:
    """A field's own description, or that of the model it refers to (pydantic drops the
    field's copy when both say the same)."""
    if "$ref" in spec and "description" not in spec:
        return str(schema["$defs"][spec["$ref"].split("/")[-1]].get("description") or "")
    return spec.get("description")


def test_every_field_has_a_description() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    missing = [name for name, spec in _properties(schema) if not _description(schema, spec)]
    assert missing == []
    assert len(list(_properties(schema))) > 60


def test_every_model_field_has_a_description_in_python_too() -> None:
    classes = [
        value
        for value in vars(models).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == models.__name__
    ]
    assert Guide in classes and len(classes) > 10
    missing = [
        f"{model.__name__}.{name}"
        for model in classes
        for name, info in model.model_fields.items()
        if not info.description
    ]
    assert missing == []


def test_schema_forbids_unknown_fields_so_editors_flag_typos() -> None:
    schema = json.loads(guide_schema_text())
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values())


def test_new_guides_point_their_editor_at_the_committed_schema() -> None:
    modeline = TEMPLATE.splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=../schema/guide.schema.json"
    relative = modeline.split("$schema=")[1]
    assert (ROOT / "guides" / relative).resolve() == COMMITTED.resolve()


def test_committed_settings_schema_matches_the_settings_model() -> None:
    from publisher.guides.schema import SETTINGS_SCHEMA_PATH, schema_text
    from publisher.project.settings import ProjectConfig

    committed = (ROOT / SETTINGS_SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(ProjectConfig, "publisher.schema.json"), (
        "run `publisher schema --settings --out schema/publisher.schema.json`"
    )
    assert (
        (ROOT / "publisher.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=schema/publisher.schema.json\n")
    )
