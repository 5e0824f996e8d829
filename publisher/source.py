"""Stage 1 (load): YAML files → plain data that remembers where every value came from.

Only YAML's safe core types are built (no object construction). Every mapping key and sequence
item keeps its line and column, so later stages can point at the exact place a problem is.
Problems with the file itself (encoding, size, syntax, duplicate keys, alias bombs) are
reported here, all that can be found at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from publisher.errors import ContentError, Problem

MAX_FILE_BYTES = 256 * 1024
MAX_VALUES = 20_000
MAX_DEPTH = 40

Location = tuple[int, int]
FieldPath = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


@dataclass
class RawDocument:
    """A YAML mapping plus the line and column of every key and item in it."""

    path: Path
    display: str
    data: dict[str, Any]
    positions: dict[FieldPath, Location] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> Location:
        """Position of `path`, or of its nearest ancestor that exists in the file."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: FieldPath, message: str, hint: str | None = None) -> Problem:
        line, column = self.locate(path)
        return Problem(self.display, line, column, format_field(path), message, hint)


def format_field(path: FieldPath) -> str:
    """('work', 'time_split', 2, 'percent') → 'work.time_split[2].percent'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_yaml(path: Path, display: str) -> RawDocument:
    """Read one YAML file into a `RawDocument`, or raise `ContentError` naming every problem."""
    blob = path.read_bytes()
    if len(blob) > MAX_FILE_BYTES:
        raise ContentError(
            [
                Problem(
                    display,
                    1,
                    1,
                    "",
                    f"file is {len(blob) // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB",
                    "a guide is two pages of text: split it or remove pasted material",
                )
            ]
        )
    text = _decode(blob, display)
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = exc.problem or "not valid YAML"
        if exc.context:
            message = f"{exc.context}: {message}" if "single document" not in exc.context else (
                "the file holds more than one YAML document"
            )
        raise ContentError(
            [Problem(display, line, column, "", message, "check indentation and quoting")]
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(display, 1, 1, "", f"not valid YAML: {exc}")]) from None
    if node is None:
        raise ContentError(
            [Problem(display, 1, 1, "", "file is empty", "start from `publisher new \"Title\"`")]
        )
    builder = _Builder(display)
    data = builder.build(node, (), 0)
    if builder.problems:
        raise ContentError(builder.problems)
    if not isinstance(data, dict):
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        kind = "a list" if isinstance(data, list) else "a single value"
        raise ContentError(
            [
                Problem(
                    display,
                    line,
                    column,
                    "",
                    f"the file holds {kind}; it must be a mapping of fields (`title: ...`)",
                )
            ]
        )
    builder.positions.setdefault((), (1, 1))
    return RawDocument(path, display, data, builder.positions)


def _decode(blob: bytes, display: str) -> str:
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = blob[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ContentError(
            [
                Problem(
                    display,
                    line,
                    column,
                    "",
                    f"byte 0x{blob[exc.start]:02x} is not UTF-8 text",
                    "save the file as UTF-8 (most editors: 'Save with encoding')",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[FieldPath, Location] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str, hint: str | None = None, at: str = "") -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.display, mark.line + 1, mark.column + 1, at, message, hint)
        )

    def build(self, node: yaml.Node, path: FieldPath, depth: int) -> Any:
        self.count += 1
        if self.count == MAX_VALUES + 1:
            self.fail(
                node,
                f"anchors and aliases expand to more than {MAX_VALUES:,} values",
                "write values out instead of nesting aliases (this looks like an alias bomb)",
            )
        if self.count > MAX_VALUES:
            return None
        if depth > MAX_DEPTH:
            self.fail(node, f"nested more than {MAX_DEPTH} levels deep", at=format_field(path))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                child = (*path, index)
                self.positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(self.build(item, child, depth + 1))
            return items
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "merge keys (`<<`) are not supported", at=format_field(path))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a key must be plain text", at=format_field(path))
                continue
            key = str(key_node.value)
            child = (*path, key)
            if key in seen:
                self.fail(
                    key_node,
                    f"duplicate key '{key}' (first on line {seen[key]})",
                    "keep one of them; YAML would silently drop the first",
                    at=format_field(child),
                )
                continue
            seen[key] = key_node.start_mark.line + 1
            self.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        if node.tag == _TIMESTAMP_TAG:
            return str(node.value)  # dates stay text; the schema parses them
        if node.tag not in _SCALAR_TAGS:
            self.fail(
                node,
                f"YAML tag '{node.tag}' is not allowed",
                "guides hold plain text, numbers and lists only",
                at=format_field(path),
            )
            return None
        return self.constructor.construct_object(node, deep=True)  # type: ignore[no-untyped-call]
