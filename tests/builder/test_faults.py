"""Faults during a build: killed at any moment, a damaged cache, two builds at once, an output
folder it cannot write, a guide edited mid-build. After each, every file in output/ is a whole
PDF or absent, nothing temporary is left once the next build has run, and that build's
outputs are a clean build's, byte for byte."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pikepdf
import pytest
from conftest import TODAY, copy_project
from isolated import MARK

from benchmarks.measure import leftover_processes

pytestmark = pytest.mark.slow  # whole builds, killed and run again

GUIDES = ["music-producer", "sound-designer", "filmmaker", "electrician", "chef"]


RUNS: list[tuple[Path, str]] = []  # every command's own TMPDIR and marker, for `left_behind`


def start(root: Path, tmp: Path, *args: str) -> subprocess.Popen[str]:
    """`publisher build` with a TMPDIR of its own under `tmp` and a marker in its
    environment (`tests/isolated.py`)."""
    own = tmp / str(len(list(tmp.glob("*"))) if tmp.exists() else 0)
    own.mkdir(parents=True)
    marker = uuid.uuid4().hex
    RUNS.append((own, f"{MARK}={marker}"))
    env = {**os.environ, "PUBLISHER_TODAY": TODAY.isoformat(), "TMPDIR": str(own), MARK: marker}
    return subprocess.Popen(
        [sys.executable, "-m", "publisher", "build", "-C", str(root), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its workers in its own group: killed together
    )


def left_behind(tmp: Path) -> list[str]:
    """What the commands run with folders under `tmp` left: processes, TMPDIR entries."""
    found = []
    for own, marker in RUNS:
        if own.parent == tmp:
            found += [f"process {pid}" for pid in leftover_processes(marker)]
            found += [str(entry) for entry in own.iterdir()]
    return found


def build(root: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    process = start(root, tmp, *args)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def outputs(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root / "output")): path.read_bytes()
        for path in sorted((root / "output").rglob("*"))
        if path.is_file()
    }


def assert_whole(root: Path) -> None:
    """Every file in output/ is a PDF that opens with all its pages, or a whole file of the
    web edition (a page that ends its document, the stylesheet, a font); no temporary files."""
    for path in (root / "output").rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".html":
            assert path.read_bytes().rstrip().endswith(b"</html>"), path
        elif path.suffix != ".pdf":
            assert path.suffix in (".css", ".ttf", ".txt") and path.stat().st_size, path
        else:
            with pikepdf.open(path) as pdf:
                assert len(pdf.pages) > 0


def leftovers(root: Path, tmp: Path) -> list[str]:
    """What is left once every process of the commands has ended (their temporary folders'
    watchers too): processes, TMPDIR entries, temporary files in the project."""
    behind = left_behind(tmp)  # (waits for the processes that are ending)
    return behind + [str(p) for p in root.rglob(".*.tmp")]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    base = tmp_path_factory.mktemp("clean")
    root = copy_project(base / "p", GUIDES)
    result = build(root, base / "tmp", "--jobs", "1", "--no-cache")
    assert result.returncode == 0, result.stderr
    return outputs(root)


@pytest.mark.parametrize("after", [0.4, 0.9, 1.4, 1.9, 2.4, 3.0, 3.6, 4.4, 5.5, 7.0])
def test_killed_at_any_moment_then_built_again(
    tmp_path: Path, clean: dict[str, bytes], after: float
) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    process = start(root, tmp_path / "tmp", "--jobs", "2")
    time.sleep(after)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)  # the build and every worker, no clean-up
    process.wait(timeout=30)
    process.communicate()
    # Its watcher emptied its TMPDIR and removed what its processes were writing, then ended.
    assert leftovers(root, tmp_path / "tmp") == []
    if (root / "output").exists():
        assert_whole(root)
    again = build(root, tmp_path / "tmp", "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert outputs(root) == clean
    assert leftovers(root, tmp_path / "tmp") == []


def test_a_damaged_cache_costs_only_time(tmp_path: Path, clean: dict[str, bytes]) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    assert build(root, tmp_path / "tmp").returncode == 0
    for index, entry in enumerate(sorted((root / ".cache").rglob("*"))):
        if entry.is_file() and entry.name != "build.lock":
            data = entry.read_bytes()
            entry.write_bytes(data[: len(data) // 2] if index % 2 else b"\x00garbage")
    for path in (root / "output").rglob("*.pdf"):
        path.unlink()
    again = build(root, tmp_path / "tmp")
    assert again.returncode == 0, again.stderr
    assert outputs(root) == clean
    assert leftovers(root, tmp_path / "tmp") == []


def test_two_builds_at_once(tmp_path: Path, clean: dict[str, bytes]) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    first = start(root, tmp_path / "tmp", "--jobs", "1")
    time.sleep(1.0)
    second = build(root, tmp_path / "tmp", "--jobs", "1")
    _out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 1
    assert "another build of this project is running" in second.stderr
    assert "Traceback" not in second.stderr
    assert outputs(root) == clean
    assert leftovers(root, tmp_path / "tmp") == []


def test_an_output_folder_it_cannot_write(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["music-producer"])
    (root / "output").write_text("not a folder")  # (as root, a read-only folder is writable)
    result = build(root, tmp_path / "tmp", "--jobs", "1")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot write" in result.stderr or "refusing to write" in result.stderr
    assert leftovers(root, tmp_path / "tmp") == []


def test_a_guide_edited_during_a_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    guide = root / "guides" / "chef.yaml"
    process = start(root, tmp_path / "tmp", "--jobs", "2")
    time.sleep(1.5)
    guide.write_text(guide.read_text().replace("summary: >-\n", "summary: >-\n  Truly,\n", 1))
    process.communicate(timeout=300)
    assert_whole(root)
    assert build(root, tmp_path / "tmp", "--jobs", "2").returncode == 0
    edited = copy_project(tmp_path / "q", GUIDES)
    (edited / "guides" / "chef.yaml").write_text(guide.read_text())
    assert build(edited, tmp_path / "tmp", "--jobs", "1", "--no-cache").returncode == 0
    assert outputs(root) == outputs(edited)
    assert leftovers(root, tmp_path / "tmp") == []


def test_a_killed_build_takes_its_workers_with_it(tmp_path: Path, clean: dict[str, bytes]) -> None:
    """Only the build's own process is killed (kill -9 of the parent): its workers end too."""
    root = copy_project(tmp_path / "p", GUIDES)
    value = f"orphans-{os.getpid()}-{time.monotonic_ns()}"
    os.environ["PUBLISHER_TEST_RUN"], marker = value, f"PUBLISHER_TEST_RUN={value}"
    try:
        process = start(root, tmp_path / "tmp", "--jobs", "2")
    finally:
        del os.environ["PUBLISHER_TEST_RUN"]
    time.sleep(2.0)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert leftover_processes(marker, grace=5) == []
    assert left_behind(tmp_path / "tmp") == []
    assert build(root, tmp_path / "tmp", "--jobs", "2").returncode == 0
    assert outputs(root) == clean
    assert leftovers(root, tmp_path / "tmp") == []


def test_ctrl_c_stops_within_a_second_and_says_so(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    process = start(root, tmp_path / "tmp", "--jobs", "2")
    time.sleep(2.0)
    asked = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends the whole job on Ctrl-C
    _out, err = process.communicate(timeout=30)
    assert time.monotonic() - asked < 1.5
    assert process.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    assert_whole(root)
    assert leftovers(root, tmp_path / "tmp") == []


def test_a_disk_that_fills_up(tmp_path: Path, clean: dict[str, bytes]) -> None:
    """output/ on a 400 KB file system: the build says which file it could not write, leaves
    no half file, and builds whole once there is room."""
    root = copy_project(tmp_path / "p", GUIDES)
    (root / "output").mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(root / "output")],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    try:
        result = build(root, tmp_path / "tmp", "--jobs", "2")
        assert result.returncode == 1
        assert "No space left on device" in result.stderr
        assert "Traceback" not in result.stderr
        assert_whole(root)
    finally:
        subprocess.run(["umount", str(root / "output")], check=True)
    again = build(root, tmp_path / "tmp", "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert outputs(root) == clean
    assert leftovers(root, tmp_path / "tmp") == []
