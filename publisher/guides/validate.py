"""Stage 2 (validate): raw YAML mappings → typed models, with every problem located.

Pydantic checks the shape; `publisher.guides.rules` checks what spans fields. Each problem is
reported at the line and column of the field that causes it, and all problems of a file come
together.
Pydantic's wording ("input should be a valid dictionary or instance of Suits") is rewritten
here into what a person editing the YAML should do.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from publisher.errors import Problem, quote_value
from publisher.guides.loader import FieldPath, RawDocument, format_field
from publisher.guides.models import SLUG_PATTERN
from publisher.guides.rules import slugify

M = TypeVar("M", bound=BaseModel)

_EXPECTED = {
    "string": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "list": "a list",
    "model": "a group of fields",
    "dict": "a group of fields",
}
_NUMBER_HINT = "write digits only, without $, commas or letters, e.g. 66000"
_PATTERNS = {  # last field name → (what the value must be, hint)
    "time": ("a 24-hour time 'HH:MM'", "e.g. '15:00' for 3 pm"),
    "end": ("a 24-hour time 'HH:MM'", "e.g. '18:30' for 6:30 pm"),
    "soc": ("a SOC code like '27-4014'", "two digits, a hyphen, four digits"),
    "url": ("a link starting with https://", "copy the address from the browser"),
    "more_info_url": ("a link starting with https://", "copy the address from the browser"),
    "base_url": ("a link starting with https://", "copy the address from the browser"),
    "currency": ("a three-letter currency code", "e.g. 'USD' or 'EUR'"),
}
_BOUNDS = {"ge": "at least", "le": "at most", "gt": "more than", "lt": "less than"}


def validate_document(raw: RawDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a raw mapping against `model`; return it (or None) and the problems found."""
    try:
        return model.model_validate(raw.data), []
    except ValidationError as exc:
        errors = [_clean(error) for error in exc.errors()]
    typos = {
        path: _guess(model, path) for path, error in errors if error["type"] == "extra_forbidden"
    }
    fixed_by_typo = {(*path[:-1], guess) for path, guess in typos.items() if guess}
    return None, [
        _problem(raw, model, path, error, typos.get(path))
        for path, error in errors
        if not (error["type"] == "missing" and path in fixed_by_typo)
    ]


def _clean(error: ErrorDetails) -> tuple[FieldPath, ErrorDetails]:
    """The field path of an error, without pydantic's union tags ("list[constrained-str]")."""
    path = tuple(
        part
        for part in error["loc"]
        if isinstance(part, int) or (isinstance(part, str) and "[" not in part)
    )
    return path, error


@dataclass(frozen=True)
class _Error:
    """One pydantic error, with what its rewording needs."""

    model: type[BaseModel]
    path: FieldPath
    kind: str
    value: Any
    ctx: dict[str, Any]
    pydantic_message: str
    guess: str | None

    @property
    def name(self) -> str:
        return next((str(part) for part in reversed(self.path) if isinstance(part, str)), "")

    @property
    def got(self) -> str:
        return f"(got {quote_value(self.value)})"


Wording = tuple[str, str | None]  # message, hint


def _problem(
    raw: RawDocument,
    model: type[BaseModel],
    path: FieldPath,
    error: ErrorDetails,
    guess: str | None,
) -> Problem:
    found = _Error(
        model, path, error["type"], error.get("input"), error.get("ctx") or {}, error["msg"], guess
    )
    reword = _REWORDINGS.get(found.kind)
    if reword is None:
        expected = next((text for key, text in _EXPECTED.items() if found.kind.startswith(key)), "")
        reword = _wrong_type if expected else _pydantic_words
    return raw.problem(path, *reword(found))


def _missing(error: _Error) -> Wording:
    return "required field is missing", _missing_hint(error.model, error.path)


def _unknown(error: _Error) -> Wording:
    if error.guess:
        return f"unknown field '{error.name}'", f"did you mean '{error.guess}'?"
    known = ", ".join(_field_names(error.model, error.path[:-1]))
    return f"unknown field '{error.name}'", f"known fields here: {known}"


def _out_of_bounds(error: _Error) -> Wording:
    if error.name == "percent":
        return f"must be 0–100 {error.got}", None
    limits = (f"{_BOUNDS[k]} {v:g}" for k, v in error.ctx.items() if k in _BOUNDS)
    return f"must be {' and '.join(limits)} {error.got}", None


def _pattern(error: _Error) -> Wording:
    if error.ctx.get("pattern") == SLUG_PATTERN:
        example = slugify(error.value) if isinstance(error.value, str) else ""
        hint = f"e.g. '{example or 'sound-designer'}'"
        return f"must be lowercase words joined by hyphens {error.got}", hint
    if error.name in _PATTERNS:
        shape, hint = _PATTERNS[error.name]
        return f"must be {shape} {error.got}", hint
    return f"is not in the expected form {error.got}", _description(error.model, error.path)


def _literal(error: _Error) -> Wording:
    return f"must be {error.ctx.get('expected')} {error.got}", None


def _invalid(error: _Error) -> Wording:
    return f"is not valid {error.got}", str(error.ctx.get("error"))


def _too_short(error: _Error) -> Wording:
    if isinstance(error.value, str):
        return "is empty", "write some text here"
    count = error.ctx.get("min_length", 1)
    items = "one item" if count == 1 else f"{count} items"
    return f"needs at least {items}", "add items on lines starting with '- '"


def _too_long(error: _Error) -> Wording:
    size = f"{len(error.value):,} characters" if isinstance(error.value, str) else "too"
    return f"is {size} long; the limit is {error.ctx.get('max_length')}", None


def _wrong_type(error: _Error) -> Wording:
    expected = next(text for key, text in _EXPECTED.items() if error.kind.startswith(key))
    value, name = error.value, error.name
    if value is None:
        return "has no value", _fill_hint(error.model, error.path, expected)
    if expected == "text" and isinstance(value, bool | int | float):
        written = str(value).lower() if isinstance(value, bool) else value
        return (
            f"must be text, not {_describe(value)}",
            f'put it in quotes: {_key(error.path)}"{written}"',
        )
    if expected == "a whole number" and isinstance(value, float):
        return f"must be a whole number, not {_describe(value)}", f"round it to {round(value)}"
    hint = {
        "text": f"write it as one piece of text after `{name}:`",
        "a whole number": _NUMBER_HINT,
        "a number": _NUMBER_HINT.replace("66000", "40"),
        "a list": "start each item on its own line with '- ', or write [first, second]",
        "true or false": "write true or false",
        "a group of fields": _fill_hint(error.model, error.path, expected),
    }.get(expected)
    return f"must be {expected}, not {_describe(value)}", hint


def _pydantic_words(error: _Error) -> Wording:
    return error.pydantic_message.replace("Input should be", "must be"), None


_REWORDINGS: dict[str, Callable[[_Error], Wording]] = {
    "missing": _missing,
    "extra_forbidden": _unknown,
    "greater_than_equal": _out_of_bounds,
    "less_than_equal": _out_of_bounds,
    "greater_than": _out_of_bounds,
    "less_than": _out_of_bounds,
    "string_pattern_mismatch": _pattern,
    "literal_error": _literal,
    "value_error": _invalid,
    "string_too_short": _too_short,
    "string_too_long": _too_long,
    "too_short": _too_short,
}


def _key(path: FieldPath) -> str:
    """How the value's line starts in YAML: 'title: ' for a field, nothing for a list item."""
    return f"{path[-1]}: " if path and isinstance(path[-1], str) else ""


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return f"the text {quote_value(value)}"


def _fill_hint(model: type[BaseModel], path: FieldPath, expected: str) -> str:
    name = next((str(part) for part in reversed(path) if isinstance(part, str)), "")
    if expected == "a list":
        return f"write `{name}: []` for none, or add items on lines starting with '- '"
    if expected == "a group of fields":
        fields = ", ".join(_field_names(model, path))
        listed = f" ({fields})" if fields else ""
        return f"write its fields on indented lines below `{name}:`{listed}"
    return f"write the value after `{name}:`"


def _missing_hint(model: type[BaseModel], path: FieldPath) -> str:
    name, parent = path[-1], format_field(path[:-1])
    where = f" under `{parent}:`" if parent else ""
    description = _description(model, path)
    about = f" ({_sentence_case(description)})" if description else ""
    return f"add `{name}:`{where}{about}"


def _description(model: type[BaseModel], path: FieldPath) -> str | None:
    """The schema's description of the field at `path`, if the path names a field."""
    owner = _model_at(model, path[:-1])
    info = owner.model_fields.get(str(path[-1])) if owner and path else None
    return info.description if info else None


def _sentence_case(description: str) -> str:
    """'The honest picture.' → 'the honest picture' (but 'ISO 4217 code.' stays)."""
    text = description.rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _guess(model: type[BaseModel], path: FieldPath) -> str | None:
    guesses = difflib.get_close_matches(str(path[-1]), _field_names(model, path[:-1]), n=1)
    return guesses[0] if guesses else None


def _field_names(model: type[BaseModel], path: Sequence[str | int]) -> list[str]:
    """Names of the fields of the model found at `path` inside `model` (for 'did you mean')."""
    found = _model_at(model, path)
    return list(found.model_fields) if found else []


def _model_at(model: type[BaseModel], path: Sequence[str | int]) -> type[BaseModel] | None:
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


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
