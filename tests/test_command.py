"""The `publisher` program's own entry (`publisher.command.main`) under Ctrl-C: run as
`python -m`, as the tests and the benchmarks run it, it exits 130 with one line, never a
traceback and never killed by the signal, wherever the interrupt lands. Each case is a small
program of its own, so that the interpreter's exit is what is measured."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# Ctrl-C landing inside an `exec` of a string, as it does when it lands in an import that
# builds classes from text (dataclasses, typing's annotations, fontTools' tables).
INTERRUPTED_IN_EXEC = textwrap.dedent(
    """
    import os, signal

    def interrupted_in_exec(*args, **kwargs):
        exec("os.kill(os.getpid(), signal.SIGINT)\\nwhile True: pass")
    """
)

PROGRAMS = {
    # the interpreter's own behaviour, which `forget_handled_interrupts` answers
    "caught, then exit 130": """
        try:
            interrupted_in_exec()
        except KeyboardInterrupt:
            pass
        raise SystemExit(130)
        """,
    "caught, forgotten, then exit 130": """
        from publisher.command import forget_handled_interrupts
        try:
            interrupted_in_exec()
        except KeyboardInterrupt:
            pass
        forget_handled_interrupts()
        raise SystemExit(130)
        """,
    # the program: interrupted while it starts (before any command can catch it) ...
    "publisher, while it starts": """
        import publisher.command
        publisher.command.look = interrupted_in_exec
        publisher.command.main()
        """,
    # ... and in a command, which says so and exits 130 itself (`publisher.cli.reported`)
    "publisher, in a command": """
        import publisher.command, sys
        def command(*args):
            try:
                interrupted_in_exec()
            except KeyboardInterrupt:
                sys.stderr.write("interrupted\\n")
                raise SystemExit(130) from None
        publisher.command.run = command
        publisher.command.main()
        """,
}


def run_as_module(tmp_path: Path, program: str) -> subprocess.CompletedProcess[str]:
    package = tmp_path / "interrupted"
    package.mkdir()
    source = INTERRUPTED_IN_EXEC + textwrap.dedent(program)
    (package / "__main__.py").write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "interrupted", "build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cpython_notes_an_interrupt_caught_after_an_exec_as_unhandled(tmp_path: Path) -> None:
    """What `forget_handled_interrupts` works around. Should this fail (a CPython that no
    longer notes it), the workaround can go."""
    ran = run_as_module(tmp_path, PROGRAMS["caught, then exit 130"])
    assert ran.returncode == -2, ran.stderr


@pytest.mark.parametrize(
    "name",
    ["caught, forgotten, then exit 130", "publisher, while it starts", "publisher, in a command"],
)
def test_an_interrupt_the_program_handled_ends_it_with_exit_130(tmp_path: Path, name: str) -> None:
    ran = run_as_module(tmp_path, PROGRAMS[name])
    assert ran.returncode == 130, ran.stderr
    assert "Traceback" not in ran.stderr
    if name.startswith("publisher"):
        assert "interrupted" in ran.stderr


def test_an_interrupt_nothing_handled_still_ends_the_process_by_the_signal(
    tmp_path: Path,
) -> None:
    """Clearing the note after a handled interrupt does not hide an unhandled one: the shell
    still learns that the program was stopped by Ctrl-C."""
    program = """
        from publisher.command import forget_handled_interrupts
        try:
            interrupted_in_exec()
        finally:
            forget_handled_interrupts()
        """
    ran = run_as_module(tmp_path, program)
    assert ran.returncode == -2, ran.stderr
    assert "KeyboardInterrupt" in ran.stderr
