"""JSON Schemas exported from the models, so editors can autocomplete guides and settings."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from publisher.guides.models import Guide

SCHEMA_PATH = "schema/guide.schema.json"
SETTINGS_SCHEMA_PATH = "schema/publisher.schema.json"


def model_schema(model: type[BaseModel], name: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = name
    return schema


def schema_text(model: type[BaseModel], name: str) -> str:
    return (
        json.dumps(model_schema(model, name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    )


def guide_schema() -> dict[str, Any]:
    return model_schema(Guide, "guide.schema.json")


def guide_schema_text() -> str:
    return schema_text(Guide, "guide.schema.json")
