"""Careless or hostile content gets a message, never a traceback, a hang or an escape.

Each case breaks one thing in a copy of a sample guide (or its folder) and runs the command
an editor would: the answer is exit 1 with `file:line:col` (or the file) and what to do.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY, copy_project
from typer.testing import CliRunner, Result

from publisher.cli import app

Mutation = Callable[[Path, Path], None]  # (project root, guides/electrician.yaml)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(
        app, [str(arg) for arg in args], env={"PUBLISHER_TODAY": TODAY.isoformat()}
    )


def replace(old: str, new: str) -> Mutation:
    def mutate(_root: Path, guide: Path) -> None:
        text = guide.read_text(encoding="utf-8")
        assert old in text, old
        guide.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def link(name: str, target: str) -> Mutation:
    def mutate(root: Path, _guide: Path) -> None:
        (root / "guides" / name).symlink_to(target)

    return mutate


def loop(root: Path, _guide: Path) -> None:
    (root / "guides" / "a.yaml").symlink_to(root / "guides" / "b.yaml")
    (root / "guides" / "b.yaml").symlink_to(root / "guides" / "a.yaml")


def fifo(root: Path, _guide: Path) -> None:
    os.mkfifo(root / "guides" / "pipe.yaml")


def folder(root: Path, _guide: Path) -> None:
    (root / "guides" / "folder.yaml").mkdir()


def long_name(root: Path, guide: Path) -> None:
    guide.rename(guide.with_name("e" * 200 + ".yaml"))


CHECK_CASES: dict[str, tuple[Mutation, str]] = {
    "true as a number": (
        replace("      median: 62350", "      median: true"),
        r"electrician\.yaml:\d+:7: numbers\.salary_paths\[0\]\.median: must be a whole number",
    ),
    "1e300 as pay": (
        replace("      median: 62350", "      median: 1e300"),
        r"salary_paths\[0\]\.median: must be a whole number",
    ),
    "nan as growth": (
        replace("    percent: 9\n", "    percent: .nan\n"),
        r"numbers\.growth\.percent: ",
    ),
    "1e309 as growth": (
        replace("    percent: 9\n", "    percent: 1e309\n"),
        r"numbers\.growth\.percent: must be a number",
    ),
    "yes as a boolean": (
        replace("      median: 62350", "      median: 62350\n      open_top: yes"),
        r"open_top: must be true or false, not the text 'yes'",
    ),
    "a lone surrogate": (
        replace("title: Electrician", 'title: "Electr\\ud800ician"'),
        r"electrician\.yaml:2:\d+: title: holds an escape",
    ),
    "a 4 KB URL": (
        replace(
            "more_info_url: https://www.bls.gov/ooh/construction-and-extraction/electricians.htm",
            "more_info_url: https://www.bls.gov/" + "a" * 4000,
        ),
        r"more_info_url: ",
    ),
    "a chart label of 20,000 characters": (
        replace("    - activity: ", "    - activity: " + "x" * 20_000 + " "),
        r"work\.time_split\[0\]\.activity: is 20,\d{3} characters long; the limit is 80",
    ),
    "a link out of the project": (
        link("passwd.yaml", "/etc/passwd"),
        r"guides/passwd\.yaml: a link to a file outside the project",
    ),
    "a link to a device": (link("zero.yaml", "/dev/zero"), r"zero\.yaml: a link to a file outside"),
    "a dangling link": (
        link("gone.yaml", "/nonexistent/gone.yaml"),
        r"guides/gone\.yaml: a link to a file that does not exist",
    ),
    "a link loop": (loop, r"guides/a\.yaml: a link that leads back to itself"),
    "a pipe": (fifo, r"guides/pipe\.yaml: not a guide file"),
    "a folder": (folder, r"guides/folder\.yaml: not a guide file"),
    "a 200-character name": (long_name, r"the file name is 200 characters long; the limit is 80"),
}


@pytest.mark.parametrize("case", sorted(CHECK_CASES))
def test_check_answers_with_a_message(tmp_path: Path, case: str) -> None:
    mutate, expected = CHECK_CASES[case]
    root = copy_project(tmp_path / "p", ["electrician"])
    mutate(root, root / "guides" / "electrician.yaml")
    result = run("check", "-C", root)
    output = result.stdout + result.stderr
    assert result.exit_code == 1, output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert re.search(expected, output), output
    assert "root:x:0:0" not in output  # nothing of a file outside the project is shown


@pytest.mark.slow
def test_a_build_over_a_broken_folder_reports_and_goes_on(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["electrician", "chef"])
    loop(root, root / "guides" / "electrician.yaml")
    link("passwd.yaml", "/etc/passwd")(root, root / "guides" / "electrician.yaml")
    result = run("build", "-C", root, "--jobs", "1")
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (root / "output" / "handouts" / "electrician.pdf").is_file()
    assert (root / "output" / "handouts" / "chef.pdf").is_file()
    assert "guides/a.yaml: a link that leads back to itself" in result.stderr


@pytest.mark.slow
def test_chart_text_is_printed_as_written_never_as_math(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    root = copy_project(tmp_path / "p", ["electrician"])
    replace("title: Site briefing", "title: Mix$4-$9 plan")(
        root, root / "guides" / "electrician.yaml"
    )
    result = run("handout", "electrician", "-C", root, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    document = pdfium.PdfDocument(root / "output" / "handouts" / "electrician.pdf")
    text = document[1].get_textpage().get_text_range()
    document.close()
    assert text.count("Mix$4-$9") == 2  # the day strip's label and the day's list
    assert "4 − 9" not in text and "4 − 9" not in text  # not typeset as a formula
