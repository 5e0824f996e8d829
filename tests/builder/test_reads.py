"""A build reads only the project, the installed packages and the system's own files, and
opens no socket: every file a whole build opens (the Python-level opens, audited) is checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import matplotlib
import pytest
from conftest import TODAY, copy_project

import publisher

pytestmark = pytest.mark.slow  # a whole build

MONITOR = """
import json, os, sys
seen, sockets = set(), []

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        path = os.fsdecode(args[0])
        if not os.path.isabs(path):
            path = os.path.abspath(path)
        seen.add(os.path.normpath(path))
    elif event.startswith("socket.") and event not in ("socket.__new__", "socket.gethostname"):
        sockets.append(event)

sys.addaudithook(hook)
from publisher.cli import app
try:
    app(["build", "-C", sys.argv[1], "--jobs", "1"])
except SystemExit as done:
    code = done.code
with open(sys.argv[2], "w") as out:
    json.dump({"opened": sorted(seen), "sockets": sockets, "code": code}, out)
"""


def test_a_build_reads_nothing_outside_what_it_may(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["music-producer", "sound-designer"])
    report = tmp_path / "opened.json"
    env = {**os.environ, "PUBLISHER_TODAY": TODAY.isoformat(), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    subprocess.run(
        [sys.executable, "-c", MONITOR, str(root), str(report)], env=env, check=True, timeout=300
    )
    result = json.loads(report.read_text())
    assert result["code"] in (0, None)
    assert result["sockets"] == []
    allowed = [
        str(root), str(tmp_path / "tmp"), sys.prefix, sys.base_prefix, sys.exec_prefix,
        sysconfig.get_paths()["purelib"], "/usr/lib", "/usr/share", "/lib", "/etc/ld.so.cache",
        "/etc/fonts", "/proc/self", "/dev/null", "/dev/urandom", "/etc/localtime",
        "/usr/local/lib", "/sys/devices/system/cpu", "/etc/mime.types",
        str(Path(publisher.__file__).parent),  # the tool itself (an editable install)
        str(report),  # this test's own record
        matplotlib.get_cachedir(),  # matplotlib's own font list
    ]  # fmt: skip
    outside = [
        path
        for path in result["opened"]
        if not any(path == place or path.startswith(place.rstrip("/") + "/") for place in allowed)
        and ".egg-info" not in path  # the install's metadata, read by importlib.metadata
    ]
    assert outside == []
    assert any(path.startswith(str(root / "guides")) for path in result["opened"])
