"""A booklet's parts in the build layer (`publisher.builder.booklets`), without laying out."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from typing import Any

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
