"""Run one fixture guide through `check`, in a throwaway project, as a person would see it.

Slugs are file names and related slugs resolve against a project's `guides/`, so each scenario
runs in its own small project under `tmp_path`, with the fixture copied in as
`guides/<scenario-with-hyphens>.yaml`. Problems are shown relative to that project, exactly as
`publisher check` prints them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import TODAY

from publisher.guides.library import Entry, load_library
from publisher.project.settings import load_project

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
MINIMAL = VALID / "minimal.yaml"


def install(root: Path, fixture: Path, name: str | None = None) -> Path:
    """Copy a fixture into `root/guides/` as `name` (default: its name with hyphens)."""
    guides = root / "guides"
    guides.mkdir(parents=True, exist_ok=True)
    target = guides / (name or fixture.name.replace("_", "-"))
    shutil.copyfile(fixture, target)
    return target


def check_file(root: Path, path: Path) -> Entry:
    """Load and check one guide file of the project at `root`, as `publisher check PATH` does."""
    (entry,) = load_library(load_project(root), TODAY, [path]).entries
    return entry


def lines(entry: Entry) -> list[str]:
    """The lines `publisher check` prints for an entry (a problem, then its hint, if any)."""
    return [line for problem in entry.problems for line in problem.format().splitlines()]


def scenario(root: Path, fixture: str, name: str | None = None) -> list[str]:
    """What `check` prints for one fixture (from invalid/, else valid/) installed in `root`."""
    source = INVALID / fixture if (INVALID / fixture).exists() else VALID / fixture
    return lines(check_file(root, install(root, source, name)))
