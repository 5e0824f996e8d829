"""The `publisher` program. A whole build run again with nothing changed since it last
succeeded is answered here, from its notes (`publisher.builder.last_build`), before the
command line parser and the pipeline are loaded; everything else goes on to `publisher.cli`."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from publisher.builder.last_build import Shown, look


def main() -> None:
    """Ctrl-C, wherever it lands (in a command, or while the parser and the pipeline are
    still being imported), says so and exits 130, never with a traceback."""
    command_line = sys.argv[1:]
    try:
        seen = look(command_line, Path.cwd())
        if seen.shown is None:
            run(command_line, seen.root, seen.edited)
        else:
            show(seen.shown)
    except KeyboardInterrupt:
        from publisher.terminal import INTERRUPTED

        sys.stderr.write(INTERRUPTED + "\n")
        raise SystemExit(130) from None
    finally:
        forget_handled_interrupts()


def forget_handled_interrupts() -> None:
    """Clear CPython's note that a Ctrl-C went unhandled, once the program has handled it.

    CPython (3.11) notes an interrupt as unhandled when its KeyboardInterrupt leaves any
    `exec` or `eval` of a string, even one deep in an import that the program then catches.
    Run as `python -m publisher`, the process then ends killed by SIGINT instead of with its
    own exit code. Each such `exec` clears the note as it starts, so an empty one clears it
    here. An interrupt that leaves `main` unhandled is noted again by the interpreter itself.
    (`tests/test_command.py` fails when an upgrade changes either side of this.)"""
    exec("")  # (an empty program: it runs nothing)


def run(command_line: list[str], root: Path | None, edited: tuple[str, ...]) -> None:
    """The command, after its worker is forked when one edited guide is all that changed
    since the last build (`publisher.builder.warmup.early_worker`)."""
    early: AbstractContextManager[None] = nullcontext()
    if root is not None and edited:
        from publisher.builder.warmup import early_worker

        early = early_worker(root, edited, command_line)
    with early:  # (forked before the command line's parser and the pipeline are imported)
        from publisher.cli import main

        main(command_line)


def show(shown: Shown) -> None:
    """What the build showed, each output now current, and the summary a build that wrote
    nothing prints."""
    from publisher.project.root import OUTPUT_NAME
    from publisher.terminal import BuildDisplay, Verbosity, summary

    verbosity = Verbosity(shown.quiet, shown.verbose)
    with BuildDisplay(verbosity, shown.root) as display:
        for outcome, total in shown.outputs:
            display(outcome, total)
    for line in summary(shown.report, shown.root, shown.root / OUTPUT_NAME, verbosity):
        sys.stderr.write(line + "\n")
    sys.stderr.flush()
