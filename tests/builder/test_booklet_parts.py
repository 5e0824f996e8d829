"""A booklet's parts in the build layer (`publisher.builder.booklets`), without laying out."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from typing import Any

import pytest

from publisher.builder import booklets
from publisher.builder.store import Store
from publisher.documents.booklet import PartSpec
from publisher.documents.parts import PartResult


def test_spreads_are_handed_to_the_workers_a_few_at_a_time() -> None:
    """A spread to lay out holds its handout's pages until a worker has laid it out: the build
    hands the workers a few ahead of the one it waits for (`AHEAD`), not every spread at once,
    and keeps none of them once stored."""
    submitted: list[Future[Any]] = []
    waiting: list[int] = []  # laid out and not collected, each time the build waits for one

    class Lazy(Future[Any]):
        def result(self, timeout: float | None = None) -> Any:
            if not self.done():  # (the worker's turn: laid out now)
                waiting.append(sum(not future.done() for future in submitted))
                self.set_result((PartResult(b"%PDF-1.7", 2), None))
            return super().result(timeout)

    class Workers(Executor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            submitted.append(Lazy())
            return submitted[-1]

    store = Store(None)
    tasks = [
        booklets.PartTask(
            store,
            f"{n:064d}",
            Workers(),
            type("Job", (), {"spec": PartSpec("spread", 3 + 2 * n, 2)})(),
            relocating=False,
        )
        for n in range(60)
    ]
    booklets._start(tasks)
    assert len(submitted) == booklets.AHEAD
    assert [laid.pages for laid in booklets._collect(tasks)] == [2] * 60
    assert len(submitted) == 60 and max(waiting) == booklets.AHEAD + 1
    assert all(task.future is None for task in tasks)  # (their bytes are in the store only)
    assert store.get(f"{7:064d}") == b"%PDF-1.7"


def _task(store: Store, number: int, executor: Executor, spec: PartSpec) -> booklets.PartTask:
    job = type("Job", (), {"spec": spec})()
    return booklets.PartTask(store, f"{number:064d}", executor, job, relocating=False)


def test_the_front_matter_and_the_appendix_are_laid_out_one_after_the_other() -> None:
    """The two long parts (each lays out every career) go to one worker as one task, so that
    two workers never grow by what each takes at the same moment; the rest go one by one."""
    calls: list[tuple[Any, ...]] = []

    class Workers(Executor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            calls.append((fn, *args))
            future: Future[Any] = Future()
            if fn is booklets.lay_out_parts:
                future.set_result(
                    [(PartResult(b"%PDF-front", 5), None), (PartResult(b"%PDF-app", 3), None)]
                )
            else:
                future.set_result((PartResult(b"%PDF-opener", 2), None))
            return future

    store, workers = Store(None), Workers()
    front = _task(store, 1, workers, PartSpec("front", 1, 5))
    opener = _task(store, 2, workers, PartSpec("opener", 6, 2))
    appendix = _task(store, 3, workers, PartSpec("appendix", 8, 3))
    booklets._start([front, opener, appendix])
    assert [call[0] for call in calls] == [booklets.lay_out_parts, booklets.lay_out_part]
    together = calls[0][1]
    assert [job.spec.kind for job, _ in together] == ["front", "appendix"]
    assert [laid.pages for laid in booklets._collect([front, opener, appendix])] == [5, 2, 3]
    assert store.get(f"{1:064d}") == b"%PDF-front" and store.get(f"{3:064d}") == b"%PDF-app"


def test_a_long_part_alone_is_a_task_of_its_own_and_a_failure_reaches_both() -> None:
    class Failing(Executor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            future: Future[Any] = Future()
            future.set_exception(RuntimeError(f"{fn.__name__} failed"))
            return future

    store = Store(None)
    front = _task(store, 1, Failing(), PartSpec("front", 1, 5))
    booklets._start([front])
    with pytest.raises(RuntimeError, match=r"^lay_out_part failed"):
        front.result()
    parts = [
        _task(store, n, Failing(), PartSpec(k, 1, 5)) for n, k in ((4, "front"), (5, "appendix"))
    ]
    booklets._start(parts)
    for part in parts:
        with pytest.raises(RuntimeError, match=r"^lay_out_parts failed"):
            part.result()


def test_spreads_are_collected_while_the_appendix_lays_out() -> None:
    """The closing parts follow from the appendix's length, but the build does not wait for it
    before collecting the spreads (a worker out of spreads would stand idle): they start as
    soon as the appendix is counted, and every result comes back in page order."""
    events: list[str] = []

    class Lazy(Future[Any]):
        def __init__(self, name: str, pages: int) -> None:
            super().__init__()
            self.name, self.pages = name, pages

        def result(self, timeout: float | None = None) -> Any:
            if not self.done():  # (the worker's turn: laid out now)
                events.append(f"wait {self.name}")
                self.set_result((PartResult(b"%PDF-1.7", self.pages), None))
            return super().result(timeout)

    futures: dict[str, Lazy] = {}

    class Workers(Executor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            spec = args[0].spec
            name = f"{spec.kind} {spec.start}"
            events.append(f"start {name}")
            futures[name] = Lazy(name, spec.pages or 7)
            return futures[name]

    store, workers = Store(None), Workers()
    spreads = [_task(store, n, workers, PartSpec("spread", 2 * n, 2)) for n in range(1, 6)]
    appendix = _task(store, 9, workers, PartSpec("appendix", 12))
    parts = [*spreads, appendix]
    booklets._start(parts)

    def closing(pages: int) -> list[booklets.PartTask]:
        assert pages == 7
        return [_task(store, 10, workers, PartSpec("back", 12 + pages, 1))]

    original = booklets.PartTask.result

    def result(task: booklets.PartTask) -> booklets.Laid:  # (the appendix ends meanwhile)
        if task is spreads[2]:
            futures["appendix 12"].set_result((PartResult(b"%PDF-1.7", 7), None))
        return original(task)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(booklets.PartTask, "result", result)
        results, after = booklets._collect_closing(parts, closing)
    assert [laid.pages for laid in results] == [2, 2, 2, 2, 2, 7, 1]
    assert [task.job.spec.kind for task in after] == ["back"]
    assert "wait appendix 12" not in events  # (never waited for: counted as the spreads came)
    assert events.index("start back 19") < events.index("wait spread 8")
    assert events.index("start back 19") > events.index("wait spread 6")
