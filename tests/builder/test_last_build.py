"""A whole build run again with nothing changed is answered from its notes
(`publisher.builder.last_build`): it says what a build that wrote nothing says, loads none of
the pipeline, and any change to what the build reads or wrote makes it a real build again."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import copy_project
from isolated import Ran, assert_nothing_left, publisher

from publisher.builder import last_build
from publisher.builder.last_build import NAME, Noting, _inputs, answer, installed, look
from publisher.builder.report import BuildReport, Outcome
from publisher.project.fonts import font_files

GUIDES = ["chef", "electrician"]
IMPORTS = {"PYTHONPROFILEIMPORTTIME": "1"}  # (Python's own import log, on stderr)


def imported(ran: Ran) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in ran.stderr.splitlines() if "|" in line}


def said(ran: Ran) -> list[str]:
    return [line for line in ran.stderr.splitlines() if "import time:" not in line]


def build(root: Path, tmp: Path, *args: str) -> Ran:
    ran = publisher("build", *args, cwd=root, tmp=tmp, env=IMPORTS)
    assert_nothing_left(ran)
    return ran


def answered(ran: Ran) -> bool:
    """Whether the build was answered from its notes: the pipeline was never imported."""
    return "publisher.cli" not in imported(ran)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("project"), GUIDES)
    first = build(root, tmp_path_factory.mktemp("tmp") / "first")
    assert first.returncode == 0, first.output
    return root


@pytest.mark.slow
def test_the_same_build_again_says_what_a_build_that_wrote_nothing_says(
    built: Path, tmp_path: Path
) -> None:
    again = build(built, tmp_path / "again")  # (answered: nothing changed since the first)
    assert again.returncode == 0, again.output
    assert answered(again)
    assert not {"pydantic", "typer", "weasyprint", "matplotlib", "yaml"} & imported(again)
    (built / ".cache" / NAME).unlink()
    real = build(built, tmp_path / "real")  # (without notes: a real build, writing nothing)
    assert real.returncode == 0 and not answered(real)
    assert said(again)[-1] == said(real)[-1]  # (the summary)
    assert sorted(_named(said(again))) == sorted(_named(said(real)))  # (each output: in the
    # order the first build wrote them, where a build that wrote nothing lists them in turn)
    assert said(real)[-1].startswith(f"built {len(said(real)) - 1} (")
    assert "failed 0" in said(real)[-1]
    assert answered(build(built, tmp_path / "then"))  # (the real one noted itself again)


def _named(lines: list[str]) -> list[str]:
    """Each line without its running count ('[3/17] handouts/chef.pdf': 'handouts/chef.pdf')."""
    return [line.split("] ", 1)[-1] for line in lines]


def _edit_guide(root: Path) -> None:
    path = root / "guides" / "chef.yaml"
    text = path.read_text()
    assert "head cooks run kitchens" in text
    path.write_text(text.replace("head cooks run kitchens", "head cooks lead kitchens"))


def _touch_layout(root: Path) -> None:
    os.utime(next((root / "layouts").rglob("*.css")))


def _remove_output(root: Path) -> None:
    (root / "output" / "handouts" / "electrician.pdf").unlink()


def _add_to_output(root: Path) -> None:
    (root / "output" / "handouts" / "notes.txt").write_text("mine")


def _forget_the_record(root: Path) -> None:
    (root / ".cache" / "manifest.json").unlink()


def _new_guide(root: Path) -> None:
    source = Path(__file__).parents[2] / "guides" / "writer.yaml"
    (root / "guides" / "writer.yaml").write_bytes(source.read_bytes())


@pytest.mark.slow
@pytest.mark.parametrize(
    "change",
    [_edit_guide, _touch_layout, _remove_output, _add_to_output, _forget_the_record, _new_guide],
)
def test_any_change_to_what_it_reads_or_wrote_makes_it_a_real_build(
    tmp_path: Path, change: object
) -> None:
    root = copy_project(tmp_path / "project", GUIDES)
    assert build(root, tmp_path / "first").returncode == 0
    assert answered(build(root, tmp_path / "same"))
    assert callable(change)
    change(root)
    after = build(root, tmp_path / "after")
    assert after.returncode == 0, after.output
    assert not answered(after)
    assert (root / "output" / "handouts" / "electrician.pdf").is_file()
    assert answered(build(root, tmp_path / "then"))


@pytest.mark.slow
def test_another_command_line_day_or_folder_is_a_real_build(built: Path, tmp_path: Path) -> None:
    assert answered(build(built, tmp_path / "same"))
    assert not answered(build(built, tmp_path / "quiet", "-q"))
    later = publisher("build", cwd=built, tmp=tmp_path / "later", env=IMPORTS | _day("2026-12-01"))
    assert later.returncode == 0 and not answered(later)
    inside = publisher("build", cwd=built / "guides", tmp=tmp_path / "inside", env=IMPORTS)
    assert inside.returncode == 0 and not answered(inside)
    assert not answered(build(built, tmp_path / "back"))  # (the notes are the last build's)
    assert answered(build(built, tmp_path / "again"))


def _day(day: str) -> dict[str, str]:
    return {"PUBLISHER_TODAY": day}


@pytest.mark.slow
def test_a_failed_build_is_never_repeated_from_notes(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", GUIDES)
    broken = root / "guides" / "chef.yaml"
    broken.write_text(broken.read_text().replace("title:", "title: [", 1))
    for number in range(2):
        ran = build(root, tmp_path / f"run{number}")
        assert ran.returncode == 1 and not answered(ran)
        assert "chef.yaml" in ran.stderr
    assert not (root / ".cache" / NAME).exists()


@pytest.mark.slow
def test_a_build_without_the_cache_notes_nothing(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", GUIDES)
    assert build(root, tmp_path / "first", "--no-cache").returncode == 0
    assert not (root / ".cache" / NAME).exists()


# What the notes hold and compare, in this process (no build: the notes of one, by hand).


def _project(root: Path) -> Path:
    (root / "guides").mkdir(parents=True)
    (root / "guides" / "chef.yaml").write_text("title: Chef\n")
    (root / "output").mkdir()
    (root / "output" / "chef.pdf").write_bytes(b"%PDF")
    return root


def _noted(root: Path, report: BuildReport | None = None) -> Noting:
    noting = Noting.begin(["build"], root, root, installed(font_files()))
    noting.showing(lambda outcome, total: None)(Outcome("chef.pdf", note="a note"), 1)
    noting.finish(report or BuildReport(), quiet=False, verbose=True)
    return noting


def test_notes_answer_the_same_command_line_only(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    _noted(root)
    shown = answer(["build"], root)
    assert shown is not None
    assert [(o.name, o.note, total) for o, total in shown.outputs] == [("chef.pdf", "a note", 1)]
    assert (shown.quiet, shown.verbose) == (False, True)
    assert shown.report.reused == 1 and shown.report.ok
    assert answer(["build", "-q"], root) is None
    assert answer(["check"], root) is None
    assert answer(["build", "-C", "."], root) is None  # (another command line, same project)


def test_a_file_edited_while_the_build_read_it_is_a_real_build_next(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    noting = Noting.begin(["build"], root, root, [])
    (root / "guides" / "chef.yaml").write_text("title: Chef!\n")  # (after the build began)
    noting.finish(BuildReport(), quiet=False, verbose=False)
    assert answer(["build"], root) is None


def test_a_guide_folder_through_a_link_is_watched_inside(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "nurse.yaml").write_text("title: Nurse\n")
    root = _project(tmp_path / "project")
    (root / "guides" / "district").symlink_to(shared)
    (shared / "loop").symlink_to(shared)  # (a link back: listed once)
    _noted(root)
    assert answer(["build"], root) is not None
    (shared / "nurse.yaml").write_text("title: Nurse!\n")
    assert answer(["build"], root) is None


def test_hidden_files_are_watched_below_the_top_and_top_hidden_folders_are_not(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path / "project")
    (root / "guides" / ".nurse.yaml").write_text("title: Nurse\n")  # (a layout reads it all)
    (root / ".git").mkdir()
    _noted(root)
    (root / ".git" / "index").write_text("changed")
    assert answer(["build"], root) is not None
    (root / "guides" / ".nurse.yaml").write_text("title: Nurse!\n")
    assert answer(["build"], root) is None


def test_one_edited_or_added_guide_is_named_for_its_worker_to_start_early(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path / "project")
    _noted(root)
    (root / "guides" / "chef.yaml").write_text("title: Chef!\n")
    seen = look(["build"], root)
    assert seen.shown is None and seen.root == root
    assert seen.edited == (str(root / "guides" / "chef.yaml"),)
    (root / "guides" / "nurse.yaml").write_text("title: Nurse\n")
    assert len(look(["build"], root).edited) == 2
    assert look(["build", "-q"], root).edited == ()  # (another command line)


@pytest.mark.parametrize(
    "also",
    [
        lambda root: (root / "publisher.yaml").write_text("paper: a4\n"),
        lambda root: (root / "guides" / "chef.yaml").unlink(),
        lambda root: (root / "guides" / "es").mkdir(),
        lambda root: (root / "guides" / "notes.txt").write_text("mine"),
    ],
    ids=["settings", "removed", "folder", "not-a-guide"],
)
def test_nothing_is_started_early_when_more_than_guides_changed(
    tmp_path: Path, also: Callable[[Path], object]
) -> None:
    root = _project(tmp_path / "project")
    (root / "guides" / "nurse.yaml").write_text("title: Nurse\n")
    _noted(root)
    (root / "guides" / "nurse.yaml").write_text("title: Nurse!\n")
    also(root)
    assert look(["build"], root).edited == ()


def test_a_file_changed_within_one_tick_of_the_clock_is_caught_by_its_bytes(
    tmp_path: Path,
) -> None:
    """A file modified less than 2 s before the build began is racy: a change in the same
    tick of a coarse clock (a FAT stick's 2 s) keeps its stats, so its bytes are kept."""
    root = _project(tmp_path / "project")
    _noted(root)
    notes = root / ".cache" / NAME
    record = json.loads(notes.read_text())
    guide = root / "guides" / "chef.yaml"
    assert record["racy"][str(guide)] == "title: Chef\n"
    assert answer(["build"], root) is not None
    guide.write_text("title: Chaf\n")  # (same size)
    record["inputs"] = _inputs(root, record["extras"])  # (as if its stats had not moved)
    notes.write_text(json.dumps(record))
    assert answer(["build"], root) is None
    guide.write_text("title: Chef\n")  # (back: the bytes kept)
    record["inputs"] = _inputs(root, record["extras"])
    notes.write_text(json.dumps(record))
    assert answer(["build"], root) is not None


def test_files_older_than_a_tick_are_not_kept(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    for path in (root / "guides" / "chef.yaml", root / "output" / "chef.pdf"):
        os.utime(path, ns=(time.time_ns() - 10**10, time.time_ns() - 10**10))
    _noted(root)
    assert json.loads((root / ".cache" / NAME).read_text())["racy"] == {}
    assert answer(["build"], root) is not None


def test_more_racy_files_than_the_notes_keep_are_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "project")
    (root / "guides" / "nurse.yaml").write_text("title: Nurse\n")
    monkeypatch.setattr(last_build, "RACY_MOST", 1)
    _noted(root)
    assert answer(["build"], root) is None


def test_a_failed_build_writes_no_notes(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    _noted(root, BuildReport(failed=[Outcome("chef.pdf", error="broken")]))
    assert not (root / ".cache" / NAME).exists()
    assert answer(["build"], root) is None


@pytest.mark.parametrize(
    "damage",
    [b"", b"{", b"[]", b'{"invocation": 1}', b"\xff\xfe"],
    ids=["empty", "cut", "list", "fields", "bytes"],
)
def test_notes_of_another_shape_are_no_answer(tmp_path: Path, damage: bytes) -> None:
    root = _project(tmp_path / "project")
    _noted(root)
    (root / ".cache" / NAME).write_bytes(damage)
    assert answer(["build"], root) is None


def test_notes_name_what_outside_the_project_a_build_reads(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    _noted(root)
    record = json.loads((root / ".cache" / NAME).read_text())
    for font in font_files():
        assert str(font) in record["extras"]
    assert any(entry.endswith("site-packages") for entry in record["extras"])
    assert any(sys.prefix in line for line in record["extras"])
