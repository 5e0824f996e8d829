"""`publisher data refresh`: what newer data would change, and the change made line by line."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from conftest import ROOT, TODAY, copy_project
from typer.testing import CliRunner, Result

from publisher.cli import app

NEWER = ROOT / "tests" / "fixtures" / "data" / "national_M2025_dl.csv"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(
        app, [str(arg) for arg in args], env={"PUBLISHER_TODAY": TODAY.isoformat()}
    )


def test_refresh_shows_then_writes_only_the_numbers_that_change(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    writer = root / "guides" / "writer.yaml"
    writer.write_text("# A comment the editor wrote stays.\n" + writer.read_text())
    before = {path.name: path.read_text() for path in (root / "guides").glob("*.yaml")}
    assert run("data", "import", "-C", root, NEWER).exit_code == 0

    shown = run("data", "refresh", "-C", root)
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert "guides/writer.yaml: quick_facts.median_pay.amount: 72,270 → 76,910 (May 2025)" in lines
    assert (
        "guides/writer.yaml: quick_facts.median_pay.year: May 2024 → May 2025 (May 2025)" in lines
    )
    assert "guides/electrician.yaml: quick_facts.median_pay.amount: 62,350 → 63,190 (May 2025)" in (
        lines
    )
    # A range is not refreshed half-way: May 2025 has no percentiles for these codes.
    assert any(
        line.startswith("guides/writer.yaml: numbers.salary_paths[0] stays at May 2024")
        and "has no 10th percentile" in line
        for line in lines
    )
    assert "4 figures would change" in shown.stderr
    assert {p.name: p.read_text() for p in (root / "guides").glob("*.yaml")} == before

    written = run("data", "refresh", "--write", "-C", root)
    assert written.exit_code == 0
    changed = {}
    for path in (root / "guides").glob("*.yaml"):
        diff = [
            line
            for line in difflib.unified_diff(
                before[path.name].splitlines(), path.read_text().splitlines(), n=0
            )
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        if diff:
            changed[path.name] = diff
    assert sorted(changed) == ["electrician.yaml", "writer.yaml"]
    assert changed["writer.yaml"] == [
        "-    amount: 72270",
        "-    year: May 2024",
        "+    amount: 76910",
        "+    year: May 2025",
    ]
    for diff in changed.values():  # the lines differ only in their numbers
        removed = [re.sub(r"\d", "#", line[1:]) for line in diff if line.startswith("-")]
        added = [re.sub(r"\d", "#", line[1:]) for line in diff if line.startswith("+")]
        assert removed == added
    assert (root / "guides" / "writer.yaml").read_text().startswith("# A comment the editor")

    checked = run("check", "-C", root)
    assert checked.exit_code == 0, checked.stdout
    again = run("data", "refresh", "-C", root)
    assert "0 figures would change" in again.stderr


def test_refresh_with_no_newer_data_changes_nothing(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["sound-designer", "music-producer"])
    result = run("data", "refresh", "--write", "-C", root)
    assert result.exit_code == 0
    assert "0 figures changed" in result.stderr
