"""Stage 2 (validate): the rules a guide must follow beyond its types.

Each rule takes a typed guide and its raw document (for positions) and yields problems.
Library-wide rules (related careers that must resolve) live in `publisher.guides.library`.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from publisher.charts.limits import MAX_SLICES  # the chart's limit: it merges the rest
from publisher.errors import Problem
from publisher.guides.loader import FieldPath, RawDocument
from publisher.guides.models import PITCH_MAX, SLUG_PATTERN, Guide, Source
from publisher.guides.pitch import card_pitch, first_sentence

STALE_AFTER_MONTHS = 18
SPLIT_TOLERANCE = 1.0
TODO_PATTERN = re.compile(r"\bTODO\b|^todo(-|$)")


def check_guide(guide: Guide, raw: RawDocument, slug: str, today: date) -> list[Problem]:
    """Every rule over one guide, errors and warnings together."""
    problems: list[Problem] = []
    for rule in (
        _slug_is_file_name,
        _time_split_sums_to_100,
        _day_in_time_order,
        _salary_in_order,
        _growth_shape,
        _sources,
        _card_pitch,
    ):
        problems.extend(rule(guide, raw, slug))
    problems.extend(_data_age(guide, raw, today))
    problems.extend(_todo_markers(raw))
    return problems


def slugify(title: str) -> str:
    """'Diseñador de Sonido' → 'disenador-de-sonido': lowercase ASCII words and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


MAX_SLUG = 80  # characters: output names, booklet links and URLs are made from it


def _slug_is_file_name(guide: Guide, raw: RawDocument, slug: str) -> Iterator[Problem]:
    if len(slug) > MAX_SLUG:
        yield raw.problem(
            (),
            f"the file name is {len(slug)} characters long; the limit is {MAX_SLUG}",
            "shorten the file name (it is the guide's id and its output's name)",
        )
    elif not re.match(SLUG_PATTERN, slug):
        fixed = slugify(slug) or "career-name"
        yield raw.problem(
            (),
            f"the file name '{raw.path.name}' must be lowercase words joined by hyphens",
            f"rename the file to '{fixed}{raw.path.suffix}' (the file name is the guide's id)",
        )


def _time_split_sums_to_100(guide: Guide, raw: RawDocument, slug: str) -> Iterator[Problem]:
    total = sum(share.percent for share in guide.work.time_split)
    if abs(total - 100) > SPLIT_TOLERANCE:
        yield raw.problem(
            ("work", "time_split"),
            f"the percents add up to {total:g}; they must add up to 100",
            "adjust the shares so they total 100",
        )
    if len(guide.work.time_split) > MAX_SLICES:
        yield raw.warning(
            ("work", "time_split"),
            f"{len(guide.work.time_split)} activities; the chart shows {MAX_SLICES} at most "
            "and merges the smallest into 'Other'",
            "combine related activities",
        )


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _day_in_time_order(guide: Guide, raw: RawDocument, slug: str) -> Iterator[Problem]:
    previous = -1
    for index, block in enumerate(guide.day.blocks):
        if previous >= 0 and _minutes(block.time) <= previous:
            yield raw.problem(
                ("day", "blocks", index, "time"),
                f"{block.time} is not later than the block before it ({_clock(previous)})",
                "list blocks in time order, using a 24-hour clock ('15:00' for 3 pm)",
            )
        previous = _minutes(block.time)
    if guide.day.end and _minutes(guide.day.end) <= previous:
        yield raw.problem(
            ("day", "end"),
            f"{guide.day.end} is not after the start of the last block ({_clock(previous)})",
            "`end` is when the last block finishes, on a 24-hour clock",
        )


def _salary_in_order(guide: Guide, raw: RawDocument, slug: str) -> Iterator[Problem]:
    for index, path in enumerate(guide.numbers.salary_paths):
        at: FieldPath = ("numbers", "salary_paths", index)
        figures = [(name, getattr(path, name)) for name in ("low", "median", "high")]
        present = [(name, value) for name, value in figures if value is not None]
        if not present:
            yield raw.problem(at, "a pay path needs at least one of low, median, high")
            continue
        for (name_a, a), (name_b, b) in itertools.pairwise(present):
            if a > b:
                yield raw.problem(
                    (*at, name_a),
                    f"{name_a} ({a:,}) is more than {name_b} ({b:,})",
                    "check the figures: low ≤ median ≤ high",
                )
        if path.open_top and path.high is None:
            yield raw.problem((*at, "open_top"), "an open-ended top needs `high`, e.g. 500000")


def _growth_shape(guide: Guide, raw: RawDocument, slug: str) -> Iterator[Problem]:
    growth = guide.numbers.growth
    if growth is None:
        return
    at: FieldPath = ("numbers", "growth")
    ranged = growth.low is not None or growth.high is not None
    if growth.percent is not None and ranged:
        yield raw.problem(at, "give either `percent` or `low` and `high`, not both")
    elif growth.percent is None and not (growth.low is not None and growth.high is not None):
        yield raw.problem(at, "give `percent`, or both `low` and `high`")
    elif growth.low is not None and growth.high is not None and growth.low > growth.high:
        yield raw.problem((*at, "low"), f"low ({growth.low:g}) is more than high ({growth.high:g})")
    if growth.period is None:
        yield raw.problem(
            at,
            "a growth figure needs its projection period",
            "add `period:` with the projection decade, e.g. '2024–34'",
        )


def _figure_blocks(guide: Guide) -> Iterator[tuple[FieldPath, list[str]]]:
    for index, path in enumerate(guide.numbers.salary_paths):
        yield ("numbers", "salary_paths", index), path.sources
    if guide.numbers.growth:
        yield ("numbers", "growth"), guide.numbers.growth.sources
    if guide.getting_in and guide.getting_in.sources:
        yield ("getting_in",), guide.getting_in.sources
    facts = guide.quick_facts
    for name in ("median_pay", "entry_education", "jobs"):
        block: Any = getattr(facts, name)
        if block is not None:
            yield ("quick_facts", name), block.sources


def _sources(guide: Guide, raw: RawDocument, slug: str) -> Iterator[Problem]:
    seen: list[str] = []
    for index, source in enumerate(guide.sources):
        if source.id in seen:
            yield raw.problem(
                ("sources", index, "id"),
                f"the source id '{source.id}' is used twice",
                "give each source its own id",
            )
        seen.append(source.id)
        yield from _printable(source, raw, index)
    used: set[str] = set()
    for at, refs in _figure_blocks(guide):
        used.update(refs)
        found = [guide.source(ref) for ref in refs]
        for index, (ref, cited) in enumerate(zip(refs, found, strict=True)):
            if cited is None:
                yield raw.problem(
                    (*at, "sources", index),
                    f"'{ref}' is not the id of any entry under `sources:`",
                    f"use one of: {', '.join(seen)}",
                )
        cited_sources = [cited for cited in found if cited is not None]
        if len(cited_sources) == len(refs) and not any(s.date for s in cited_sources):
            ids = " or ".join(f"'{ref}'" for ref in refs)
            yield raw.problem(
                (*at, "sources"),
                "none of this figure's sources has a date",
                f"add `date:` (e.g. 'May 2024') to source {ids} under `sources:`",
            )
    for index, source in enumerate(guide.sources):
        if used and source.id not in used:  # (a guide with no figures yet cites nothing)
            yield raw.warning(
                ("sources", index),
                f"the source '{source.id}' is listed but no figure cites it",
                "cite it from the figures that come from it, or remove it",
            )


def _card_pitch(guide: Guide, raw: RawDocument, slug: str) -> Iterator[Problem]:
    """A table card prints a pitch: the guide's own, or its summary's first sentence."""
    if card_pitch(guide) is None:
        length = len(first_sentence(guide.summary))
        yield raw.warning(
            ("summary",),
            f"its first sentence is {length} characters, too long for a table card's pitch "
            f"(at most {PITCH_MAX}); the card prints none",
            f"add `pitch:`, one sentence of at most {PITCH_MAX} characters, under `summary:`",
        )


def _printable(source: Source, raw: RawDocument, index: int) -> Iterator[Problem]:
    """A printed source names its publisher and links only to the publisher's own page."""
    at: FieldPath = ("sources", index)
    if source.series is None and not source.name:
        yield raw.problem(at, "a source needs `name:` (who published it), or a `series:`")
    if source.series is None and source.url and not _agency_page(source.url):
        host = urlsplit(source.url).hostname or source.url
        yield raw.problem(
            (*at, "url"),
            f"{host} is not the agency that publishes the figures; a handout cites the agency",
            "print the agency's own page (a .gov site, O*NET, CareerOneStop), and keep this "
            "one under `checked_against:`",
        )


AGENCY_HOSTS = ("onetonline.org", "careeronestop.org", "mynextmove.org")


def _agency_page(url: str) -> bool:
    """A page of a government agency (.gov, or the Department of Labor's O*NET sites)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(".gov") or any(
        host == name or host.endswith(f".{name}") for name in AGENCY_HOSTS
    )


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _data_age(guide: Guide, raw: RawDocument, today: date) -> Iterator[Problem]:
    if guide.as_of is None:
        yield raw.draft(
            (),
            "no `data_as_of`: nothing says when its figures were checked",
            "add `data_as_of: 'YYYY-MM'` once every figure is checked against its source",
        )
        return
    age = _months_between(guide.as_of, today)
    if age > STALE_AFTER_MONTHS:
        yield raw.warning(
            ("data_as_of",),
            f"the data is {age} months old (checked {guide.data_as_of}); "
            f"re-check it every {STALE_AFTER_MONTHS} months",
            "re-check the figures against their sources, then update `data_as_of`",
        )
    elif age < 0:
        yield raw.warning(
            ("data_as_of",),
            f"{guide.data_as_of} is in the future",
            "use the month the figures were checked",
        )


def _todo_markers(raw: RawDocument) -> Iterator[Problem]:
    def walk(value: Any, path: FieldPath) -> Iterator[Problem]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*path, index))
        elif isinstance(value, str) and TODO_PATTERN.search(value):
            yield raw.draft(path, "still a TODO placeholder", "replace it with the real text")

    yield from walk(raw.data, ())
