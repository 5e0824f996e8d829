"""`publisher data refresh`: a guide's figures moved to the newest imported data.

For every figure that cites a series (see `publisher.guides.facts`), the newest vintage that
has its code gives the new value. A pay figure moves together with the others of its path
(and its `year`): when the newer vintage lacks one of them, the path stays as it is and the
refresh says why, since a range with ends from two different years would misinform. With
`write`, each change is made in the guide's own text, on its own line: comments, order and
layout stay, and `git diff` shows only the numbers that changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.data.dataset import Datasets
from publisher.errors import ContentError, PublisherError
from publisher.guides.facts import Link, guide_links
from publisher.guides.loader import FieldPath, format_field, load_yaml
from publisher.guides.models import Guide
from publisher.guides.validate import validate_document
from publisher.output import write_atomic

FIGURE_WORDS = {
    "annual_p10": "10th percentile",
    "annual_p90": "90th percentile",
    "annual_median": "median",
    "hourly_median": "hourly median",
    "hourly_p10": "hourly 10th percentile",
    "hourly_p90": "hourly 90th percentile",
    "percent_change": "percent change",
    "employment_start": "employment",
    "entry_education": "entry education",
}


@dataclass(frozen=True)
class Change:
    at: FieldPath
    old: Any
    new: Any
    vintage: str  # the vintage the new value comes from


@dataclass
class Refresh:
    """What refreshing one guide changes, and what it leaves (with why)."""

    display: str
    path: Path
    changes: list[Change] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def plan_refresh(path: Path, display: str, datasets: Datasets) -> Refresh:
    """The changes the newest data makes to the guide in `path` (nothing is written)."""
    result = Refresh(display, path)
    try:
        raw = load_yaml(path, display)
    except ContentError:
        return result  # `check` reports it
    guide, _ = validate_document(raw, Guide)
    if guide is None:
        return result
    blocks: dict[FieldPath, list[Link]] = {}
    for link in guide_links(guide):
        blocks.setdefault(link.at[:-1], []).append(link)
    for at, links in blocks.items():
        _refresh_block(at, links, datasets, result)
    return result


def _refresh_block(at: FieldPath, links: list[Link], datasets: Datasets, result: Refresh) -> None:
    written = [link for link in links if link.written is not None]
    if not written:
        return  # taken from the data on every build: always current
    first = written[0]
    found = datasets.find(first.series, first.code)
    if found is None:
        return
    dataset, record = found
    new_values = {}
    for link in written:
        value = (
            record.text(link.figure)
            if link.figure == "entry_education"
            else record.number(link.figure)
        )
        if value is None:
            missing = FIGURE_WORDS.get(link.figure, link.figure)
            result.kept.append(
                f"{result.display}: {format_field(at)} stays at {first.vintage or 'its vintage'}: "
                f"{dataset.citation(first.code)} has no {missing}"
            )
            return
        new_values[link.at] = value
    for link in written:
        if not _same(link.written, new_values[link.at]):
            result.changes.append(
                Change(link.at, link.written, new_values[link.at], dataset.vintage)
            )
    vintage = record.text("period") if first.series == "projections" else dataset.vintage
    if first.vintage_at is not None and first.vintage is not None and first.vintage != vintage:
        result.changes.append(Change(first.vintage_at, first.vintage, vintage, dataset.vintage))


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, int | float) and isinstance(new, int | float):
        return abs(float(old) - float(new)) < 1e-9
    return bool(old == new)


def write_refresh(refresh: Refresh) -> None:
    """Make `refresh`'s changes in the guide's text, each on its own line; then read the
    file back and check it holds exactly the new values."""
    if not refresh.changes:
        return
    raw = load_yaml(refresh.path, refresh.display)
    lines = refresh.path.read_text(encoding="utf-8").split("\n")
    for change in refresh.changes:
        line, column = raw.positions[change.at]
        lines[line - 1] = _replace_scalar(lines[line - 1], column, change, refresh.display)
    text = "\n".join(lines)
    write_atomic(refresh.path, text.encode("utf-8"))
    again = load_yaml(refresh.path, refresh.display)
    for change in refresh.changes:
        if not _same(_get(again.data, change.at), change.new):
            raise PublisherError(
                f"{refresh.display}: {format_field(change.at)} did not read back as "
                f"{change.new!r} after the refresh; check the file"
            )


PLAIN = re.compile(r"[^,#}\]\n]*?(?=\s+#|\s*[,}\]]|\s*$)")


def _replace_scalar(line: str, column: int, change: Change, display: str) -> str:
    """`line` with the value of the key at `column` (1-based) replaced by `change.new`."""
    key = re.compile(rf"{re.escape(str(change.at[-1]))}\s*:\s*")
    found = key.match(line, column - 1)
    if found is None:
        raise PublisherError(f"{display}: cannot find {format_field(change.at)} on its line")
    start = found.end()
    if line[start : start + 1] in ("'", '"'):
        quote = line[start]
        end = line.index(quote, start + 1) + 1
    else:
        plain = PLAIN.match(line, start)
        assert plain is not None
        end = plain.end()
    return line[:start] + _yaml_scalar(change.new) + line[end:]


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = re.fullmatch(r"[A-Za-z0-9][\w .,'’–()/-]*", text) and not re.fullmatch(
        r"[\d.,-]+|true|false|yes|no|null|on|off", text, re.IGNORECASE
    )
    return text if plain and ": " not in text else '"' + text.replace('"', '\\"') + '"'


def _get(data: Any, at: FieldPath) -> Any:
    for key in at:
        data = data[key]
    return data


def describe(refresh: Refresh) -> list[str]:
    """One line per change: 'guides/x.yaml: numbers.growth.percent: 9 → 9.5 (2024–34)'."""
    return [
        f"{refresh.display}: {format_field(change.at)}: {_show(change.old)} → "
        f"{_show(change.new)} ({change.vintage})"
        for change in refresh.changes
    ]


def _show(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return f"{int(value):,}" if isinstance(value, int | float) else str(value)
