"""What the build's processes keep: a fresh worker leaves what it holds to its end."""

from __future__ import annotations

import gc
import weakref

from publisher.builder.workers import fresh_process, leave_to_exit


class Held:
    """Something large a task makes (a merged booklet), that a weak reference can watch."""


def _kept_after_the_task() -> bool:
    held = Held()
    watch = weakref.ref(held)
    leave_to_exit(held)
    del held
    gc.collect()
    return watch() is not None


def test_a_fresh_worker_keeps_what_it_leaves_to_its_end() -> None:
    """The merging process ends with its merge: what it leaves is not freed piece by piece
    (a 500-career booklet took 0.7 s to free), the system takes it back with the process."""
    with fresh_process() as pool:
        assert pool.submit(_kept_after_the_task).result() is True


def test_any_other_process_keeps_nothing() -> None:
    """The build process (and a serial build's tasks in it) runs on: nothing is kept there."""
    assert _kept_after_the_task() is False
