"""Where layout work runs: in this process, or in a pool of worker processes.

WeasyPrint lays out one document on one core, so a build spreads its documents over
processes. Workers are forked before anything heavy is imported and import WeasyPrint and
matplotlib on first use. Tasks are plain functions with picklable arguments; results come
back to the parent, which alone writes to output/.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class InlineExecutor(Executor):
    """Runs each task at submit time, in this process: the serial build, same code path."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future
            future.set_exception(exc)
        return future


def make_executor(
    jobs: int, warm_up: Callable[[], None] | None = None, workers: int | None = None
) -> Executor:
    """A pool of worker processes (`workers` of them, or `jobs`), or the inline executor
    when `jobs` is one.

    `warm_up` (imports, font set-up) runs in every worker as soon as the pool exists, all at
    once: otherwise a task that lands on a fresh worker late (a booklet part after its
    handout, say) waits a second for imports. A pool forks all its workers at once and any
    idle one takes the next task, so a pool smaller than `jobs` is how a build that expects
    little layout (one edited guide) leaves a core to the parent instead of loading the
    layout engine in a worker that would have little to do.
    """
    if jobs <= 1:
        return InlineExecutor()
    count = jobs if workers is None else max(1, min(workers, jobs))
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context(method))
    if warm_up is not None:
        for _ in range(count):  # each submit finds no idle worker yet, so each starts one
            pool.submit(warm_up)
    return pool


def discard(executor: Executor) -> None:
    """Stop a pool that was started because work seemed likely, when none came (a guide
    touched but not changed, say): its workers may still be loading libraries, and waiting
    for them would make a no-op build wait a second."""
    processes = list((getattr(executor, "_processes", None) or {}).values())  # CPython's pool
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()


@contextmanager
def fresh_process() -> Iterator[Executor]:
    """One worker started afresh, not forked: for a task that needs a lot of memory at once
    (merging a big booklet), so that its peak is its own, not added to what a worker that laid
    out hundreds of pages already holds. Starting it takes a fraction of a second."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield pool
    finally:
        pool.shutdown()
