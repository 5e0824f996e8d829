"""A rebuild, in two steps through the one build: the web pages (no layout engine: the
browser reloads within about a second of a save), then the handouts and their copies beside
the pages (the preview's page pictures follow). A step that fails says why in the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from publisher.builder.report import Outcome
from publisher.builder.session import BuildOptions, build
from publisher.errors import PublisherError
from publisher.live.state import LiveState
from publisher.project.settings import Project, load_project

Stop = Callable[[], bool]  # whether to stop now (Ctrl-C)


class Stopped(KeyboardInterrupt):
    """Raised inside a build to stop it as Ctrl-C would (it then stops what it started)."""


class Superseded(KeyboardInterrupt):
    """Raised inside a build of the handouts when a source changed meanwhile: the pages go
    first, and the handouts are built again after them."""


@dataclass
class Rebuilder:
    root: Path
    today: date
    state: LiveState
    stop: Stop
    changed: Stop  # whether a source changed since the rebuild began
    draft: bool = False
    project: Project | None = None
    _handouts: bool = False  # (building them: a change supersedes the build)

    def pages(self) -> list[str]:
        """Rebuild the web pages; their problems."""
        problems = self._build(slugs=[])
        self.state.pages_built(problems)
        return problems

    def handouts(self) -> list[str] | None:
        """Rebuild the handouts and what shows them; their problems (None: a source changed
        meanwhile, and the build stopped to let the pages go first)."""
        self._handouts = True
        try:
            problems = self._build(slugs=None)
        except Superseded:
            return None
        finally:
            self._handouts = False
        self.state.handouts_built(problems)
        return problems

    def _build(self, slugs: list[str] | None) -> list[str]:
        """A build of the pages (`slugs` []) or of the handouts and pages (None), serial and
        in this process; what failed, each as the build says it."""
        try:
            self.project = load_project(self.root)
            own = (self.project.base.name,)  # (the preview is the project's own edition)
            options = BuildOptions(site=True, jobs=1, draft=self.draft, editions=own)
            report = build(
                self.project,
                self.today,
                options=options,
                slugs=slugs,
                booklets=[],
                progress=self._progress,
            )
        except PublisherError as exc:
            return [exc.format()]
        return [outcome.error or outcome.name for outcome in report.failed]

    def _progress(self, _outcome: Outcome, _total: int) -> None:
        if self.stop():
            raise Stopped
        if self._handouts and self.changed():
            raise Superseded
