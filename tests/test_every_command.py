"""Every command of `publisher --help`, with good input and bad, run as a process of its own
with a TMPDIR of its own (`tests/isolated.py`): each ends with exit 0 and what it was asked
for, or exit 1 (2 for a wrong option) and a message without a traceback; and after each,
whatever happened, no process of it is left and its TMPDIR is empty. A build stopped with
Ctrl-C and a build whose own process is killed leave nothing either."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import copy_project
from isolated import Ran, assert_clean_failure, assert_nothing_left, publisher, time_limit

pytestmark = [
    pytest.mark.slow,  # a process for every command: about a minute in all
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc"),
]

GUIDES = ["electrician", "chef"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "p", GUIDES)


def run(project: Path, *args: str | Path, **options: object) -> Ran:
    tmp = project.parent / f"tmp-{len(list(project.parent.glob('tmp-*')))}"
    return publisher(*args, cwd=project, tmp=tmp, watched=project.parent, **options)  # type: ignore[arg-type]


QUICK: list[tuple[tuple[str, ...], int, str]] = [
    (("--help",), 0, r"check.*list.*new.*schema.*handout.*build.*booklet.*charts.*previews"),
    (("--version",), 0, r"publisher \d"),
    (("nope",), 2, r"No such command"),
    (("check",), 0, r"2 of 2 guides ok"),
    (("check", "guides/electrician.yaml"), 0, r"1 of 1 guides ok, 2 warnings"),
    (("check", "--strict"), 1, r"electrician\.yaml:11:11: related\[0\]: 'broadcast-technician'"),
    (("check", "guides/nope.yaml"), 1, r"guides/nope\.yaml: no such guide file"),
    (("check", "/etc/passwd"), 1, r"/etc/passwd: a file outside the project"),
    (("check", "-C", "/nonexistent"), 2, r"/nonexistent: no such folder"),
    (("list",), 0, r"electrician +Electrician"),
    (("list", "-C", "/nonexistent"), 2, r"no such folder"),
    (("new", "Sound Tech"), 0, r"wrote guides/sound-tech\.yaml"),
    (("new", "Electrician"), 1, r"guides/electrician\.yaml already exists"),
    (("new", ""), 1, r"cannot make a file name"),
    (("schema",), 0, r'"\$schema"'),
    (("schema", "--out", "schema/out.json"), 0, r"^$"),
    (("schema", "--out", "guides/electrician.yaml/x.json"), 1, r"cannot write .*x\.json"),
    (("charts", "electrician"), 0, r"output/charts/electrician/electrician-time-split\.svg"),
    (("charts", "electrician", "--format", "pdf"), 2, r"'pdf' is not one of 'svg', 'png'"),
    (("charts", "nope"), 2, r"no guide 'nope' \(in guides/\)"),
    (("charts", "electrician", "--out", "/proc/x"), 1, r"cannot write /proc/x/"),
    (("previews",), 1, r"music-producer\.pdf is missing: run `publisher build` first"),
    (("data", "refresh"), 0, r"figures? would change"),
    (("data", "import", "guides/electrician.yaml"), 1, r"neither the OEWS national file"),
    (("data", "import", "/nonexistent.xlsx"), 1, r"/nonexistent\.xlsx: no such file"),
    (("handout", "nope", "--jobs", "2"), 2, r"no guide 'nope' \(in guides/\)"),
    (("booklet", "nope"), 2, r"no booklet recipe 'nope'"),
    (("booklet", "--only", "nope", "--jobs", "2"), 2, r"no guide 'nope' \(--only\)"),
    (("booklet", "career-fair", "--bleed", "3"), 2, r"give a length such as 3mm"),
    (("build", "--paper", "tabloid"), 2, r"'tabloid' is not one of 'letter', 'a4'"),
]


@pytest.mark.parametrize(("args", "code", "expected"), QUICK, ids=[" ".join(c[0]) for c in QUICK])
def test_a_command_answers_and_leaves_nothing(
    project: Path, args: tuple[str, ...], code: int, expected: str
) -> None:
    ran = run(project, *args, env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    assert ran.returncode == code, ran.output
    assert "Traceback" not in ran.output
    assert re.search(expected, ran.stdout if expected == "^$" else ran.output, re.S), ran.output
    assert ran.seconds < time_limit(10)
    assert_nothing_left(ran)


@pytest.mark.parametrize(
    "args",
    [
        ("handout", "electrician", "--jobs", "2"),
        ("booklet", "career-fair", "--jobs", "2", "--office"),
        ("build", "--jobs", "2", "--paper", "a4"),
    ],
    ids=["handout", "booklet", "build"],
)
def test_a_build_command_makes_its_files_and_leaves_nothing(
    project: Path, args: tuple[str, ...]
) -> None:
    ran = run(project, *args)
    assert ran.returncode == 0, ran.output
    assert list((project / "output").rglob("*.pdf"))
    assert_nothing_left(ran)
    if args[0] == "build":  # then the pictures the README shows, from what was built
        shown = run(project, "previews", "--slug", "electrician", "--out", "shots")
        assert shown.returncode == 1 or list((project / "shots").glob("*.png")), shown.output
        assert "Traceback" not in shown.output
        assert_nothing_left(shown)


def test_a_failing_build_says_why_and_leaves_nothing(project: Path) -> None:
    guide = project / "guides" / "chef.yaml"
    guide.write_text(guide.read_text().replace("title: Chef", "title: [Chef]", 1))
    ran = run(project, "build", "--jobs", "2")
    assert_clean_failure(ran, r"guides/chef\.yaml:\d+:\d+: title: ")
    assert (project / "output" / "handouts" / "electrician.pdf").is_file()
    assert_nothing_left(ran)


def test_ctrl_c_of_a_build_leaves_nothing(project: Path) -> None:
    ran = run(project, "build", "--jobs", "2", "--no-cache", interrupt_after=2.5)
    assert ran.notes == ["interrupted"], ran.output  # (it had not finished)
    assert ran.returncode == 130, ran.output
    assert "interrupted" in ran.stderr and "Traceback" not in ran.output
    assert_nothing_left(ran)


def test_kill_of_the_parent_leaves_nothing(project: Path) -> None:
    """kill -9 of the build's own process: its workers end with it, and its temporary folder
    goes with them (the process that ends last takes it)."""
    ran = run(project, "build", "--jobs", "2", "--no-cache", kill_after=2.5)
    assert ran.notes == ["killed"], ran.output
    assert ran.returncode == -9
    assert_nothing_left(ran)
