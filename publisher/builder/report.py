"""What a build tells its caller: each output's outcome, and the report of them all.

Apart from the session (`publisher.builder.session`), which makes them, so that a build
answered from its last run (`publisher.builder.last_build`) shows them without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Outcome:
    """What happened to one output: where it was written, or why it failed."""

    name: str
    path: Path | None = None
    error: str | None = None
    note: str | None = None


@dataclass
class BuildReport:
    built: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    reused: int = 0  # outputs left as they were, or copied from the cache

    @property
    def ok(self) -> bool:
        return not self.failed
