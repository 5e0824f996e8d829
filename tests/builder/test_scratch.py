"""A build's temporary folder and the temporary files it was writing go when it is killed
with SIGKILL: its watcher (`publisher.builder.scratch`) removes them once the build and the
writers are gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from benchmarks.measure import leftover_processes

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs prctl(2)")

# A build stand-in: its temporary folder, a file half written into `out` by itself and one
# by a child (a worker) that outlives it for a moment, then it waits to be killed.
BUILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from publisher.builder.scratch import private_tempdir
    from publisher.output import save_atomic

    out = Path(sys.argv[1])

    def writing(seconds):
        def save(stream):
            stream.write(b"%PDF-1.7 half")
            stream.flush()
            print("writing", flush=True)
            time.sleep(seconds)
        return save

    with private_tempdir([out]) as folder:
        (folder / "font.ttf").write_bytes(b"x")
        print(folder, flush=True)
        if os.fork() == 0:  # a worker that outlives the build by a moment, then ends
            os.setsid()
            save_atomic(out / "worker.pdf", writing(1.5))
            os._exit(0)
        save_atomic(out / "handouts" / "chef.pdf", writing(600))
    """
)


def test_a_killed_build_leaves_neither_its_folder_nor_half_written_files(tmp_path: Path) -> None:
    out = tmp_path / "output"
    (out / "handouts").mkdir(parents=True)
    (out / "handouts" / "kept.pdf").write_bytes(b"%PDF whole")
    (out / ".notes.txt.tmp").write_bytes(b"not ours: no process id in its name")
    value = uuid.uuid4().hex
    marker, env = f"SCRATCH_TEST={value}", {**os.environ, "TMPDIR": str(tmp_path)}
    env["SCRATCH_TEST"] = value
    build = subprocess.Popen(
        [sys.executable, "-c", BUILD, str(out)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert build.stdout is not None
    folder = Path(build.stdout.readline().strip())
    assert [build.stdout.readline() for _ in range(2)] == ["writing\n"] * 2
    temps = sorted(p.name for p in out.rglob(".*.tmp"))
    assert len(temps) == 3 and folder.is_dir()  # chef's, the worker's, and not ours

    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=10)
    build.stdout.close()
    assert leftover_processes(marker, grace=8) == []  # the worker ended, then the watcher
    assert not folder.exists()
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        ".notes.txt.tmp",
        "handouts/kept.pdf",
        "worker.pdf",  # the worker finished its file: a whole one is kept
    ]


def test_the_watcher_is_started_before_the_folder_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build killed the moment after it made its folder still has a watcher to remove it
    (a fault test once killed a build in that moment: its folder stayed)."""
    from publisher.builder import scratch

    existed: list[bool] = []
    watch = scratch._watch

    def watching(folder: Path, writes_into: list[Path]) -> object:
        existed.append(folder.exists())
        return watch(folder, writes_into)

    monkeypatch.setattr(scratch, "_watch", watching)
    monkeypatch.setattr(scratch.tempfile, "tempdir", str(tmp_path))
    with scratch.private_tempdir() as folder:
        assert folder.is_dir() and folder.parent == tmp_path
        assert folder.name.startswith(f"{scratch.TEMP_PREFIX}{os.getpid()}-")
    assert existed == [False]
    assert not folder.exists()
