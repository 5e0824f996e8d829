"""A build's own temporary folder: made at the start, gone at the end, however it ends.

The layout engine writes its font files to a folder it removes only when its font
configuration is finalised, which a worker process that ends (or is stopped) never does; the
programs a build runs (the C compiler behind library look-ups) write theirs too. So a build
gives itself and every process it starts one folder (`TMPDIR`, `tempfile.tempdir`) and
removes it at the end. A build killed with SIGKILL cannot: a small watcher process, in a
session of its own (a kill of the build's process group does not reach it), removes the
folder once the build has ended, and exits. It also removes the temporary files the build's
processes were writing into the folders it is given (`publisher.output.save_atomic`'s, named
with their writer's process id), once each writer is gone: a killed build leaves no half of
a file in output/ either, not only until the next build.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from publisher.builder.workers import PR_SET_PDEATHSIG
from publisher.output import TEMP_NAME

TEMP_PREFIX = "publisher-"
SETTLE_S = 5.0  # how long the watcher waits for the build's workers to go before it gives up


def _sweep_temp_folders() -> None:
    """Remove the temporary folders of builds that were killed (their process is gone)."""
    from publisher.output import process_alive

    for folder in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*-*"):
        pid = folder.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and folder.is_dir() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def private_tempdir(writes_into: Sequence[Path] = ()) -> Iterator[Path]:
    """A temporary folder of this build's own, for it and every process it starts, removed
    at the end whatever happened. Forked processes inherit it; spawned ones are told
    (`publisher.builder.workers.start_fresh`). Should the build be killed, the temporary
    files its processes left under `writes_into` go too."""
    _sweep_temp_folders()
    root = Path(tempfile.gettempdir()) / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}"
    watcher = _watch(root, writes_into)  # (first: a build killed as it makes the folder)
    try:
        root.mkdir(mode=0o700)
    except BaseException:
        if watcher is not None:
            watcher.kill()
            watcher.wait()
        raise
    previous, previous_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = os.environ["TMPDIR"] = str(root)  # (programs it runs use it too)
    try:
        yield root
    finally:
        tempfile.tempdir = previous
        if previous_env is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = previous_env
        shutil.rmtree(root, ignore_errors=True)
        if watcher is not None:
            watcher.kill()
            watcher.wait()


# The watcher, run as `python -I -S -c WATCHER FOLDER BUILD_PID [WRITTEN_FOLDER...]` (no site,
# no packages: it starts in a few milliseconds). It learns of the build's end through
# prctl(2): SIGTERM when its parent ends, kept blocked until it waits for it, so that none is
# missed. A temporary file whose writer is still alive (a worker being killed) is waited for.
WATCHER = f"""
import ctypes, os, re, shutil, signal, sys, time
folder, build, written = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
temp_name = re.compile({TEMP_NAME.pattern!r})
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, {{signal.SIGTERM}})
ctypes.CDLL(None).prctl({PR_SET_PDEATHSIG}, signal.SIGTERM)
if os.getppid() == build:
    signal.sigwait({{signal.SIGTERM}})

def writing():  # publisher.output.sweep_stale's rule, which this interpreter cannot import
    alive = False
    for top in written:
        for place, _, names in os.walk(top):
            for name in names:
                found = temp_name.match(name)
                if found:
                    try:
                        os.kill(int(found[1]), 0)
                        alive = True
                    except ProcessLookupError:
                        try:
                            os.unlink(os.path.join(place, name))
                        except OSError:
                            pass
                    except OSError:
                        pass
    return alive

deadline = time.monotonic() + {SETTLE_S}
while time.monotonic() < deadline:
    shutil.rmtree(folder, ignore_errors=True)
    if not writing() and not os.path.exists(folder):
        break
    time.sleep(0.2)
"""


def _watch(folder: Path, writes_into: Sequence[Path]) -> subprocess.Popen[bytes] | None:
    """Start the watcher of `folder` and of the temporary files written into `writes_into`,
    in a session of its own (a kill of the build's process group does not reach it); None
    where prctl(2) is not there to tell it of the build's end."""
    if not sys.platform.startswith("linux"):
        return None
    command = [sys.executable, "-I", "-S", "-c", WATCHER, str(folder), str(os.getpid())]
    command += [str(path) for path in writes_into]
    try:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:  # (no process to spare: the build goes on; a kill would leave the folder)
        return None
