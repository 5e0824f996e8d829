"""The `publisher` command, run in-process: exit codes, what it prints, and never a traceback."""

from __future__ import annotations

import gc
import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from scenarios import INVALID, MINIMAL, install
from typer.testing import CliRunner, Result

from publisher import __version__
from publisher.cli import LAYOUT_NOT_CHECKED, app, main

ENV = {"PUBLISHER_TODAY": "2026-11-24"}
WARNING_FIXTURES = ["stale_data.yaml", "related_missing.yaml"]


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(app, [str(arg) for arg in args], env=env or ENV)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_check_clean_guide_exits_0(tmp_path: Path) -> None:
    install(tmp_path, MINIMAL, "sound-technician.yaml")
    result = run("check", "-C", tmp_path)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"1 of 1 guides ok\n{LAYOUT_NOT_CHECKED}\n"


def test_check_reports_the_exact_line_and_exits_1(tmp_path: Path) -> None:
    path = install(tmp_path, INVALID / "percent_over_100.yaml")
    result = run("check", "-C", tmp_path, path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "guides/percent-over-100.yaml:16:7: work.time_split[1].percent: must be 0–100 (got 130)"
    ]
    assert result.stderr == "0 of 1 guides ok\n"


@pytest.mark.parametrize("fixture", WARNING_FIXTURES)
def test_warnings_pass_but_strict_fails(tmp_path: Path, fixture: str) -> None:
    path = install(tmp_path, INVALID / fixture)
    relaxed = run("check", "-C", tmp_path, path)
    assert relaxed.exit_code == 0
    assert ": warning: " in relaxed.stdout
    assert relaxed.stderr == f"1 of 1 guides ok, 1 warning\n{LAYOUT_NOT_CHECKED}\n"
    strict = run("check", "--strict", "-C", tmp_path, path)
    assert strict.exit_code == 1
    assert ": warning: " not in strict.stdout  # printed as the errors they now are
    assert strict.stderr == "0 of 1 guides ok, 1 warning\n"


def test_every_invalid_fixture_reports_without_a_traceback(tmp_path: Path) -> None:
    installed = {
        install(tmp_path, fixture, "bad_slug.yaml" if fixture.stem == "bad_slug" else None)
        for fixture in INVALID.iterdir()
    }
    result = run("check", "-C", tmp_path)
    assert result.exit_code == 1
    reported = {line.split(":", 1)[0] for line in result.stdout.splitlines() if line[:1] != " "}
    assert reported == {f"guides/{path.name}" for path in installed}


@pytest.mark.parametrize(
    "text",
    [
        "- a list\n- where a mapping belongs\n",
        "title: 42\nsummary: null\nwork: [1, 2]\n",
        "title:\nsummary:\nwork:\n",
        "title: " + "9" * 5000 + "\n",
        "title: x\n\tsummary: tabbed\n",
        "title: " + "[" * 50_000 + "\n",
        "a: &a [*a, *a]\n",
        "a: !!float abc\nb: !!int x\nc: !!bool maybe\nd: !!binary aGk=\ne: .inf\n",
        "title: x\n<<: {a: 1}\n? [complex, key]\n: v\n",
        "title: a\x00b\n",
        "title: {unclosed: mapping\n",
        "work:\n  time_split:\n    - {activity: A, percent: [1]}\n",
        "quick_facts:\n  soc: {a: b}\n  median_pay: 12\n",
    ],
)
@pytest.mark.slow
def test_nasty_content_never_shows_a_traceback(tmp_path: Path, text: str) -> None:
    path = tmp_path / "guides" / "nasty.yaml"
    path.parent.mkdir()
    path.write_text(text)
    result = run("check", "-C", tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith("guides/nasty.yaml:")


def test_nasty_bytes_never_show_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "guides" / "utf16.yaml"
    path.parent.mkdir()
    path.write_bytes("title: x\n".encode("utf-16"))
    result = run("check", "-C", tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith("guides/utf16.yaml:1:1: byte 0xff is not UTF-8 text")


def test_check_names_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    result = run("check", "-C", tmp_path, tmp_path / "guides" / "nope.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "guides/nope.yaml: no such guide file",
        "    hint: check the path and name",
    ]


def test_check_without_guides_says_so(tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    result = run("check", "-C", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == "no guides found\n"


@pytest.mark.parametrize(
    "command", [["check"], ["list"], ["build"], ["handout", "chef"], ["new", "Chef"], ["booklet"]]
)
def test_outside_a_project_says_so_in_one_line_and_exits_2(
    tmp_path: Path, command: list[str]
) -> None:
    result = run(*command, "-C", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: not in a career-publisher project: no publisher.yaml")
    assert "publisher init" in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_the_project_is_found_from_any_folder_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path, MINIMAL, "sound-technician.yaml")
    (tmp_path / "publisher.yaml").write_text("paper: a4\n", encoding="utf-8")
    inner = tmp_path / "guides"
    monkeypatch.chdir(inner)
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("1 of 1 guides ok")
    listed = run("list", "-C", inner)
    assert "sound-technician" in listed.stdout


def test_pinned_clock_comes_from_the_environment(tmp_path: Path) -> None:
    path = install(tmp_path, INVALID / "stale_data.yaml")
    assert run("check", "--strict", "-C", tmp_path, path).exit_code == 1
    early = run("check", "--strict", "-C", tmp_path, path, env={"PUBLISHER_TODAY": "2026-10-01"})
    assert early.exit_code == 0


def test_bundled_guides_are_clean() -> None:
    result = run("check", "-C", ROOT, ROOT / "guides")
    assert result.exit_code == 0, result.output


def test_list_prints_a_table(tmp_path: Path) -> None:
    install(tmp_path, MINIMAL, "sound-technician.yaml")
    install(tmp_path, INVALID / "stale_data.yaml", "old-guide.yaml")
    (tmp_path / "guides" / "broken.yaml").write_text("title: [unclosed\n")
    result = run("list", "-C", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "slug              title             cluster                data as of  problems",
        "----------------  ----------------  ---------------------  ----------  ---------",
        "broken            ?                 ?                      ?           1 error",
        "old-guide         Sound Technician  arts-av-communication  2025-04     1 warning",
        "sound-technician  Sound Technician  arts-av-communication  2026-06     ok",
    ]


def test_new_writes_a_skeleton_that_checks_with_todo_warnings(tmp_path: Path) -> None:
    (tmp_path / "publisher.yaml").write_text("paper: letter\n", encoding="utf-8")
    result = run("new", "Sound Designer", "-C", tmp_path)
    assert result.exit_code == 0
    assert "guides/sound-designer.yaml" in result.output
    path = tmp_path / "guides" / "sound-designer.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/guide.schema.json\n")
    assert 'title: "Sound Designer"\n' in text
    assert "\ndata_as_of:" not in text  # no data date until the figures are checked

    checked = run("check", "-C", tmp_path, path)
    assert checked.exit_code == 1  # a skeleton is a draft
    todos = checked.stdout.count(": draft: still a TODO placeholder")
    assert todos > 10
    assert checked.stdout.count(": draft: ") == todos + 1  # and no data date
    assert "draft: no `data_as_of`" in checked.stdout
    assert ": warning: " not in checked.stdout
    assert checked.stderr.startswith("0 of 1 guides ok")
    drafted = run("check", "--draft", "-C", tmp_path, path)
    assert drafted.exit_code == 0
    assert drafted.stderr.startswith("1 of 1 guides ok (1 as draft)")


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "publisher.yaml").write_text("paper: letter\n", encoding="utf-8")
    assert run("new", "Sound Designer", "-C", tmp_path).exit_code == 0
    path = tmp_path / "guides" / "sound-designer.yaml"
    path.write_text(path.read_text() + "# my edits\n")
    again = run("new", "sound designer", "-C", tmp_path)
    assert again.exit_code == 1
    assert again.stderr == (
        "error: guides/sound-designer.yaml already exists; edit it, or choose another title\n"
    )
    assert path.read_text().endswith("# my edits\n")


def test_new_refuses_a_title_without_letters(tmp_path: Path) -> None:
    (tmp_path / "publisher.yaml").write_text("paper: letter\n", encoding="utf-8")
    result = run("new", "!!!", "-C", tmp_path)
    assert result.exit_code == 1
    assert "cannot make a file name from '!!!'" in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"publisher {__version__}\n"


@pytest.mark.parametrize(("args", "code"), [(["--version"], 0), (["check", "-C", "/nowhere"], 2)])
def test_the_command_freezes_what_it_loaded_before_the_process_ends(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], code: int
) -> None:
    """Whatever the command ends with, the interpreter's last collections are spared walking
    every object the command loaded (`publisher.cli.main`)."""
    gc.unfreeze()
    monkeypatch.setattr(sys, "argv", ["publisher", *args])
    try:
        with pytest.raises(SystemExit) as ended:
            main()
        assert ended.value.code == code
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    capsys.readouterr()


def test_help_on_everything() -> None:
    assert run("--help").exit_code == 0
    names = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert {"check", "list", "new", "schema"} <= set(names)
    for name in names:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Usage" in result.stdout


def test_schema_command_writes_the_committed_schema(tmp_path: Path) -> None:
    out = tmp_path / "schema" / "guide.schema.json"
    assert run("schema", "--out", out).exit_code == 0
    assert out.read_text() == (ROOT / "schema" / "guide.schema.json").read_text()


def test_check_from_inside_the_project_shows_relative_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copyfile(INVALID / "percent_over_100.yaml", tmp_path / "percent.yaml")
    (tmp_path / "guides").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run("check", "percent.yaml")
    assert result.stdout.startswith("percent.yaml:16:7: work.time_split[1].percent:")


@pytest.mark.parametrize("locale", ["yes", "xx_YY", "../../etc/passwd", "{{ 7*7 }}", ""])
def test_an_unknown_locale_is_a_placed_problem(tmp_path: Path, locale: str) -> None:
    """Not a traceback at the build's first figure, nor a label catalog outside layouts/."""
    install(tmp_path, MINIMAL, "sound-technician.yaml")
    (tmp_path / "publisher.yaml").write_text(f"locale: '{locale}'\npaper: letter\n")
    for command in ("check", "build"):
        result = run(command, "-C", tmp_path)
        assert result.exit_code == 1
        assert "publisher.yaml:1:1: locale: is not valid" in result.stderr


def test_schema_to_a_place_it_cannot_write_says_so(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    result = run("schema", "--out", tmp_path / "file" / "guide.json")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot write {tmp_path / 'file' / 'guide.json'}")


@pytest.mark.parametrize("command", ["check", "list", "build", "data"])
def test_a_project_folder_that_does_not_exist_is_an_error(tmp_path: Path, command: str) -> None:
    args = ["data", "refresh"] if command == "data" else [command]
    result = run(*args, "-C", tmp_path / "nowhere")
    assert result.exit_code == 2  # a usage error, as -C to any folder outside a project
    assert f"{tmp_path / 'nowhere'}: no such folder" in result.stderr
    assert not (tmp_path / "nowhere").exists()  # (a build made .cache/ there)
