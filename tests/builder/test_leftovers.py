"""A build leaves nothing behind: no process, no temporary folder, whether it succeeds,
fails, or runs where there is no project. Each command runs with a temporary folder of its
own and a marker in its environment, which its worker processes inherit."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from conftest import TODAY, copy_project

from benchmarks.measure import leftover_processes

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc"),
]


def _run(args: list[str], cwd: Path, tmp: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    tmp.mkdir()
    marker = f"PUBLISHER_TEST_MARK={uuid.uuid4().hex}"
    env = {**os.environ, "TMPDIR": str(tmp), "PUBLISHER_TODAY": TODAY.isoformat()}
    env[marker.split("=", maxsplit=1)[0]] = marker.split("=")[1]
    result = subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result, marker


def _left_behind(marker: str, tmp: Path) -> tuple[list[int], list[str]]:
    """Processes still alive with the run's marker (once those ending have ended), and what
    is in its temporary folder."""
    return leftover_processes(marker), sorted(p.name for p in tmp.iterdir())


def test_a_parallel_build_leaves_no_process_and_no_temporary_folder(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["music-producer", "sound-designer", "electrician"])
    result, marker = _run(["build", "--jobs", "2"], root, tmp_path / "tmp")
    assert result.returncode == 0, result.stderr
    assert len(list((root / "output" / "handouts").glob("*.pdf"))) == 3
    assert _left_behind(marker, tmp_path / "tmp") == ([], [])

    guide = root / "guides" / "electrician.yaml"  # an edit: workers are started early
    guide.write_text(guide.read_text().replace("summary: >-\n", "summary: >-\n  Truly,\n", 1))
    result, marker = _run(["build", "--jobs", "2"], root, tmp_path / "tmp2")
    assert result.returncode == 0, result.stderr
    assert _left_behind(marker, tmp_path / "tmp2") == ([], [])


def test_a_build_outside_a_project_fails_and_leaves_nothing(tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    result, marker = _run(["build", "--jobs", "2"], nowhere, tmp_path / "tmp")
    assert result.returncode == 2  # a usage error: no project here
    assert "Traceback" not in result.stderr
    assert "error: not in a career-publisher project" in result.stderr
    assert list(nowhere.iterdir()) == []
    assert _left_behind(marker, tmp_path / "tmp") == ([], [])


def test_a_failing_build_leaves_nothing(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["music-producer", "electrician"])
    guide = root / "guides" / "electrician.yaml"
    guide.write_text(
        guide.read_text().replace("summary: >-\n", "summary: >-\n" + "  Long." * 900 + "\n", 1)
    )
    result, marker = _run(["build", "--jobs", "2"], root, tmp_path / "tmp")
    assert result.returncode == 1
    assert "FAILED" in result.stderr and "Traceback" not in result.stderr
    assert _left_behind(marker, tmp_path / "tmp") == ([], [])
