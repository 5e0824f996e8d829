"""Ctrl-C held back where it would otherwise leave the process broken: in the middle of a
compiled library's set-up, and between a worker's fork and the pool's record of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from publisher.builder.interrupts import interrupts_held

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and fork")


def test_ctrl_c_waits_until_the_block_has_ended() -> None:
    """pikepdf interrupted while it sets itself up aborts the process (exit -6, seen in a
    Ctrl-C test); held back, the interrupt reaches the build just after, as a KeyboardInterrupt."""
    reached: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            reached.append("the end of the block")
        reached.append("past the block")
    assert reached == ["the end of the block"]


# Ctrl-C the moment the last worker is forked, before the pool has listed it: the program
# must end (exit 130) with no worker left, not wait at exit for a worker nobody stopped.
FORKED_THEN_INTERRUPTED = """
    import multiprocessing, multiprocessing.process, os, signal, sys
    from publisher.builder import workers

    real_start = multiprocessing.process.BaseProcess.start
    forked = []

    def start(process):
        real_start(process)
        forked.append(process.pid)
        if len(forked) == {nth}:
            signal.raise_signal(signal.SIGINT)

    multiprocessing.process.BaseProcess.start = start
    try:
        {make}
    except KeyboardInterrupt:
        left = [p.pid for p in multiprocessing.active_children()]
        print(" ".join(map(str, forked)), "|", " ".join(map(str, left)), flush=True)
        sys.exit(130)
    sys.exit("not interrupted")
    """

MAKERS = {  # what forks the workers, and how many it forks
    "a build's pool": ("workers.make_executor(2, os.getpid)", 2),
    "the worker forked before the command line is read": ("workers.fork_early(os.getpid)", 1),
    "the processes that write a booklet": (
        "with workers.fresh_process(2) as pool:\n"
        "            pool.submit(os.getpid); pool.submit(os.getpid)",
        2,
    ),
}


@pytest.mark.parametrize(("make", "forks"), MAKERS.values(), ids=MAKERS.keys())
def test_ctrl_c_as_a_worker_is_forked_stops_every_worker(make: str, forks: int) -> None:
    program = textwrap.dedent(FORKED_THEN_INTERRUPTED).replace("{make}", make)
    program = program.replace("{nth}", str(forks))
    process = subprocess.Popen(
        [sys.executable, "-c", program],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the program waited at exit for a worker that was never stopped")
    assert process.returncode == 130, err
    forked, left = (part.split() for part in out.strip().split("|"))
    assert len(forked) == forks and left == [], out
    for pid in forked:  # (gone, not merely out of the pool's list)
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)


# Ctrl-C while matplotlib's compiled parts set themselves up (here: as the first of them is
# looked for): they would turn it into ImportError("initialization failed").
CHARTS_INTERRUPTED = """
    import signal, sys
    from publisher.builder.libraries import import_chart_library

    class Interrupting:
        def find_spec(self, name, path=None, target=None):
            if name == "matplotlib.ft2font":
                sys.meta_path.remove(self)
                signal.raise_signal(signal.SIGINT)
            return None

    sys.meta_path.insert(0, Interrupting())
    try:
        import_chart_library()
    except KeyboardInterrupt:
        print("interrupted after", "matplotlib.backends.backend_svg" in sys.modules)
    """


def test_ctrl_c_while_the_chart_library_loads_comes_once_it_has_loaded() -> None:
    program = textwrap.dedent(CHARTS_INTERRUPTED)
    ran = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert ran.stdout.strip() == "interrupted after True", ran.stderr
