"""`publisher serve`: the first build, then the server and the watcher, until Ctrl-C.

The pages are built before the address is given, so the first page opened is there; the
handouts follow in the watcher's thread. Ctrl-C stops a running build as it would stop
`publisher build` (what it started ends, its temporary folder goes), ends the open event
streams and the server's threads, and returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from publisher.live.rebuild import Rebuilder, Stopped
from publisher.live.server import LiveServer
from publisher.live.state import LiveState
from publisher.live.watch import watch_project
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
    state, stop = LiveState(), threading.Event()
    rebuild = Rebuilder(root, today, state, stop.is_set, draft)
    _report(say, "pages", rebuild.pages())
    fallback = Project(root.resolve(), ProjectConfig())  # (until publisher.yaml loads)
    server = LiveServer((host, port), state, lambda: rebuild.project or fallback)
    threads = [
        threading.Thread(target=server.serve_forever, name="publisher-serve", daemon=True),
        threading.Thread(
            target=_watch, args=(root, rebuild, stop, say), name="publisher-watch", daemon=True
        ),
    ]
    try:
        for thread in threads:
            thread.start()
        say(f"serving {server.url} (the web edition of {root}); Ctrl-C stops")
        while not stop.wait(0.5):
            pass
    finally:
        stop.set()
        state.stop()
        if threads[0].is_alive():
            server.shutdown()
        server.server_close()
        for thread in threads:
            if thread.is_alive():
                thread.join()


def _watch(root: Path, rebuild: Rebuilder, stop: threading.Event, say: Say) -> None:
    try:
        _report(say, "handouts", rebuild.handouts())

        def changed() -> None:
            _report(say, "pages", rebuild.pages())
            _report(say, "handouts", rebuild.handouts())

        watch_project(root, stop, changed)
    except Stopped:
        return


def _report(say: Say, what: str, problems: list[str]) -> None:
    if problems:
        say(f"{what}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        for problem in problems:
            say("  " + problem.replace("\n", "\n  "))
    else:
        say(f"{what}: up to date")
