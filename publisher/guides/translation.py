"""Stage 2 for another language: a guide's translation file → the guide in that language.

A translation (`guides/es/SLUG.yaml` for Spanish) carries only the English guide's text: its
figures, sources, codes, dates and time split come from the English guide (one source of
truth for facts), so writing one of them is a problem, as is a text field the English guide
has and the translation lacks, one it does not have, or a list of another length. Every
problem is placed in the translation file. The guide to print is the English guide with its
text replaced (`merge`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from publisher.errors import ContentError, Problem
from publisher.guides.loader import FieldPath, RawDocument, format_field, load_yaml
from publisher.guides.models import Fit, Guide, Label, Outlook, Starter, Strict, Suits, Text
from publisher.guides.validate import _inner_model, validate_document
from publisher.project.formatting import ENGLISH_MONTH

FACTS = "figures, sources, codes and the time split come from the English guide"


class ActivityText(Strict):
    activity: Label = Field(description="The activity, as the chart labels it.")


class BlockText(Strict):
    title: Text = Field(description="The block's title.")
    text: Text = Field(description="The block's text.")


class StepText(Strict):
    title: Text = Field(description="The step in a few words.")
    text: Text = Field(description="What it takes.")


class PathText(Strict):
    label: Label = Field(description="The pay path's label, as the chart prints it.")


class WorkText(Strict):
    heading: Text | None = None
    intro: Text
    time_split: list[ActivityText] = Field(min_length=1, description="Same count and order.")
    split_changes: Text | None = None
    basis: Text


class DayText(Strict):
    title: Text
    blocks: list[BlockText] = Field(min_length=1, description="Same count and order.")
    note: Text | None = None


class GettingInText(Strict):
    steps: list[StepText] = Field(min_length=1, description="Same count and order.")
    first_jobs: list[Text] | None = None


class NumbersText(Strict):
    heading: Text | None = None
    text: Text
    salary_paths: list[PathText] | None = Field(default=None, description="Same count/order.")
    basis: Text | None = None


class QuickFactsText(Strict):
    soc_note: Text | None = None


class SourceText(Strict):
    name: Text | None = Field(default=None, description="The source's name, translated.")
    note: Text | None = Field(default=None, description="Its note, translated.")
    date: Text | None = Field(
        default=None,
        description="Only when the English date holds words besides a month, e.g. '2025–26 "
        "edition (May 2024 pay)': that date, translated.",
    )


class Translation(Strict):
    """A guide's text in another language (`guides/LANGUAGE/SLUG.yaml`): only text."""

    title: Text = Field(description="Career name.")
    summary: Text = Field(description="The lead.")
    suits: Suits
    work: WorkText
    day: DayText
    fit: Fit
    getting_in: GettingInText | None = None
    starter: Starter
    numbers: NumbersText
    quick_facts: QuickFactsText | None = None
    outlook: Outlook
    sources: dict[str, SourceText] = Field(
        default_factory=dict,
        description="By source id: the name and note of the English guide's sources that "
        "have them (never their id, series, code, date or url).",
    )
    closing: Text | None = None


def load_translation(
    path: Path, display: str, english: Guide
) -> tuple[Translation | None, RawDocument | None, list[Problem]]:
    """Read and check one translation against its (linked) English guide."""
    try:
        raw = load_yaml(path, display)
    except ContentError as exc:
        return None, None, list(exc.problems)
    problems: list[Problem] = []
    data = _without_facts(raw, raw.data, Translation, Guide, (), problems=problems)
    sources = data.get("sources")
    if sources is not None and not isinstance(sources, dict):
        problems.append(raw.problem(("sources",), f"a list of sources: {FACTS}", _SOURCES_HINT))
        data = {k: v for k, v in data.items() if k != "sources"}
    checked = RawDocument(raw.path, raw.display, data, raw.positions)
    translation, invalid = validate_document(checked, Translation)
    problems += invalid
    _compare(raw, Translation, english, data, (), problems=problems)
    problems += _source_problems(raw, english, data.get("sources"))
    return (translation if not problems else None), raw, problems


SOURCE_TEXT = ("name", "note", "date")
_SOURCES_HINT = "under `sources:` translate only the `name` and `note` of a source, by its id"
_FACT_HINT = "remove it: the translation carries only the guide's text"


def _without_facts(
    raw: RawDocument,
    data: Any,
    model: type[BaseModel] | None,
    english: type[BaseModel] | None,
    path: FieldPath,
    *,
    problems: list[Problem],
) -> Any:
    """`data` without the fields the English guide has that are not text (each a problem)."""
    if isinstance(data, list):
        return [
            _without_facts(raw, item, model, english, (*path, i), problems=problems)
            for i, item in enumerate(data)
        ]
    if not isinstance(data, dict) or model is None or path[:1] == ("sources",):
        return data
    kept: dict[str, Any] = {}
    for key, value in data.items():
        here = (*path, key)
        info = model.model_fields.get(key)
        facts = english.model_fields.get(key) if english else None
        if info is None and facts is not None:
            problems.append(raw.problem(here, f"`{key}` is not text: {FACTS}", _FACT_HINT))
            continue
        inner = _inner_model(info.annotation) if info else None
        fact_inner = _inner_model(facts.annotation) if facts else None
        kept[key] = _without_facts(raw, value, inner, fact_inner, here, problems=problems)
    return kept


def _present(value: Any, model: type[BaseModel] | None = None) -> bool:
    """Whether the English `value` has text for `model` (a group: any of its text)."""
    if isinstance(value, BaseModel) and model is not None:
        return any(
            _present(getattr(value, name, None), _inner_model(info.annotation))
            for name, info in model.model_fields.items()
        )
    return value is not None and value not in ([], "")


def _compare(
    raw: RawDocument,
    model: type[BaseModel],
    english: Any,
    data: Any,
    path: FieldPath,
    *,
    problems: list[Problem],
) -> None:
    """Fields the English guide has and the translation lacks (or the other way round), and
    lists of another length."""
    if not isinstance(data, dict) or english is None:
        return
    for name, info in model.model_fields.items():
        if name == "sources":
            continue
        here = (*path, name)
        theirs, ours = getattr(english, name, None), data.get(name)
        inner = _inner_model(info.annotation)
        if _present(theirs, inner) and ours is None:
            if not info.is_required():  # (a required one is reported by validation)
                problems.append(
                    raw.problem(
                        here,
                        "missing: the English guide has this text",
                        f"add `{name}:` under `{format_field(path) or 'the top level'}`, "
                        "translated",
                    )
                )
            continue
        if ours is not None and not _present(theirs, inner):
            problems.append(
                raw.problem(here, "the English guide has no such text", "remove it here too")
            )
            continue
        if isinstance(theirs, list) and isinstance(ours, list):
            if len(ours) != len(theirs):
                problems.append(
                    raw.problem(
                        here,
                        f"has {len(ours)} items; the English guide has {len(theirs)}",
                        "translate each English item, in the same order",
                    )
                )
            elif inner is not None:
                for index, (item, english_item) in enumerate(zip(ours, theirs, strict=True)):
                    _compare(raw, inner, english_item, item, (*here, index), problems=problems)
        elif inner is not None:
            _compare(raw, inner, theirs, ours, here, problems=problems)


def text_sources(english: Guide) -> dict[str, tuple[bool, bool, bool]]:
    """The English sources a translation translates, by id: whether it has a name, a note,
    and a date with words in it. A `series` source's name and date come from the data."""
    found = {
        s.id: (
            s.series is None and s.name is not None,
            s.note is not None,
            s.series is None and _worded(s.date),
        )
        for s in english.sources
    }
    return {key: text for key, text in found.items() if any(text)}


def _worded(date: str | None) -> bool:
    """Whether a date holds words besides a month ('2025–26 edition'), which need translating."""
    return date is not None and bool(re.search(r"[A-Za-z]{2,}", ENGLISH_MONTH.sub("", date)))


def _source_problems(raw: RawDocument, english: Guide, sources: Any) -> list[Problem]:
    wanted = text_sources(english)
    given = sources if isinstance(sources, dict) else {}
    problems = []
    for source_id, fields in given.items():
        if source_id not in wanted:
            problems.append(
                raw.problem(
                    ("sources", source_id),
                    f"the English guide has no source '{source_id}' with a name or note",
                    f"sources to translate: {', '.join(wanted) or 'none'}",
                )
            )
            continue
        for field, needed in zip(SOURCE_TEXT, wanted[source_id], strict=True):
            if isinstance(fields, dict) and field in fields and not needed:
                problems.append(
                    raw.problem(
                        ("sources", source_id, field),
                        f"the English source has no {field}",
                        "remove it",
                    )
                )
    for source_id, needs in wanted.items():
        fields = given.get(source_id)
        for field, needed in zip(SOURCE_TEXT, needs, strict=True):
            if needed and not (isinstance(fields, dict) and fields.get(field)):
                at = ("sources", source_id) if fields is not None else ("sources",)
                problems.append(
                    raw.problem(
                        at,
                        f"missing: the {field} of source '{source_id}'",
                        f"add `{source_id}:` with `{field}:` under `sources:`, translated",
                    )
                )
    return problems


def merge(english: Guide, translation: Translation, careers: set[str]) -> Guide:
    """The English guide with the translation's text (its facts untouched), naming only the
    related careers in `careers` (the edition's)."""
    data = english.model_dump(mode="python")
    text = translation.model_dump(mode="python", exclude_none=True)
    sources = text.pop("sources", {})
    _overlay(data, text)
    for source in data["sources"]:
        source.update(sources.get(source["id"], {}))
    data["related"] = [slug for slug in data["related"] if slug in careers]
    return Guide.model_validate(data)


def _overlay(target: Any, text: Any) -> None:
    if isinstance(text, dict):
        for key, value in text.items():
            if isinstance(value, dict | list) and target.get(key) is not None:
                _overlay(target[key], value)
            else:
                target[key] = value
    elif isinstance(text, list):
        for index, value in enumerate(text):
            if isinstance(value, dict | list):
                _overlay(target[index], value)
            else:
                target[index] = value
