"""Which folder a command works on: the project's root, found the way git finds its
repository. Light on purpose: a build answered from its last run (`publisher.builder.
last_build`) finds its project before anything else is loaded."""

from __future__ import annotations

from pathlib import Path

from publisher.errors import UsageError

CONFIG_NAME = "publisher.yaml"
GUIDES_NAME = "guides"  # one career per YAML file, under the root
OUTPUT_NAME = "output"  # what a build writes, under the root
CACHE_NAME = ".cache"  # what it keeps for the next build: safe to delete, never committed


def find_project(start: Path) -> Path:
    """The project `start` is in: the nearest folder, `start` or above, that holds
    `publisher.yaml` or a `guides/` folder (the way git finds its repository)."""
    start = start.resolve()
    if not start.is_dir():
        raise UsageError(f"{start}: no such folder")
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file() or (folder / GUIDES_NAME).is_dir():
            return folder
    raise UsageError(
        f"not in a career-publisher project: no {CONFIG_NAME} or guides/ in {start} or any "
        "folder above it; start one with `publisher init DIR`, or pass -C DIR"
    )
