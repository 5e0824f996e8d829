"""The worker pool (`publisher.builder.workers`): where its warm-up runs, and what a warm
worker holds out of the garbage collector's sight."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest

from publisher.builder.workers import make_executor, settle

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks workers")


class Log:
    """A warm-up that writes down which process ran it (a file: workers are processes)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self) -> None:
        with self.path.open("a") as stream:
            stream.write(f"{os.getpid()}\n")

    def pids(self) -> list[int]:
        return [int(line) for line in self.path.read_text().split()]


def test_a_whole_build_warms_up_once_here_and_forks_its_workers_warm(tmp_path: Path) -> None:
    warm_up = Log(tmp_path / "warmed")
    pool = make_executor(2, warm_up, shared=True)
    try:
        assert warm_up.pids() == [os.getpid()]  # (done before a worker was forked)
        workers = {pool.submit(os.getpid).result() for _ in range(8)}
    finally:
        pool.shutdown()
    assert os.getpid() not in workers
    assert warm_up.pids() == [os.getpid()]


def test_otherwise_each_worker_warms_up_itself(tmp_path: Path) -> None:
    warm_up = Log(tmp_path / "warmed")
    pool = make_executor(2, warm_up)
    pool.shutdown()
    assert len(warm_up.pids()) == 2
    assert os.getpid() not in warm_up.pids()


def test_a_serial_build_has_no_workers_to_warm(tmp_path: Path) -> None:
    warm_up = Log(tmp_path / "warmed")
    make_executor(1, warm_up, shared=True).shutdown()
    assert not warm_up.path.exists()


def test_a_settled_worker_keeps_what_it_loaded_out_of_the_collector_s_sight() -> None:
    before = gc.get_freeze_count()
    pool = make_executor(2, settle)
    try:
        # (either worker may have taken both warm-ups: ask both, several times)
        frozen = max(pool.submit(gc.get_freeze_count).result() for _ in range(6))
    finally:
        pool.shutdown()
    assert frozen > 1000  # (everything imported so far: tens of thousands of objects)
    assert gc.get_freeze_count() == before  # (the worker's, not this process's)


def test_a_fresh_process_left_by_ctrl_c_is_stopped_not_waited_for() -> None:
    """Ctrl-C while a booklet is written by processes of their own: they are stopped at once
    (what they were writing is swept by the build), not waited for."""
    import multiprocessing
    import time

    from publisher.builder.workers import fresh_process

    before = set(multiprocessing.active_children())
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), fresh_process() as writers:
        writers.submit(time.sleep, 60)
        time.sleep(0.5)
        raise KeyboardInterrupt
    assert time.monotonic() - started < 5
    assert set(multiprocessing.active_children()) <= before


def test_a_discarded_pool_is_wholly_gone_when_discard_returns() -> None:
    """Its workers stopped and reaped, and the pool's own thread ended with them: a thread
    left behind reaps the workers beside this process, which then lists a dead worker as
    alive (the race that left `active_children` non-empty after Ctrl-C now and then)."""
    import multiprocessing
    import threading
    import time

    from publisher.builder.workers import discard

    threads, children = set(threading.enumerate()), set(multiprocessing.active_children())
    pool = make_executor(2)
    pool.submit(time.sleep, 60)
    pool.submit(time.sleep, 60)
    time.sleep(0.2)
    started = time.monotonic()
    discard(pool)
    assert time.monotonic() - started < 5
    assert set(threading.enumerate()) <= threads
    assert set(multiprocessing.active_children()) <= children


def test_a_worker_forked_early_is_the_one_a_build_of_one_worker_takes(tmp_path: Path) -> None:
    """`fork_early` (before the command line is read, when one guide was edited): the next
    pool of one worker is that worker, warmed up by the build's own warm-up as well."""
    import multiprocessing

    from publisher.builder.workers import discard_early, fork_early

    children = set(multiprocessing.active_children())
    fork_early(os.getpid)
    (early,) = set(multiprocessing.active_children()) - children
    warm_up = Log(tmp_path / "warmed")
    pool = make_executor(2, warm_up, workers=1)
    try:
        assert pool.submit(os.getpid).result() == early.pid
        assert warm_up.pids() == [early.pid]
        discard_early()  # (taken: nothing to stop)
        assert early.is_alive()
    finally:
        pool.shutdown()
    assert set(multiprocessing.active_children()) <= children


def test_a_worker_forked_early_and_not_taken_is_stopped(tmp_path: Path) -> None:
    import multiprocessing

    from publisher.builder.workers import discard_early, fork_early

    children = set(multiprocessing.active_children())
    fork_early(os.getpid)
    pool = make_executor(2, Log(tmp_path / "warmed"))  # (two workers: not the early one)
    pool.shutdown()
    assert len(set(multiprocessing.active_children()) - children) == 1
    discard_early()
    assert set(multiprocessing.active_children()) <= children
