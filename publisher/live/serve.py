"""`publisher serve`: the server, the watcher, the first build, until Ctrl-C.

The address is taken first (a port in use fails at once), then the watcher starts (an edit
made during the first build is seen), and the pages are built before the address is given,
so the first page opened is there. The handouts follow in the builder's thread, which then
rebuilds after every change. Ctrl-C stops a running build as it would stop `publisher build`
(what it started ends, its temporary folder goes), ends the open event streams and the
server's threads, and returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from publisher.live.rebuild import Rebuilder, Stopped
from publisher.live.server import LiveServer
from publisher.live.state import LiveState
from publisher.live.watch import TICK_MS, watch_project
from publisher.project.settings import Project, ProjectConfig

Say = Callable[[str], None]


def serve(
    root: Path,
    today: date,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    draft: bool = False,
    say: Say = lambda _line: None,
) -> None:
    """Serve `root`'s web edition until KeyboardInterrupt (which it lets through)."""
    state, stop, changed = LiveState(), threading.Event(), threading.Event()
    rebuild = Rebuilder(root, today, state, stop.is_set, changed.is_set, draft)
    fallback = Project(root.resolve(), ProjectConfig())  # (until publisher.yaml loads)
    server = LiveServer((host, port), state, lambda: rebuild.project or fallback)
    serving = threading.Thread(target=server.serve_forever, name="publisher-serve")
    ready = threading.Event()
    threads = [
        threading.Thread(
            target=watch_project, args=(root, stop, changed, ready), name="publisher-watch"
        ),
        threading.Thread(
            target=_rebuilds, args=(rebuild, stop, changed, say), name="publisher-build"
        ),
    ]
    try:
        threads[0].start()
        ready.wait(5)
        _report(say, "pages", rebuild.pages())
        serving.start()
        threads[1].start()
        say(f"serving {server.url} (the web edition of {root}); Ctrl-C stops")
        while not stop.wait(0.5):
            pass
    finally:
        stop.set()
        state.stop()
        if serving.is_alive():
            server.shutdown()
        server.server_close()
        for thread in (serving, *threads):
            if thread.is_alive():
                thread.join()


def _rebuilds(
    rebuild: Rebuilder, stop: threading.Event, changed: threading.Event, say: Say
) -> None:
    """The handouts, then a rebuild after every change, until `stop`."""
    try:
        _report(say, "handouts", rebuild.handouts())
        while not stop.is_set():
            if changed.wait(TICK_MS / 1000):
                changed.clear()
                _report(say, "pages", rebuild.pages())
                _report(say, "handouts", rebuild.handouts())
    except Stopped:
        return


def _report(say: Say, what: str, problems: list[str] | None) -> None:
    if problems is None:
        say(f"{what}: stopped for a newer change")
    elif problems:
        say(f"{what}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        for problem in problems:
            say("  " + problem.replace("\n", "\n  "))
    else:
        say(f"{what}: up to date")
