"""Ctrl-C held back for a moment: while a compiled library sets itself up (interrupted
there, pikepdf aborts the whole process), or while a worker process is forked (interrupted
between the fork and the pool's record of it, the worker is one nobody stops, and the
build's process waits for it at exit for good)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while the block runs: its handler only notes it, and the
    handler it replaced gets it once the block ends (a signal is handled in the main thread
    only, so elsewhere nothing is held)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    replaced = signal.signal(signal.SIGINT, lambda number, frame: noted.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if replaced is None else replaced)
        if noted:
            signal.raise_signal(signal.SIGINT)
