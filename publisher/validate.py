"""Stage 2 (validate): raw YAML mappings → typed models, with every problem located.

Pydantic checks the shape; `publisher.rules` checks what spans fields. Each problem is reported
at the line and column of the field that causes it, and all problems of a file come together.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from publisher.errors import Problem
from publisher.source import FieldPath, RawDocument

M = TypeVar("M", bound=BaseModel)


def validate_document(raw: RawDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a raw mapping against `model`; return it (or None) and the problems found."""
    try:
        return model.model_validate(raw.data), []
    except ValidationError as exc:
        return None, [_problem(raw, model, error) for error in exc.errors()]


def _problem(raw: RawDocument, model: type[BaseModel], error: ErrorDetails) -> Problem:
    path: FieldPath = tuple(part for part in error["loc"] if isinstance(part, str | int))
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return raw.problem(
            path, "required field is missing", f"add `{path[-1]}:` (see schema/guide.schema.json)"
        )
    if kind == "extra_forbidden":
        known = _field_names(model, path[:-1])
        guess = difflib.get_close_matches(str(path[-1]), known, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"known fields: {', '.join(known)}"
        return raw.problem(path, f"unknown field '{path[-1]}'", hint)
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return raw.problem(path, f"{_bound_message(path, ctx)} (got {value!r})")
    if kind == "string_pattern_mismatch":
        return raw.problem(path, f"{value!r} is not in the expected form", _pattern_hint(path))
    if kind == "value_error":
        return raw.problem(path, f"{value!r}: {ctx.get('error', error['msg'])}")
    message = error["msg"][0].lower() + error["msg"][1:]
    if value is not None and not isinstance(value, dict | list):
        message += f" (got {value!r})"
    return raw.problem(path, message)


def _bound_message(path: FieldPath, ctx: dict[str, Any]) -> str:
    if path and path[-1] == "percent" and "ge" in ctx:
        return "must be 0–100"
    words = {"ge": "at least", "le": "at most", "gt": "more than", "lt": "less than"}
    return " and ".join(f"must be {words[k]} {v}" for k, v in ctx.items() if k in words)


_PATTERN_HINTS = {
    "time": "use 24-hour 'HH:MM', e.g. '15:00' for 3 pm",
    "end": "use 24-hour 'HH:MM', e.g. '18:30'",
    "soc": "a SOC code looks like '27-4014'",
    "url": "links must start with https://",
    "more_info_url": "links must start with https://",
    "currency": "use a three-letter ISO code such as 'USD'",
}


def _pattern_hint(path: FieldPath) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return _PATTERN_HINTS.get(part, "use lowercase words joined by hyphens, e.g. 'sound-designer'")
    return "see schema/guide.schema.json"


def _field_names(model: type[BaseModel], path: Sequence[str | int]) -> list[str]:
    """Names of the fields of the model found at `path` inside `model` (for 'did you mean')."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """list[X] | None → X, following the first BaseModel found in the annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
