"""The guide's JSON Schema, exported from the models so editors can autocomplete guides."""

from __future__ import annotations

import json
from typing import Any

from publisher.guides.models import Guide

SCHEMA_PATH = "schema/guide.schema.json"


def guide_schema() -> dict[str, Any]:
    schema = Guide.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "guide.schema.json"
    return schema


def guide_schema_text() -> str:
    return json.dumps(guide_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
