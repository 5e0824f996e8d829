"""Stages 1–2 over a whole library: every guide loaded and checked, problems collected.

One broken guide never hides the others: each entry carries its guide (when valid) and its
problems, and callers decide what an error stops.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Protocol

from publisher.data.dataset import Datasets, load_datasets
from publisher.errors import ContentError, Problem, sort_problems
from publisher.guides.facts import Printed, link_figures, printed_figures
from publisher.guides.loader import RawDocument, load_yaml
from publisher.guides.models import Guide
from publisher.guides.rules import check_guide
from publisher.guides.validate import validate_document

GUIDE_SUFFIXES = (".yaml", ".yml")


class Folders(Protocol):
    """Where a library's guides live and how to name a file in messages (a `Project`)."""

    @property
    def guides_dir(self) -> Path: ...

    @property
    def data_dir(self) -> Path: ...

    @property
    def root(self) -> Path: ...

    @property
    def clusters(self) -> frozenset[str]:
        """The cluster ids the project names (empty: any)."""
        ...

    def display(self, path: Path) -> str: ...


@dataclass
class Entry:
    """One guide file: its slug, the guide if it validated, and its problems."""

    slug: str
    path: Path
    display: str
    guide: Guide | None
    problems: list[Problem] = field(default_factory=list)
    raw: RawDocument | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @cached_property
    def content(self) -> str:
        """The guide as canonical JSON: what cache keys of its outputs are made from."""
        return self.guide.model_dump_json() if self.guide is not None else ""

    @property
    def is_draft(self) -> bool:
        """Whether only a draft can be printed from it (a TODO, no data date, …)."""
        return any(p.is_draft for p in self.problems)

    def blocking(self, strict: bool = False, draft: bool = False) -> list[Problem]:
        """The problems that stop it from printing: errors (draft ones unless `draft`), and
        with `strict` warnings too."""
        return [
            p
            for p in self.problems
            if (p.is_error and not (draft and p.is_draft)) or (strict and not p.is_error)
        ]

    def ok(self, strict: bool = False, draft: bool = False) -> bool:
        return self.guide is not None and not self.blocking(strict, draft)


@dataclass
class Library:
    """The guides of a project, in slug order."""

    entries: list[Entry]

    def by_slug(self) -> dict[str, Entry]:
        return {entry.slug: entry for entry in self.entries}

    @property
    def problems(self) -> list[Problem]:
        return [p for entry in self.entries for p in entry.problems]


def guide_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their guide files; keep files as given; each file once."""
    files: dict[Path, Path] = {}
    for path in paths:
        found = (
            sorted(p for p in path.iterdir() if p.suffix in GUIDE_SUFFIXES)
            if path.is_dir()
            else [path]
        )
        for file in found:
            try:
                real = file.resolve()
            except (OSError, RuntimeError):  # a link loop: reported when it is read
                real = file.absolute()
            files.setdefault(real, file)
    return list(files.values())


def load_entry(
    path: Path, project: Folders, today: date, datasets: Datasets | None = None
) -> Entry:
    """Load, validate, link to the data (see `publisher.guides.facts`) and rule-check one
    guide file."""
    display = project.display(path)
    slug = path.stem
    refused = _unreadable(path, project.root)
    if refused is not None:
        message, hint = refused
        return Entry(slug, path, display, None, [Problem(display, 0, 0, "", message, hint)])
    try:
        raw = load_yaml(path, display)
    except ContentError as exc:
        return Entry(slug, path, display, None, list(exc.problems))
    guide, problems = validate_document(raw, Guide)
    if guide is not None:
        linked = link_figures(guide, raw, datasets or Datasets())
        guide = linked.guide
        problems = [*linked.problems, *check_guide(guide, raw, slug, today)]
        problems += _cluster_problems(guide, raw, project.clusters)
    return Entry(slug, path, display, guide, problems, raw)


def _cluster_problems(guide: Guide, raw: RawDocument, known: frozenset[str]) -> list[Problem]:
    """A cluster publisher.yaml does not name would start a booklet section of its own."""
    if not known or guide.cluster in known:
        return []
    close = difflib.get_close_matches(guide.cluster, sorted(known), n=2, cutoff=0.5)
    close += [k for k in sorted(known) if k.startswith(guide.cluster) and k not in close]
    guess = f"did you mean {' or '.join(repr(c) for c in close[:2])}? " if close else ""
    return [
        raw.draft(
            ("cluster",),
            f"'{guide.cluster}' is not one of the clusters in publisher.yaml",
            f"{guess}use one of {', '.join(sorted(known))}, or add it under `clusters:`",
        )
    ]


def _unreadable(path: Path, root: Path) -> tuple[str, str] | None:
    """Why `path` is not a guide file to read, if it is not: missing, a link loop, a link out
    of the project, or not a regular file (a folder, a pipe, a device)."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            return "a link to a file that does not exist", "remove the link, or fix its target"
        return "no such guide file", "check the path and name"
    except (OSError, RuntimeError):
        return "a link that leads back to itself", "remove the link"
    if not real.is_relative_to(root.resolve()):
        what = "a link to a file" if path.is_symlink() else "a file"
        return f"{what} outside the project", "copy the guide into guides/ instead"
    if not real.is_file():
        return "not a guide file (a folder, a pipe or a device)", "remove it from guides/"
    return None


# A guide file → its entry, read against the project's data (see publisher.builder.guide_cache).
Reader = Callable[[Path, Folders, Datasets], Entry]


def load_library(
    project: Folders,
    today: date,
    paths: Iterable[Path] | None = None,
    read: Reader | None = None,
) -> Library:
    """Load the given guide files (default: all of `guides/`) against the project's data
    (`data/`) and check what spans guides: related careers, and one fact printed alike.
    `read` reads one file (default: `load_entry`)."""
    datasets = load_datasets(project.data_dir, project.display)
    in_project = guide_files([project.guides_dir]) if project.guides_dir.is_dir() else []
    files = guide_files(paths) if paths is not None else in_project
    entries = [
        read(path, project, datasets) if read else load_entry(path, project, today, datasets)
        for path in files
    ]
    known = {p.stem for p in in_project} | {e.slug for e in entries}
    same_facts, same_slugs = _same_fact_problems(entries), _same_slug_problems(entries)
    for entry in entries:
        entry.problems.extend(_related_problems(entry, known))
        entry.problems.extend(same_slugs.get(entry.path, []))
        entry.problems.extend(same_facts.get(entry.slug, []))
        entry.problems[:] = sort_problems(entry.problems)
    return Library(sorted(entries, key=lambda e: (e.slug, e.display)))


def _related_problems(entry: Entry, known: set[str]) -> list[Problem]:
    if entry.guide is None or entry.raw is None:
        return []
    problems = []
    for index, slug in enumerate(entry.guide.related):
        if slug == entry.slug:
            reason, hint = "a guide cannot be related to itself", "remove it from `related`"
        elif slug not in known:
            reason = f"'{slug}' is not a guide in this project"
            hint = f"add guides/{slug}.yaml, or check the spelling"
        else:
            continue
        problems.append(entry.raw.warning(("related", index), reason, hint))
    return problems


def _same_slug_problems(entries: list[Entry]) -> dict[Path, list[Problem]]:
    """Two files with one slug in one folder (`x.yaml` and `x.yml`) would print as one
    career: each is told of the others (by file)."""
    by_slug: dict[str, list[Entry]] = {}
    for entry in entries:
        by_slug.setdefault(entry.slug, []).append(entry)
    problems: dict[Path, list[Problem]] = {}
    for same in by_slug.values():
        if len(same) < 2:
            continue
        folders = [entry.path.parent.resolve() for entry in same]
        for entry, folder in zip(same, folders, strict=True):
            others = [
                other.display
                for other, where in zip(same, folders, strict=True)
                if other is not entry and where == folder
            ]
            if others:
                message = f"another file has the same name: {', '.join(others)}"
                problems[entry.path] = [
                    Problem(entry.display, 1, 1, "", message, "keep one of them")
                ]
    return problems


def _same_fact_problems(entries: list[Entry]) -> dict[str, list[Problem]]:
    """Two guides that print one fact (same code, same figure, same year) differently: a
    reader who holds both sees a contradiction. Each is told the other's value."""
    seen: dict[tuple[str, str, str], list[tuple[Entry, Printed]]] = {}
    for entry in entries:
        if entry.guide is not None and entry.raw is not None:
            for figure in printed_figures(entry.guide):
                seen.setdefault(figure.fact, []).append((entry, figure))
    problems: dict[str, list[Problem]] = {}
    for (code, what, when), printed in seen.items():
        values = {_norm(figure.value) for _, figure in printed}
        if len(values) < 2:
            continue
        for entry, figure in printed:
            others = list(
                dict.fromkeys(
                    f"{other.display}: {_show(other_figure.value)}"
                    for other, other_figure in printed
                    if _norm(other_figure.value) != _norm(figure.value)
                )
            )
            assert entry.raw is not None
            problems.setdefault(entry.slug, []).append(
                entry.raw.problem(
                    figure.at,
                    f"{code} {what}{f' ({when})' if when else ''} is {_show(figure.value)} "
                    f"here but {'; '.join(others)}",
                    "print one value for one fact: the series' value",
                )
            )
    return problems


def _norm(value: object) -> object:
    """Numbers as numbers (66430 is 66430.0), whatever type the model gave them."""
    if isinstance(value, tuple):
        return tuple(_norm(v) for v in value)
    return float(value) if isinstance(value, int | float) else value


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "–".join(f"{v:g}" for v in value if isinstance(v, int | float))
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return f"{int(value):,}" if isinstance(value, int | float) else str(value)
