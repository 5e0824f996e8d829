"""Stage 1 (load): YAML files → plain data that remembers where every value came from.

Only YAML's safe core types are built (no object construction): any other tag, on a value, a
list or a mapping, is a problem. Every mapping key and sequence item keeps its line and column,
so later stages can point at the exact place a problem is. Problems with the file itself
(encoding, size, syntax, duplicate keys, alias bombs) are reported here, all that can be found
at once.

Two YAML 1.1 surprises are switched off because guides are written by people, and editors read
YAML 1.2: `15:00` stays the text "15:00" (not the base-60 number 900), and `yes`, `no`, `on`
and `off` stay words (only `true` and `false` are booleans).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.reader import ReaderError

from publisher.errors import ContentError, Problem, Severity, quote_value
from publisher.guides.syntax import reader_problem, syntax_problem

MAX_FILE_BYTES = 256 * 1024
MAX_VALUES = 20_000
MAX_DEPTH = 40
MAX_INT_DIGITS = 15

Location = tuple[int, int]
FieldPath = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_MAP, _SEQ, _STR, _NULL = (f"{_CORE}{name}" for name in ("map", "seq", "str", "null"))
_INT, _FLOAT, _BOOL, _TIMESTAMP = (f"{_CORE}{n}" for n in ("int", "float", "bool", "timestamp"))
_SCALAR_TAGS = {_STR, _NULL, _INT, _FLOAT, _BOOL, _TIMESTAMP}
_EMPTY_HINT = 'start from `publisher new "Career Title"`'


@dataclass
class RawDocument:
    """A YAML mapping plus the line and column of every key and item in it."""

    path: Path
    display: str
    data: dict[str, Any]
    positions: Mapping[FieldPath, Location] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> Location:
        """Position of `path`, or of its nearest ancestor that exists in the file."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def problem(
        self,
        path: FieldPath,
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        line, column = self.locate(path)
        return Problem(self.display, line, column, format_field(path), message, hint, severity)

    def warning(self, path: FieldPath, message: str, hint: str | None = None) -> Problem:
        return self.problem(path, message, hint, Severity.WARNING)

    def draft(self, path: FieldPath, message: str, hint: str) -> Problem:
        """What stops a guide from being printed as final; `--draft` prints it marked DRAFT."""
        return self.problem(
            path, message, f"{hint}; until then `--draft` prints it marked DRAFT", Severity.DRAFT
        )


def format_field(path: FieldPath) -> str:
    """('work', 'time_split', 2, 'percent') → 'work.time_split[2].percent'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_yaml(path: Path, display: str) -> RawDocument:
    """Read one YAML file into a `RawDocument`, or raise `ContentError` naming every problem."""
    text = _decode(_read(path, display), display)
    node = _compose(text, display)
    builder = _Builder(display)
    data = None if node is None else builder.build(node, (), 0)
    if builder.problems:
        raise ContentError(builder.problems)
    if node is None or data is None:
        raise ContentError([Problem(display, 1, 1, "", "the file is empty", _EMPTY_HINT)])
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"only the value {quote_value(data)}"
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        message = f"the file holds {kind}; a guide is made of fields like `title: Music Producer`"
        raise ContentError([Problem(display, line, column, "", message, _EMPTY_HINT)])
    builder.positions.setdefault((), (1, 1))
    return RawDocument(path, display, data, builder.positions)


def _read(path: Path, display: str) -> bytes:
    try:
        with path.open("rb") as handle:
            blob = handle.read(MAX_FILE_BYTES + 1)
            size = max(len(blob), path.stat().st_size)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ContentError(
            [Problem(display, 0, 0, "", f"cannot read the file: {reason}")]
        ) from None
    if size > MAX_FILE_BYTES:
        message = f"the file is {size / 1024:,.0f} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB"
        hint = "a guide is two pages of text: remove pasted material"
        raise ContentError([Problem(display, 1, 1, "", message, hint)])
    return blob


def _decode(blob: bytes, display: str) -> str:
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = blob[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        message = f"byte 0x{blob[exc.start]:02x} is not UTF-8 text"
        hint = "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)"
        raise ContentError([Problem(display, line, column, "", message, hint)]) from None
    return text.removeprefix("\ufeff")


def _compose(text: str, display: str) -> yaml.Node | None:
    """YAML text → node tree (no values built yet), or `ContentError`."""
    try:
        return _single_node(text)
    except yaml.MarkedYAMLError as exc:
        problem = syntax_problem(exc, display)
    except ReaderError as exc:
        problem = reader_problem(exc, text, display)
    except yaml.YAMLError as exc:
        problem = Problem(display, 1, 1, "", f"not valid YAML: {exc}")
    except RecursionError:
        message = "brackets or indentation nest too deeply to read"
        problem = Problem(display, 1, 1, "", message, "a guide nests a few levels at most")
    raise ContentError([problem])


def _single_node(text: str) -> yaml.Node | None:
    """Compose with libyaml when it is there (18× faster); on any problem, compose again with
    the pure-Python parser, whose marks and wording the error messages are written for."""
    yaml.reader.Reader(text)  # rejects unprintable characters, as the pure parser would
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            loader = fast(text)
            try:
                return loader.get_single_node()  # type: ignore[no-any-return]
            finally:
                loader.dispose()
        except yaml.YAMLError:
            pass
    loader = yaml.SafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[FieldPath, Location] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.building: set[int] = set()  # collections being built: an alias back to one is a loop
        self.looped: set[int] = set()
        self.too_deep = False
        self.constructor = yaml.SafeLoader("")

    def fail(
        self,
        node: yaml.Node,
        path: FieldPath,
        message: str,
        hint: str | None = None,
        at_node: bool = False,
    ) -> None:
        """Record a problem at its field's key (as validation does), else at the node itself."""
        mark = node.start_mark
        known = None if at_node else self.positions.get(path)
        line, column = known or (mark.line + 1, mark.column + 1)
        self.problems.append(Problem(self.display, line, column, format_field(path), message, hint))

    def build(self, node: yaml.Node, path: FieldPath, depth: int) -> Any:
        if not self._within_limits(node, path, depth):
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if node.tag not in {_MAP, _SEQ}:
            return self._refuse_tag(node, path)
        self.building.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path, depth)
            return self._sequence(node, path, depth)
        finally:
            self.building.discard(id(node))

    def _within_limits(self, node: yaml.Node, path: FieldPath, depth: int) -> bool:
        """Stop alias bombs, alias loops and runaway nesting, each reported once."""
        self.count += 1
        if self.count > MAX_VALUES:
            if self.count == MAX_VALUES + 1:
                self._exploded(path)
            return False
        if id(node) in self.building:
            if id(node) not in self.looped:
                self.looped.add(id(node))
                self.fail(node, path, "an alias (*) here repeats the value that contains it")
            return False
        if depth > MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                hint = "a guide nests a few levels at most: check the indentation"
                self.fail(node, path[:1], f"nested more than {MAX_DEPTH} levels deep", hint)
            return False
        return True

    def _exploded(self, path: FieldPath) -> None:
        top = path[:1]
        line, column = self.positions.get(top, (1, 1))
        self.problems.append(
            Problem(
                self.display,
                line,
                column,
                format_field(top),
                f"anchors (&) and aliases (*) expand to more than {MAX_VALUES:,} values",
                "write the values out instead of repeating them through aliases",
            )
        )

    def _sequence(self, node: yaml.Node, path: FieldPath, depth: int) -> list[Any]:
        items = []
        for index, item in enumerate(node.value):
            child = (*path, index)
            self.positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(self.build(item, child, depth + 1))
        return items

    def _mapping(self, node: yaml.Node, path: FieldPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_CORE}merge":
                hint = "write the fields out in full"
                self.fail(key_node, path, "merge keys (`<<`) are not supported", hint)
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.fail(key_node, path, "a field name must be plain text")
                continue
            key = str(key_node.value)
            child = (*path, key)
            line = key_node.start_mark.line + 1
            if key in seen:
                message = f"appears twice (first on line {seen[key]})"
                hint = "keep one of them and delete the other"
                self.fail(key_node, child, message, hint, at_node=True)
                continue
            seen[key] = line
            self.positions[child] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _refuse_tag(self, node: yaml.Node, path: FieldPath) -> None:
        tag = node.tag.replace(_CORE, "!!")
        hint = "guides hold only text, numbers, lists and fields: remove the tag"
        self.fail(node, path, f"the YAML tag '{tag}' is not allowed", hint)

    def _scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        if node.tag in {_STR, _TIMESTAMP}:
            return self._text(node, path)  # dates stay text; the schema parses them
        if node.tag == _NULL:
            return None
        if node.tag not in _SCALAR_TAGS:
            return self._refuse_tag(node, path)
        plain = not node.style  # None from PyYAML, "" from libyaml
        if plain and node.tag == _BOOL and node.value.lower() not in {"true", "false"}:
            return node.value
        if plain and ":" in node.value:
            return node.value  # '15:00' is a time of day, not a base-60 number
        return self._number_or_bool(node, path)

    def _text(self, node: yaml.ScalarNode, path: FieldPath) -> str | None:
        """A string, unless an escape made it hold half a character (\\ud800), which no
        file or page can carry."""
        if any("\ud800" <= char <= "\udfff" for char in node.value):
            hint = "remove the \\u escape, or write the character itself"
            self.fail(node, path, "holds an escape (\\uD800–\\uDFFF) that is not a character", hint)
            return None
        return str(node.value)

    def _number_or_bool(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        text = node.value
        if node.tag == _INT and len(text.lstrip("+-").replace("_", "")) > MAX_INT_DIGITS:
            hint = "write the figure in whole units, e.g. 66000"
            self.fail(node, path, f"the number has more than {MAX_INT_DIGITS} digits", hint)
            return None
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, KeyError, OverflowError):
            kind = {_INT: "a whole number", _FLOAT: "a number"}.get(node.tag, "true or false")
            self.fail(node, path, f"'{text}' is not {kind}", "remove the tag or fix the value")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            hint = "write the figure with digits, e.g. 40"
            self.fail(node, path, f"'{text}' is not a usable number", hint)
            return None
        return value
