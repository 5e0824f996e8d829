"""Stage 7 (write): bytes → files, atomically, and never outside the folder they belong in.

A killed build leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from publisher.errors import BuildError


def write_atomic(
    path: Path, data: bytes | memoryview, *, durable: bool = True, trailer: bytes = b""
) -> Path:
    return save_atomic(path, lambda stream: (stream.write(data), stream.write(trailer)), durable)


def save_atomic(path: Path, save: Callable[[BinaryIO], object], durable: bool = True) -> Path:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A killed process cannot leave half a file either way; `durable` also flushes the file to
    disk before the rename, so that a power cut cannot either. The cache skips that: a cache
    entry lost to a power cut costs one layout, and a build writes hundreds of them.
    `trailer` is written after `data` (saves joining a big PDF to its checksum in memory).
    `save_atomic` is the same for a `save` that writes to an open binary file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name[:40]}.{os.getpid()}.", suffix=".tmp"
        )
    except OSError as exc:
        raise BuildError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # as open() would: mkstemp makes files private
        with os.fdopen(handle, "wb") as stream:
            save(stream)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise BuildError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


TEMP_SUFFIX = ".tmp"
TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")


def sweep_stale(folder: Path) -> int:
    """Remove the temporary files a killed process left under `folder` (a process that is
    still running keeps its own); returns how many went."""
    removed = 0
    if not folder.is_dir():
        return removed
    for candidate in folder.rglob(f".*{TEMP_SUFFIX}"):
        found = TEMP_NAME.match(candidate.name)
        if found and not process_alive(int(found[1])):
            candidate.unlink(missing_ok=True)
            removed += 1
    return removed


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's: alive
        return True
    return True


def save_buffered(path: Path, save: Callable[[BinaryIO], object]) -> Path:
    """`save_atomic` for a writer that must not see the disk fail: pikepdf (qpdf) ends the
    whole process when a write into a Python file fails (a full disk), so it writes into
    memory and the bytes go to disk here, where a full disk is an error like any other."""
    buffer = io.BytesIO()
    save(buffer)
    return write_atomic(path, buffer.getbuffer())


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_output(output_dir: Path, relative: str, data: bytes) -> Path:
    """Write under `output_dir` only; a path that would escape it is refused."""
    return write_atomic(output_path(output_dir, relative), data)


def output_path(output_dir: Path, relative: str) -> Path:
    """Where `relative` goes under `output_dir`; a path that would escape it is refused."""
    try:
        root = output_dir.resolve()
        target = (root / relative).resolve()
    except (OSError, RuntimeError) as exc:
        raise BuildError(f"refusing to write {relative!r}: {exc}") from None
    if not target.is_relative_to(root) or target == root:
        raise BuildError(f"refusing to write {relative!r}: outside {output_dir}")
    return target
