"""A build stopped by Ctrl-C stops its workers wherever they are, in the middle of writing a
file too (`Session.abort`): what they were writing goes with them, at once, not at the next
build."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, copy_project

from publisher.builder import session
from publisher.output import save_atomic
from publisher.project.settings import load_project


def test_ctrl_c_leaves_no_file_half_written_by_a_stopped_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load_project(copy_project(tmp_path / "p", ["music-producer"]))
    half = project.cache_dir / "qr"

    def stopped_mid_write(*_: Any, **__: Any) -> None:
        """A worker killed while it writes a cache entry (what `abort` does to it), then the
        Ctrl-C that made the build stop it."""
        worker = os.fork()
        if worker == 0:  # (no clean-up of its own: SIGTERM's default ends it on the spot)

            def save(stream: Any) -> None:
                stream.write(b"<svg")
                stream.flush()
                os.kill(os.getpid(), signal.SIGKILL)

            save_atomic(half / "code.svg", save)
        os.waitpid(worker, 0)
        assert [p.name for p in half.iterdir() if p.name.endswith(".tmp")] != []
        raise KeyboardInterrupt

    monkeypatch.setattr(session, "_build", stopped_mid_write)
    with pytest.raises(KeyboardInterrupt):
        session.build(project, TODAY)
    assert sorted(p.name for p in half.iterdir()) == []
    assert list(project.cache_dir.parent.rglob(".*.tmp")) == []
