"""Guides as a previous build read them: a guide file whose bytes have not changed is not
parsed, validated and checked again (0.14 s for 100 guides, on every build, edits included).

Each is kept as JSON in the store, under a key made of the guide file's bytes, its name,
the day (some checks depend on the date) and the tool's own code (`keys.parsed_guide`):
exactly what reading it gave, the guide, its problems and the raw mapping with every
field's position (those as JSON text of their own, read only when asked for: a problem
placed, a guide checked again), and the guide's canonical JSON (`Entry.content`, what output
keys are made from: dumping 500 guides again took some 20 ms). A guide whose raw form is not
plain JSON data (a YAML date, say) is simply read every time.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from publisher.builder import keys
from publisher.builder.store import Store
from publisher.data.dataset import Datasets
from publisher.errors import Problem, Severity
from publisher.guides.library import Entry, Folders, load_entry
from publisher.guides.loader import FieldPath, Location, RawDocument
from publisher.guides.models import Guide


class ParsedGuides:
    """Guide files → entries, from the store when read before (see the module's docstring)."""

    def __init__(self, store: Store, today: date) -> None:
        self.store, self.today = store, today
        self._data: tuple[Datasets, str] | None = None  # the data read against, and its key

    def _data_key(self, datasets: Datasets) -> str:
        if self._data is None or self._data[0] is not datasets:
            self._data = (datasets, keys.digest(*datasets.digest_parts()))
        return self._data[1]

    def load(self, path: Path, project: Folders, datasets: Datasets) -> Entry:
        display = project.display(path)
        try:
            blob = path.read_bytes()
        except OSError:  # reported by reading it as usual
            return load_entry(path, project, self.today, datasets)
        key = keys.parsed_guide(
            self.today, display, path.stem, blob, self._data_key(datasets), project.clusters
        )
        entry = _entry(self.store.get(key, "json"), path, display)
        if entry is None:
            entry = load_entry(path, project, self.today, datasets)
            kept = _kept(entry)
            if kept is not None and path.read_bytes() == blob:  # (not edited meanwhile)
                self.store.put(key, kept, "json")
        return entry


def _kept(entry: Entry) -> bytes | None:
    """`entry` as JSON, or None when it would not read back the same."""
    if entry.raw is None:
        return None
    try:
        record: dict[str, Any] = {
            "guide": None if entry.guide is None else entry.guide.model_dump(mode="json"),
            "problems": [dataclasses.asdict(problem) for problem in entry.problems],
            "data": _json(entry.raw.data),
            "positions": _json([[list(key), *at] for key, at in entry.raw.positions.items()]),
            "content": entry.content,
        }
        text = json.dumps(record, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None
    back = _entry_from(json.loads(text), entry.path, entry.display)
    if back is None or back.raw is None:
        return None
    ours = (entry.guide, entry.problems, entry.content, entry.raw.data)
    same = (back.guide, back.problems, back.content, back.raw.data) == ours
    return text.encode() if same else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _entry(kept: bytes | None, path: Path, display: str) -> Entry | None:
    if kept is None:
        return None
    try:
        record = json.loads(kept)
    except ValueError:
        return None
    return _entry_from(record, path, display)


def _entry_from(record: Any, path: Path, display: str) -> Entry | None:
    try:
        guide = None if record["guide"] is None else Guide.model_validate(record["guide"])
        problems = [
            Problem(**{**fields, "severity": Severity(fields["severity"])})
            for fields in record["problems"]
        ]
        data, listed, content = record["data"], record["positions"], record["content"]
        if not all(isinstance(text, str) for text in (data, listed, content)):
            return None
        raw = _KeptDocument(path, display, data, _KeptPositions(listed))
    except (KeyError, TypeError, ValueError):
        return None
    entry = Entry(path.stem, path, display, guide, problems, raw)
    entry.__dict__["content"] = content  # (its cached property: what the guide dumps as)
    return entry


class _KeptDocument(RawDocument):
    """A kept guide's raw mapping, kept as JSON text of its own and read only when asked
    for: a build reads it to check a guide, which a kept guide needs no more (reading 500
    guides' mappings took some 40 ms, a twentieth of a no-op)."""

    def __init__(self, path: Path, display: str, data: str, positions: _KeptPositions) -> None:
        self.path, self.display, self.positions = path, display, positions
        self._data = data

    @cached_property
    def data(self) -> dict[str, Any]:  # type: ignore[override] # (read-only: as kept)
        loaded: dict[str, Any] = json.loads(self._data)
        return loaded


class _KeptPositions(Mapping[FieldPath, Location]):
    """A kept guide's field positions, kept as JSON text of their own and read only when a
    problem asks for one: most builds report no problem of a current guide (reading 500
    guides' positions took a quarter of a no-op)."""

    def __init__(self, listed: str) -> None:
        self._listed = listed

    @cached_property
    def _table(self) -> dict[FieldPath, Location]:
        listed = json.loads(self._listed)
        return {tuple(key): (line, column) for key, line, column in listed}

    def __getitem__(self, key: FieldPath) -> Location:
        return self._table[key]

    def __iter__(self) -> Iterator[FieldPath]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)
