"""Run `publisher` as a person would, each command in a temporary folder of its own, and say
what it left behind (issue 20: "nothing left behind").

Every command gets a fresh, empty `TMPDIR` and a marker in its environment, which every
process it starts inherits. Once it has ended (exited, failed, been interrupted or killed),
`left_behind` lists the processes still alive that carry the marker or work in the test's
folder, and whatever is in that `TMPDIR`: both must be empty.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from conftest import TODAY

from benchmarks.measure import PROC, leftover_processes

MARK = "PUBLISHER_TEST_MARK"


@dataclass
class Ran:
    """One command as it ended: its exit code, what it printed, how long it took."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    tmp: Path  # its own TMPDIR
    marker: str  # NAME=VALUE in the environment of every process it started
    watched: Path  # a folder no process of it may still work in once it ended
    notes: list[str] = field(default_factory=list)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def publisher(
    *args: str | Path,
    cwd: Path,
    tmp: Path,
    watched: Path | None = None,
    stdin: str | None = None,
    timeout: float = 300,
    interrupt_after: float | None = None,
    kill_after: float | None = None,
    env: dict[str, str] | None = None,
) -> Ran:
    """`python -m publisher ARGS` in `cwd` with `tmp` (made here, empty) as its TMPDIR.

    `interrupt_after`: Ctrl-C (SIGINT to its whole process group, as a terminal sends it)
    that many seconds after the start; `kill_after`: SIGKILL to the command's own process
    only (its workers are left to end by themselves)."""
    tmp.mkdir(parents=True)
    marker = f"{MARK}={uuid.uuid4().hex}"
    full_env = {
        **os.environ,
        "PUBLISHER_TODAY": TODAY.isoformat(),
        "TMPDIR": str(tmp),
        MARK: marker.split("=")[1],
        **(env or {}),
    }
    command = [sys.executable, "-m", "publisher", *(str(arg) for arg in args)]
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=full_env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own: Ctrl-C reaches it and its workers only
    )
    notes = []
    try:
        if interrupt_after is not None or kill_after is not None:
            wait = interrupt_after if interrupt_after is not None else kill_after
            try:
                out, err = process.communicate(stdin, timeout=wait)
            except subprocess.TimeoutExpired:
                if interrupt_after is not None:
                    os.killpg(process.pid, signal.SIGINT)
                    notes.append("interrupted")
                else:
                    os.kill(process.pid, signal.SIGKILL)
                    notes.append("killed")
                out, err = process.communicate(timeout=timeout)
        else:
            out, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        notes.append(f"did not end within {timeout} s")
    return Ran(
        [str(arg) for arg in args],
        process.returncode,
        out,
        err,
        time.monotonic() - started,
        tmp,
        marker,
        (watched or cwd).resolve(),
        notes,
    )


def processes_working_in(folder: Path) -> list[int]:
    """Processes other than this one whose working folder is `folder` or inside it."""
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue  # gone, or not ours to read
        if cwd == folder or folder in cwd.parents:
            found.append(int(entry.name))
    return found


def left_behind(ran: Ran, grace: float = 3.0) -> tuple[list[int], list[str]]:
    """Processes of the command still alive (once those ending have had `grace` seconds),
    and what is left in its TMPDIR."""
    deadline = time.monotonic() + grace
    processes = leftover_processes(ran.marker, grace=grace)
    while (working := processes_working_in(ran.watched)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted({*processes, *working}), sorted(p.name for p in ran.tmp.iterdir())


def assert_nothing_left(ran: Ran) -> None:
    processes, temp = left_behind(ran)
    assert processes == [], f"{ran.args}: processes left running: {processes}"
    assert temp == [], f"{ran.args}: left in its TMPDIR: {temp}"


def assert_clean_failure(ran: Ran, pattern: str | None = None) -> None:
    """Exit 1, a message, no traceback."""
    import re

    assert ran.returncode == 1, (ran.args, ran.returncode, ran.output)
    assert "Traceback" not in ran.output, ran.output
    if pattern is not None:
        assert re.search(pattern, ran.output), (pattern, ran.output)


def time_limit(seconds: float) -> float:
    """`seconds` on a machine doing nothing else; more in proportion when other work is
    queued for its cores (a CI runner shared with other jobs): a hang still shows."""
    cores = len(os.sched_getaffinity(0))
    return seconds * max(1.0, os.getloadavg()[0] / cores)
