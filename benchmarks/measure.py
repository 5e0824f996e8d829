"""One `publisher build` measured as a whole process: wall time, memory, and what it wrote.

Memory is taken two ways, because a build may fan out into worker processes:

- `peak_rss_mb`: the kernel's `ru_maxrss` from `wait4()` on the build process. It covers the
  build and every descendant it reaped (pool workers), but it is the largest *single* process,
  not their sum.
- `tree_mb`: the largest sum of PSS (proportional set size: shared pages split between the
  processes sharing them) over the live process tree, sampled from /proc every 100 ms. This is
  what the tree costs the machine at once; a spike shorter than that can be missed. (Sampling
  every 20 ms, and finding the tree by reading every process in /proc, took a fifth of a core
  and made a 2-second build 0.15 s slower on two cores.)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.1  # PSS costs ~1 ms per 250 MB process: sampling must not slow the build
PROC = Path("/proc")


class BenchmarkError(Exception):
    """A build failed or wrote the wrong things: the numbers would mean nothing."""


@dataclass(frozen=True)
class Measurement:
    wall_s: float
    cpu_s: float  # user + system CPU of the process and every descendant it waited for
    peak_rss_mb: float
    tree_mb: float
    returncode: int
    log: str
    left_processes: int = 0  # processes of this run still alive after it exited
    left_temp: int = 0  # files and folders it left in its own temporary folder


@dataclass(frozen=True)
class Outputs:
    handouts: int
    largest_handout_kb: float
    median_handout_kb: float
    booklet_mb: float
    imposed_mb: float

    def describe(self) -> str:
        return (
            f"{self.handouts} handouts ≤ {self.largest_handout_kb:.0f} KB "
            f"(median {self.median_handout_kb:.0f}); booklet {self.booklet_mb:.1f} MB, "
            f"imposed {self.imposed_mb:.1f} MB"
        )


def run_process(command: list[str], env: Mapping[str, str], cwd: Path) -> Measurement:
    """Run `command` in `cwd` to completion, timing it and watching its process tree's memory.

    Each run gets a temporary folder of its own (`TMPDIR`) and a marker in its environment,
    which every process it starts inherits: after it exits, what is left of either is counted
    (then removed, so one run's leftovers never reach the next)."""
    marker = f"PUBLISHER_BENCH_RUN={uuid.uuid4().hex}"
    own_tmp = Path(tempfile.mkdtemp(prefix="publisher-bench-tmp-"))
    name, value = marker.split("=")
    run_env = {**env, "TMPDIR": str(own_tmp), name: value}
    try:
        with tempfile.TemporaryFile() as log:
            start = time.perf_counter()
            child = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=run_env,
                cwd=cwd,
            )
            sampler = TreeSampler(child.pid)
            sampler.start()
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
            sampler.finish()
            log.seek(0)
            text = log.read().decode("utf-8", errors="replace")
        left = leftover_processes(marker)
        left_temp = len(list(own_tmp.iterdir()))
    finally:
        for pid in leftover_processes(marker, grace=0):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(own_tmp, ignore_errors=True)
    return Measurement(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        tree_mb=sampler.peak_kb / 1024,
        returncode=child.returncode,
        log=text,
        left_processes=len(left),
        left_temp=left_temp,
    )


def leftover_processes(marker: str, grace: float = 2.0) -> list[int]:
    """Processes whose environment carries `marker`, once those that are ending have had
    `grace` seconds to go."""
    deadline = time.monotonic() + grace
    while True:
        found = []
        for entry in PROC.iterdir():
            if entry.name.isdigit():
                try:
                    environ = (entry / "environ").read_bytes()
                except OSError:
                    continue
                if marker.encode() in environ.split(b"\0"):
                    found.append(int(entry.name))
        if not found or time.monotonic() >= deadline:
            return found
        time.sleep(0.05)


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and all its descendants until told to stop."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            total = sum(_memory_kb(pid) for pid in process_tree(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self._stop_event.wait(SAMPLE_SECONDS)

    def finish(self) -> None:
        self._stop_event.set()
        self.join()


def process_tree(root: int) -> list[int]:
    """`root` and every live descendant: from each process's threads' lists of children
    (cheap: only the tree is read), or by scanning every process's parent id in /proc where
    the kernel keeps no such lists."""
    tree, queue = [], [root]
    while queue:
        pid = queue.pop()
        found = _children(pid)
        if found is None:
            return _scanned_tree(root)
        tree.append(pid)
        queue.extend(found)
    return tree


def _children(pid: int) -> list[int] | None:
    """The children of `pid` (none once it is gone), or None if the kernel does not list them."""
    try:
        threads = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return []
    children = []
    for thread in threads:
        try:
            children += [int(child) for child in (thread / "children").read_text().split()]
        except FileNotFoundError:
            if thread.exists():
                return None  # no CONFIG_PROC_CHILDREN
        except OSError:
            continue  # the thread is gone
    return children


def _scanned_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone since the listing
        parent = int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces and ')'
        children.setdefault(parent, []).append(int(entry.name))
    tree, queue = [], [root]
    while queue:
        pid = queue.pop()
        tree.append(pid)
        queue.extend(children.get(pid, []))
    return tree


def _memory_kb(pid: int) -> int:
    """PSS of one process in KiB (RSS where smaps_rollup is unavailable); 0 once it is gone."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            lines = (PROC / str(pid) / name).read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def supports_options(
    command: Sequence[str], options: Iterable[str], env: Mapping[str, str], cwd: Path
) -> bool:
    """Whether `publisher build --help` lists every one of `options`."""
    plain = {**env, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    result = subprocess.run(
        [*command, "build", "--help"],
        capture_output=True,
        text=True,
        env=plain,
        cwd=cwd,
        check=False,
    )
    return result.returncode == 0 and all(option in result.stdout for option in options)


def collect_outputs(project: Path, expected: int, booklet: str) -> Outputs:
    """Sizes of what the build wrote; raise `BenchmarkError` if anything is missing."""
    handouts = sorted((project / "output" / "handouts").glob("*.pdf"))
    if len(handouts) != expected:
        raise BenchmarkError(
            f"expected {expected} handouts in output/handouts, found {len(handouts)}"
        )
    books = project / "output" / "booklets"
    missing = [
        p.name
        for p in (books / f"{booklet}.pdf", books / f"{booklet}-imposed.pdf")
        if not p.is_file()
    ]
    if missing:
        raise BenchmarkError(f"booklet files missing from output/booklets: {', '.join(missing)}")
    sizes = [path.stat().st_size / 1024 for path in handouts]
    return Outputs(
        handouts=len(handouts),
        largest_handout_kb=max(sizes),
        median_handout_kb=statistics.median(sizes),
        booklet_mb=(books / f"{booklet}.pdf").stat().st_size / 1024**2,
        imposed_mb=(books / f"{booklet}-imposed.pdf").stat().st_size / 1024**2,
    )


def digest(path: Path) -> str:
    """Content hash, to tell a rewritten output from a stale one."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
