"""Where layout work runs: in this process, or in a pool of worker processes.

WeasyPrint lays out one document on one core, so a build spreads its documents over
processes. Workers are forked before anything heavy is imported and import WeasyPrint and
matplotlib on first use. Tasks are plain functions with picklable arguments; results come
back to the parent, except a booklet and its print sheets, which the processes that write them
write straight to output/ (they are the largest files a build makes).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from publisher.builder.interrupts import interrupts_held

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


class WorkerPool(ProcessPoolExecutor):
    """A pool of worker processes that knows which processes it started, so that `discard`
    can stop them at once (`multiprocessing.active_children`, before and after each start)."""

    def __init__(
        self,
        count: int,
        context: BaseContext,
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] | None = None,
    ) -> None:
        super().__init__(
            max_workers=count,
            mp_context=context,
            initializer=initializer or die_with_parent,
            initargs=(os.getpid(),) if initargs is None else initargs,
        )
        self.started: list[BaseProcess] = []

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Queue a task, starting a worker for it if none is idle. Ctrl-C waits until the
        worker is started and listed in `started`: landing between the fork and the list,
        it left a worker that `discard` could not stop, and that the build's process then
        waited for at exit, for good."""
        with interrupts_held():
            before = set(multiprocessing.active_children())
            future = super().submit(fn, *args, **kwargs)
            self.started += [p for p in multiprocessing.active_children() if p not in before]
        return future

    def discard(self) -> None:
        """Stop the pool when the work it was started for never came (a guide touched but
        not changed, say): its workers may still be loading libraries, and waiting for them
        would make a no-op build wait a second.

        Its workers are stopped first; the pool then finds one gone, fails what was pending,
        stops any other and reaps them all, and `shutdown` waits for that. (Reaping them here
        as well would race the pool's own thread: the loser of that race is told there is no
        such child and goes on listing a dead process as alive.)"""
        for process in self.started:
            process.terminate()
        self.shutdown(wait=True, cancel_futures=True)


def make_executor(
    jobs: int,
    warm_up: Callable[[], None] | None = None,
    workers: int | None = None,
    *,
    shared: bool = False,
) -> Executor:
    """A pool of worker processes (`workers` of them, or `jobs`), or the inline executor
    when `jobs` is one.

    `warm_up` (imports, font set-up) runs in every worker as soon as the pool exists, all at
    once: otherwise a task that lands on a fresh worker late (a booklet part after its
    handout, say) waits a second for imports. A pool forks all its workers at once and any
    idle one takes the next task, so a pool smaller than `jobs` is how a build that expects
    little layout (one edited guide) leaves a core to the parent instead of loading the
    layout engine in a worker that would have little to do.

    With `shared` (a build that lays out the whole library), `warm_up` runs in this process
    instead, once, and the workers are forked from it warm: they share one copy of what it
    loaded (the layout engine's modules, fonts and stylesheets, and matplotlib when every
    chart is to draw) rather than each loading its own: about 45 MB less for the whole tree of
    a cold build of 100 careers.
    """
    if jobs <= 1:
        return InlineExecutor()
    count = jobs if workers is None else max(1, min(workers, jobs))
    if count == 1 and not shared and _early:  # (forked before the command line was read)
        early = _early.pop()
        own_tempdir = partial(use_tempdir, tempfile.gettempdir())  # (the build's, made since)
        _start(early, [own_tempdir] if warm_up is None else [own_tempdir, warm_up])
        return early
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if shared and warm_up is not None and method == "fork":
        warm_up()
        warm_up = _warm
    pool = WorkerPool(count, multiprocessing.get_context(method))
    if warm_up is not None:  # each submit finds no idle worker yet, so each starts one
        _start(pool, [warm_up] * count)
    return pool


def _start(pool: WorkerPool, tasks: list[Callable[[], object]]) -> None:
    """Give a pool that nobody holds yet its first tasks; if that fails (Ctrl-C, say), stop
    what it started, since no caller will ever have the pool to stop."""
    try:
        for task in tasks:
            pool.submit(task)
    except BaseException:
        pool.discard()
        raise


def _warm() -> None:
    """A forked worker's warm-up when its parent did it (`make_executor`'s `shared`)."""


_early: list[WorkerPool] = []  # a worker forked by `fork_early`, until a build takes it


def fork_early(first: Callable[[], object]) -> None:
    """Fork one worker now and give it `first` to do (load the layout engine), before this
    process has even read its command line: the next `make_executor` for one worker
    takes it (see `publisher.builder.warmup.early_worker`), and `discard_early` stops it if
    none does."""
    if "fork" not in multiprocessing.get_all_start_methods() or _early:
        return
    pool = WorkerPool(1, multiprocessing.get_context("fork"))
    _start(pool, [first])
    _early.append(pool)


def discard_early() -> None:
    """Stop the worker `fork_early` started if no build took it (see `WorkerPool.discard`)."""
    while _early:
        _early.pop().discard()


def settle() -> None:
    """Put what this process holds now out of the garbage collector's sight for good
    (gc.freeze): call it once what every later task uses is loaded (the layout engine, its
    fonts and stylesheets, the templates). Those objects live as long as the process, and a
    worker that lays out hundreds of pages otherwise has the collector walk all of them again
    and again: freezing them cut the CPU of a cold build of 100 careers by about a tenth. A
    process forked afterwards also keeps sharing their pages with this one, since the
    collector no longer writes to them.

    Nothing is collected first: what the warm-up left for the collector is a few hundred
    objects, and a collection walks everything loaded (some 30 ms, on the path of an edit:
    the worker laying out the edited guide has just warmed up)."""
    gc.freeze()


def discard(executor: Executor) -> None:
    """Stop an executor whose work never came, without waiting for it."""
    if isinstance(executor, WorkerPool):
        executor.discard()
    else:
        executor.shutdown(wait=False, cancel_futures=True)


@contextmanager
def fresh_process(count: int = 1) -> Iterator[Executor]:
    """`count` more workers, forked from the build process, not from a layout worker: for
    tasks that need a lot of memory at once (writing a booklet), so that their peak is their
    own, not added to what a worker that laid out hundreds of pages holds. In a parallel build the
    build process lays nothing out and holds a few tens of MB (a serial one lays everything
    out itself: the fork then shares those pages rather than adding a process's start-up).
    Forked, not spawned: a spawned process needs multiprocessing's resource tracker, a process
    of its own that outlived the build by a moment. Left by Ctrl-C (while a booklet is
    written), the processes are stopped at once, not waited for: what they were writing is
    half-written, and the interrupted build sweeps it. On any other error they finish (and
    clean up) what they were writing."""
    context = multiprocessing.get_context("fork")
    pool = WorkerPool(count, context, start_fresh, (tempfile.gettempdir(), os.getpid()))
    try:
        yield pool
    except KeyboardInterrupt:
        pool.discard()
        raise
    finally:
        pool.shutdown()


_handed: list[Any] = []  # what `handing_over` gives the processes it forks


@contextmanager
def handing_over(payload: Any, count: int) -> Iterator[Executor]:
    """`count` fresh workers (`fresh_process`) forked now, each holding `payload` from the
    start (`handed_over`): inherited, not pickled and sent (a build without a cache keeps its
    store in memory: its parts, tens of MB, cost them nothing to receive and share this
    process's pages until written to)."""
    _handed[:] = [payload]
    try:
        with fresh_process(count) as pool:
            for started in [pool.submit(os.getpid) for _ in range(count)]:  # (forked: each
                started.result()  # submit finds no idle worker, so each starts one)
            yield pool
    finally:
        _handed.clear()


def handed_over() -> Any:
    """What `handing_over` gave this process."""
    if not _handed:
        raise RuntimeError("nothing was handed over to this process")
    return _handed[0]


def serial(executor: Executor) -> bool:
    """Whether `executor` lays out in this process (the serial build)."""
    return isinstance(executor, InlineExecutor)


def give_back_memory() -> None:
    """Collect what is garbage and hand the C heap's free memory back to the system
    (glibc's malloc_trim(3)) before forking a process, so that the fork shares no more heap
    than is in use (about 10 MB less for a serial build of 100 careers)."""
    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # (not glibc)
        ctypes.CDLL(None).malloc_trim(0)


def use_tempdir(folder: str) -> None:
    """Have this process, and the programs it runs, write their temporary files in `folder`
    (a worker forked before its build made its own folder: `fork_early`)."""
    tempfile.tempdir = os.environ["TMPDIR"] = folder


def start_fresh(folder: str, parent: int) -> None:
    """A fresh worker's first steps: the build's temporary folder, and its parent's fate."""
    use_tempdir(folder)
    die_with_parent(parent)


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def die_with_parent(parent: int) -> None:
    """End this worker when the build that started it ends, however it ends: a build killed
    with SIGKILL must not leave its workers waiting for work for good. On Linux, through
    prctl(2); elsewhere a killed build's workers end when their queue breaks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle, once
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the request took effect
        os.kill(os.getpid(), signal.SIGKILL)
