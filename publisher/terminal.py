"""What a build shows the person who ran it: progress as outputs are written (a bar with the
time left on a terminal, plain lines elsewhere), warnings as they happen, and a closing summary
that names the files. Library code never prints; the build reports through `BuildDisplay`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.builder.report import BuildReport, Outcome


@dataclass
class Verbosity:
    """-q: only problems and the summary's last line; -v: every file as it is written."""

    quiet: bool = False
    verbose: bool = False

    def add(self, quiet: bool, verbose: bool) -> None:
        """Options given again (after the command): -q wins over -v."""
        self.quiet = self.quiet or quiet
        self.verbose = (self.verbose or verbose) and not self.quiet


INTERRUPTED = "\ninterrupted: stopped; every file written is whole"  # (after Ctrl-C)


def _echo(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def interactive() -> bool:
    """Whether stderr is a person's terminal (not a pipe, a file or CI)."""
    return sys.stderr.isatty() and not os.environ.get("CI")


class BuildDisplay:
    """The progress callback of a build (`publisher.builder.session.Progress`), as a context:
    on a terminal a rich progress bar, redrawn as each output is written; elsewhere one plain
    line per output (none with -q). A warning is printed when its output is written."""

    def __init__(self, verbosity: Verbosity, root: Path) -> None:
        self.verbosity = verbosity
        self.root = root
        self.done = 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> BuildDisplay:
        if interactive() and not self.verbosity.quiet:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                BarColumn(bar_width=28),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("starting", total=None)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, outcome: Outcome, total: int) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, total=total, description=outcome.name)
        if outcome.note:
            self._say(f"warning: {outcome.name}: {outcome.note}")
        elif self.verbosity.verbose or (self._bar is None and not self.verbosity.quiet):
            self._say(f"[{self.done}/{total}] {outcome.name}")

    def _say(self, line: str) -> None:
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            _echo(line)


def summary(report: BuildReport, root: Path, output: Path, verbosity: Verbosity) -> list[str]:
    """The closing lines: each failure and why, then what was written where."""
    lines = []
    for outcome in report.failed:
        lines.append(f"FAILED {outcome.name}\n  " + (outcome.error or "").replace("\n", "\n  "))
    where = _shown(output, root)
    reused = f" ({report.reused} unchanged or from the cache)" if report.reused else ""
    counts = f"built {len(report.built)}{reused}, failed {len(report.failed)}"
    written = list(_written(report))
    if written and not verbosity.quiet:
        lines.append(f"{counts}; in {where}/: " + "; ".join(written))
    else:
        lines.append(f"{counts}; output in {where}/")
    return lines


def _written(report: BuildReport) -> Iterator[str]:
    """What was written, by top folder: 'handouts/ (17 PDFs)', 'site/ (40 files)', or the
    file names when few; in the order of their names, not the order the workers finished
    them in, so that the same build says the same however it ran."""
    folders: dict[str, list[str]] = {}
    for outcome in report.built:
        folder, _, name = outcome.name.partition("/") if "/" in outcome.name else ("", "", "")
        folders.setdefault(folder, []).append(name or outcome.name)
    for folder, names in sorted(folders.items()):
        names.sort()
        prefix = f"{folder}/" if folder else ""
        kind = "PDFs" if all(name.endswith(".pdf") for name in names) else "files"
        if len(names) <= 3:
            yield ", ".join(prefix + name for name in names)
        else:
            yield f"{prefix} ({len(names)} {kind})"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
