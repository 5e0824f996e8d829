"""Command-line conventions, per command: exit 2 for a usage error (with the nearest names
when one is unknown), 1 for a content or build problem, choices and an example in every
command's help, shell completion on offer."""

from __future__ import annotations

import socket
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import copy_project
from scenarios import INVALID, install
from typer.testing import CliRunner, Result

from publisher.cli import app

ENV = {"PUBLISHER_TODAY": "2026-11-24", "CI": "1"}
COMMANDS = [
    ["check"], ["list"], ["new"], ["schema"], ["init"], ["handout"], ["build"], ["booklet"],
    ["charts"], ["previews"], ["data", "import"], ["data", "refresh"], ["card"], ["compare"],
    ["serve"],
]  # fmt: skip


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(app, [str(arg) for arg in args], env=ENV)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("usage") / "p", ["chef", "electrician"])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["handout", "electrican"], "did you mean 'electrician'?"),
        (["handout", "guides/nope.yaml"], "no guide 'nope'"),
        (["charts", "chefs"], "did you mean 'chef'?"),
        (["booklet", "x", "--cluster", "health"], "did you mean 'health-science'?"),
        (["booklet", "x", "--cluster", "architecture"], "'architecture-construction'"),
        (["booklet", "x", "--only", "chef,electrican"], "no guide 'electrican' (--only)"),
        (["booklet", "x", "--tag", "tradez"], "did you mean 'trades'?"),
        (["booklet", "career-fai"], "did you mean 'career-fair'?"),
        (["booklet", "x", "--order", "size"], "'size' is not one of"),
        (["build", "--paper", "a5"], "'a5' is not one of 'letter', 'a4'"),
        (["handout", "chef", "--paper", "tabloid"], "is not one of 'letter', 'a4'"),
        (["charts", "chef", "--format", "gif"], "'gif' is not one of 'svg', 'png'"),
        (["build", "--jobs", "0"], "--jobs"),
        (["build", "--no-such-option"], "No such option"),
        (["handout"], "Missing argument"),
    ],
)
def test_a_usage_error_exits_2_and_says_what_to_type(
    project: Path, args: list[str], says: str
) -> None:
    result = run(*args, "-C", project)
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.replace("│", " ").split())


@pytest.mark.parametrize(
    "args",
    [
        ["init"],  # no folder
        ["new"],  # no title
        ["list", "--bogus"],
        ["schema", "--settings", "extra"],
        ["previews", "--slug"],
        ["data", "import"],  # no files
        ["data", "refresh", "--write", "x"],
        ["charts"],
        ["serve", "--port", "-1"],
        ["serve", "--port", "http"],
    ],
)
def test_every_other_command_exits_2_on_a_usage_error(project: Path, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output


def test_serve_on_a_port_in_use_exits_2_at_once(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), "-C", project)
    assert result.exit_code == 2, result.output
    assert f"cannot serve on 127.0.0.1:{port}" in " ".join(result.output.split())
    assert not (project / "output" / "site").exists()  # (nothing built first)


def test_init_refuses_an_existing_project(project: Path) -> None:
    result = run("init", project)
    assert result.exit_code == 2
    assert "already holds a project" in result.stderr


def test_a_usage_error_lists_the_known_names(project: Path) -> None:
    result = run("handout", "nurse", "-C", project)
    assert result.exit_code == 2
    assert "known guides: chef, electrician" in result.stderr


def test_a_content_problem_exits_1(project: Path, tmp_path: Path) -> None:
    broken = copy_project(tmp_path / "broken", [])
    install(broken, INVALID / "title_is_number.yaml", "chef.yaml")
    for args in (["check"], ["handout", "chef"], ["build"]):
        result = run(*args, "-C", broken)
        assert result.exit_code == 1, (args, result.output)
        assert "guides/chef.yaml:" in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_shows_an_example(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Example" in text and f"publisher {' '.join(command)} " in text
    if command[0] in ("handout", "build", "booklet", "card", "compare"):
        assert "<letter|a4>" in text  # the choices, not just a type
        assert "--quiet" in text and "--verbose" in text and "--open" in text


def test_shell_completion_is_on_offer() -> None:
    result = run("--help")
    assert "--install-completion" in result.output
    assert "publisher init" in " ".join(result.output.split())


@pytest.mark.slow  # builds a handout
def test_quiet_and_verbose(project: Path) -> None:
    loud = run("-v", "handout", "chef", "-C", project)
    assert loud.exit_code == 0, loud.output
    assert "handouts/chef.pdf" in loud.stderr.splitlines()[0]
    quiet = run("handout", "chef", "-q", "-C", project)
    assert quiet.exit_code == 0
    assert quiet.stderr.splitlines()[-1].startswith("built 1 (1 unchanged or from the cache)")
    assert not any(line.startswith("[") for line in quiet.stderr.splitlines())


def test_the_command_list_flows_to_the_terminal_width() -> None:
    """A docstring's own line breaks are not the help's: at 80 columns, each command's
    summary in `publisher --help` fills a line before it starts the next."""
    lines = run("--help").output.splitlines()
    top = next(n for n, line in enumerate(lines) if line.startswith("╭─ Commands"))
    panel = lines[top + 1 : next(n for n in range(top, len(lines)) if lines[n].startswith("╰"))]
    right = panel[0].rindex("│") - 1  # (the last column the text may reach, and one space)
    entries: list[list[str]] = []
    for row in panel:
        if row[2] != " ":
            entries.append([])
        entries[-1].append(row[:right].rstrip())
    assert {entry[0].split()[1] for entry in entries} >= {"build", "init", "schema", "serve"}
    assert max(len(entry) for entry in entries) > 1  # (some summary does wrap)
    for entry in entries:
        for line, after in pairwise(entry):
            assert len(line) + 1 + len(after.split()[1]) > right, entry
