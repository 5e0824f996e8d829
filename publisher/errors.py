"""Errors a person can act on: where, which field, what is wrong, what to do."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    DRAFT = "draft"  # an error, except in a draft (`--draft`), which is printed marked DRAFT
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem in one file, at a line and column (1-based; 0 when unknown)."""

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is not Severity.WARNING

    @property
    def is_draft(self) -> bool:
        return self.severity is Severity.DRAFT

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """File order: by file, then line and column, as an editor lists them."""
        return (self.path, self.line, self.column, self.field, self.message)

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        label = {Severity.WARNING: " warning:", Severity.DRAFT: " draft:"}.get(self.severity, "")
        text = f"{where}:{field}{label} {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_error(self) -> Problem:
        return self if self.is_draft else replace(self, severity=Severity.ERROR)


def quote_value(value: object, width: int = 40) -> str:
    """A value as a message quotes it: its repr, cut to fit on one line."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 2] + "…" + text[-1]


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda problem: problem.sort_key)


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as a person wants to read it: relative to the project when inside it."""
    base = (
        _resolved(root)
        if root is not None and root.is_absolute()
        else (root or Path.cwd()).resolve()
    )
    plain = Path(os.path.normpath(path.absolute()))  # (a link is named as itself)
    if plain.is_relative_to(base):
        return str(plain.relative_to(base))
    try:
        return str(path.resolve().relative_to(base))
    except (OSError, RuntimeError):  # a link loop, say: name the link itself
        try:
            return str(path.absolute().relative_to(base))
        except ValueError:
            return str(path)
    except ValueError:
        return str(path)


@lru_cache(maxsize=16)
def _resolved(root: Path) -> Path:
    """An absolute project root, resolved once (every guide and every problem names its file
    against it: resolving it each time was a third of naming 500 guides)."""
    return root.resolve()


class PublisherError(Exception):
    """Root of every error the command line reports without a traceback."""

    exit_code = 1

    def format(self) -> str:
        return str(self)


class ContentError(PublisherError):
    """One or more problems in content files (guides, project config)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class BuildError(PublisherError):
    """A build step failed for a reason a person can fix (layout, page budget, fetch)."""


class UsageError(PublisherError):
    """The command was called wrongly, or where it cannot work (outside a project)."""

    exit_code = 2
