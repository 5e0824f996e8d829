"""What the open pages are told: how often the pages and the handouts were rebuilt, and
the problems of the last build. Threads wait on it for the next change."""

from __future__ import annotations

import threading

from publisher.layout.live import Version


class LiveState:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.version = Version(0, 0)
        self.problems: list[str] = []
        self.stopping = False

    def pages_built(self, problems: list[str]) -> None:
        with self._changed:
            self.problems = problems
            self.version = Version(self.version.html + 1, self.version.pdf)
            self._changed.notify_all()

    def handouts_built(self, problems: list[str]) -> None:
        """The handouts are rebuilt; the pages too (reloaded) when the problems changed."""
        with self._changed:
            html = self.version.html + (problems != self.problems)
            self.problems = problems
            self.version = Version(html, self.version.pdf + 1)
            self._changed.notify_all()

    def wait(self, seen: Version | None, timeout: float) -> Version:
        """The version once it is not `seen`, or after `timeout` seconds, or on stopping."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self.stopping, timeout)
            return self.version

    def stop(self) -> None:
        with self._changed:
            self.stopping = True
            self._changed.notify_all()
