"""One build of a project at a time: a lock on a file in its cache.

Two builds at once would race to record what `output/` holds. The second one is told which
process holds the lock and stops, rather than wait without a word.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publisher.errors import BuildError

LOCK_NAME = "build.lock"


@contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """Hold the project's build lock while inside; `BuildError` if another build holds it."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: no lock
        yield
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
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
