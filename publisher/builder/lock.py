"""One build of a project at a time: a lock on a file in its cache.

Two builds at once would race to record what `output/` holds. The second one is told which
process holds the lock and stops, rather than wait without a word.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from publisher.errors import BuildError

LOCK_NAME = "build.lock"


FINISHED = "finished"  # what the lock file says after a build that ended (well or not)


@contextmanager
def build_lock(cache_dir: Path) -> Iterator[bool]:
    """Hold the project's build lock while inside; `BuildError` if another build holds it.
    Yields whether the previous build was killed before it could finish (its half-written
    files are to be swept)."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: no lock
        yield True
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / LOCK_NAME).open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildError(
                f"another build of this project is running ({holder}); run again when it "
                "has finished"
            ) from None
        handle.seek(0)
        killed = handle.read().strip() not in ("", FINISHED)
        _say(handle, f"process {os.getpid()}")
        try:
            yield killed
        finally:
            _say(handle, FINISHED)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _say(handle: IO[str], text: str) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(text)
    handle.flush()
