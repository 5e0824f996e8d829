"""The watcher: a change under `guides/`, `layouts/` or `assets/`, or to `publisher.yaml`,
→ `changed` is set. It runs in a thread of its own from before the first build (an edit
made while that build runs is not missed) and ends when told to stop."""

from __future__ import annotations

import threading
from pathlib import Path

from publisher.project.root import CONFIG_NAME

WATCHED = ("guides", "layouts", "assets")
DEBOUNCE_MS = 50  # an editor's save is a burst of events; a rebuild starts after it
TICK_MS = 250  # how often it looks at publisher.yaml, and whether to stop


def watched(root: Path) -> list[Path]:
    """The folders watched (those that exist)."""
    return [root / name for name in WATCHED if (root / name).is_dir()]


def _settings_stamp(root: Path) -> tuple[int, int, int] | None:
    """publisher.yaml as it is now (an editor may replace the file rather than write it)."""
    try:
        info = (root / CONFIG_NAME).stat()
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def watch_project(
    root: Path, stop: threading.Event, changed: threading.Event, ready: threading.Event
) -> None:
    """Set `changed` on each change of the project's sources, until `stop` is set; `ready`
    once it watches."""
    from watchfiles import watch

    stamp = _settings_stamp(root)
    changes = watch(
        *watched(root),
        stop_event=stop,
        debounce=DEBOUNCE_MS,
        step=DEBOUNCE_MS,
        rust_timeout=TICK_MS,
        yield_on_timeout=True,
        raise_interrupt=False,
    )
    for found in changes:
        ready.set()  # (the first tick: the folders are watched)
        now = _settings_stamp(root)
        if found or now != stamp:
            stamp = now
            changed.set()
    ready.set()
