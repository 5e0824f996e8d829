"""A build leaves nothing behind: no process, no temporary folder, whether it succeeds,
fails, or runs where there is no project. Each command runs with a temporary folder of its
own and a marker in its environment, which its worker processes inherit (`tests/isolated.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project
from isolated import Ran, assert_nothing_left, publisher

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc"),
]


def _run(args: list[str], cwd: Path, tmp: Path) -> Ran:
    return publisher(*args, cwd=cwd, tmp=tmp)


def test_a_parallel_build_leaves_no_process_and_no_temporary_folder(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["music-producer", "sound-designer", "electrician"])
    result = _run(["build", "--jobs", "2"], root, tmp_path / "tmp")
    assert result.returncode == 0, result.stderr
    assert len(list((root / "output" / "handouts").glob("*.pdf"))) == 3
    assert_nothing_left(result)

    guide = root / "guides" / "electrician.yaml"  # an edit: workers are started early
    guide.write_text(guide.read_text().replace("summary: >-\n", "summary: >-\n  Truly,\n", 1))
    result = _run(["build", "--jobs", "2"], root, tmp_path / "tmp2")
    assert result.returncode == 0, result.stderr
    assert_nothing_left(result)


def test_a_build_outside_a_project_fails_and_leaves_nothing(tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    result = _run(["build", "--jobs", "2"], nowhere, tmp_path / "tmp")
    assert result.returncode == 2  # a usage error: no project here
    assert "Traceback" not in result.stderr
    assert "error: not in a career-publisher project" in result.stderr
    assert list(nowhere.iterdir()) == []
    assert_nothing_left(result)


def test_a_failing_build_leaves_nothing(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["music-producer", "electrician"])
    guide = root / "guides" / "electrician.yaml"
    guide.write_text(
        guide.read_text().replace("summary: >-\n", "summary: >-\n" + "  Long." * 900 + "\n", 1)
    )
    result = _run(["build", "--jobs", "2"], root, tmp_path / "tmp")
    assert result.returncode == 1
    assert "FAILED" in result.stderr and "Traceback" not in result.stderr
    assert_nothing_left(result)
