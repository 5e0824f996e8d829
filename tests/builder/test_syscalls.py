"""A whole build, watched by the kernel (strace): every file any of its processes opens, every
program it runs, every socket it makes. It reads only the project, its own temporary folder,
the Python it runs on with its installed packages, and the system's libraries and fonts; it
makes no socket. `test_reads.py` watches the same from inside Python (audit hooks), where
strace is not there; this one also sees what C libraries and child programs open."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections import Counter
from pathlib import Path

import matplotlib
import pytest
from conftest import TODAY, copy_project

from publisher.project.layouts import PACKAGE_LAYOUTS

pytestmark = pytest.mark.slow  # a whole build, traced

STRACE = shutil.which("strace")
CALLS = "open,openat,openat2,creat,execve,socket,socketpair,connect,chdir,fchdir"
# `PID name(args) = result`; a call another process interrupted is logged in two halves,
# `PID name(args <unfinished ...>` then `PID <... name resumed>...) = result`.
CALL = re.compile(r"^(\d+) +(?:<\.\.\. )?(\w+)\((.*)$")
PATH = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _traceable() -> str | None:
    """Why strace cannot watch a process here, or None when it can."""
    if STRACE is None:
        return "strace is not installed"
    probe = subprocess.run(
        [STRACE, "-f", "-e", "trace=openat", "-o", os.devnull, "/bin/true"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:  # in a container without CAP_SYS_PTRACE, say
        return f"strace cannot trace here: {probe.stderr.strip()}"
    return None


def _unescape(text: str) -> str:
    return (
        text.encode("latin-1", "backslashreplace")
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8", "replace")
    )


def _calls(log: Path) -> list[tuple[str, str, str]]:
    """(call, first path argument or '', result) for every finished call in the log; the two
    halves of an interrupted call are joined."""
    started: dict[tuple[str, str], str] = {}
    calls = []
    for line in log.read_text(errors="replace").splitlines():
        found = CALL.match(line)
        if not found:
            continue  # a signal, an exit
        pid, name, rest = found.groups()
        if rest.endswith("<unfinished ...>"):
            started[(pid, name)] = rest
            continue
        if line.split(" ", 1)[1].lstrip().startswith("<..."):
            rest = started.pop((pid, name), "") + rest
        args, _, result = rest.rpartition(") = ")
        path = PATH.search(args)
        calls.append((name, _unescape(path[1]) if path else "", result))
    return calls


def _inside(path: str, places: list[str]) -> bool:
    return any(path == place or path.startswith(place.rstrip("/") + "/") for place in places)


def test_a_build_opens_nothing_outside_and_no_socket(tmp_path: Path) -> None:
    reason = _traceable()
    if reason:
        pytest.skip(reason)
    assert STRACE is not None
    root = copy_project(tmp_path / "p", ["music-producer", "electrician"])
    tmp, log = tmp_path / "tmp", tmp_path / "strace.log"
    tmp.mkdir()
    env = {**os.environ, "PUBLISHER_TODAY": TODAY.isoformat(), "TMPDIR": str(tmp)}
    build = [sys.executable, "-m", "publisher", "build", "--jobs", "2"]
    traced = subprocess.run(
        [STRACE, "-f", "-qq", "-s", "4096", "-e", f"trace={CALLS}", "-o", str(log), *build],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert traced.returncode == 0, traced.stderr
    # 2 handouts, a booklet, its sheets, and the handouts beside their web pages (site/)
    assert len(list((root / "output").rglob("*.pdf"))) == 6

    calls = _calls(log)
    names = Counter(name for name, _path, _result in calls)
    assert names["openat"] > 100  # the log was read (a wrong parser would find nothing)
    # No socket of any kind: not to the network, not to a local service (a font or a
    # session daemon). The workers talk to the build through pipes, which are not sockets.
    assert [c for c in calls if c[0] in ("socket", "socketpair", "connect")] == []
    # Relative paths are read against the project folder: no process changes folder.
    assert [c for c in calls if c[0] in ("chdir", "fchdir")] == []

    paths = sysconfig.get_paths()
    allowed = [
        str(root),  # the project: guides, settings, layouts, assets, data, .cache, output
        str(tmp),  # the build's temporary folder (its own, inside TMPDIR)
        # The Python it runs on and its installed packages (the fonts come as packages).
        sys.prefix, sys.base_prefix, sys.exec_prefix, paths["stdlib"], paths["platstdlib"],
        paths["purelib"], paths["platlib"], os.path.realpath(sys.executable),
        str(Path(__file__).parents[2] / "publisher"),  # the tool itself (an editable install)
        str(PACKAGE_LAYOUTS.resolve()),  # its layouts (in a checkout: publisher/layouts links here)
        # The system's shared libraries (cairo, pango, harfbuzz, fontconfig, libc…), their
        # loader's cache, and the files the C library reads to start a program.
        "/usr/lib", "/lib", "/lib64", "/usr/lib64", "/usr/local/lib", "/etc/ld.so.cache",
        "/etc/ld.so.preload",
        # The system's fonts and font configuration (fontconfig, asked by the layout engine).
        "/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts", "/var/cache/fontconfig",
        "/usr/share/fontconfig",
        # Data the libraries read: MIME types (Python's mimetypes, asked by the layout
        # engine for each resource), the locale and character set tables, time zone.
        "/etc/mime.types", "/usr/share/mime", "/usr/lib/locale", "/usr/share/locale",
        "/usr/share/zoneinfo", "/etc/localtime", "/usr/lib/x86_64-linux-gnu/gconv",
        # The process's own state and the CPUs it may use (os.sched_getaffinity, BLAS).
        "/proc/self", "/sys/devices/system/cpu", "/dev/null", "/dev/urandom",
        "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu.max",  # the CPU quota (numpy's BLAS threads)
        "/proc/filesystems",  # read by a system library as it loads (libselinux, under glib)
        # matplotlib's list of the system's fonts, made from them on its first run (the
        # audit-hook test allows it too); it lives in the home folder, not the project.
        matplotlib.get_cachedir(),
        # The multiprocessing locks of the worker pool (POSIX semaphores live here).
        "/dev/shm",
    ]  # fmt: skip
    allowed += [
        f"/proc/{pid}" for pid in {line.split()[0] for line in log.read_text().split("\n") if line}
    ]
    opened = sorted(
        {
            path
            for name, path, result in calls
            if name in ("open", "openat", "openat2", "creat") and not result.startswith("-1")
        }
    )
    outside = [
        path
        for path in opened
        if path and not _inside(os.path.abspath(os.path.join(root, path)), allowed)
    ]
    assert outside == []
    # Programs: Python itself (the build, its temporary folder's watcher); and, in a project
    # whose cache is new, the system's linker tools, which `ctypes.util.find_library` runs
    # to find the layout engine's libraries (the answers are kept in .cache/).
    programs = {path for name, path, result in calls if name == "execve" and result == "0"}
    tools = ["/sbin/ldconfig", "/usr/sbin/ldconfig", "/usr/bin/gcc", "/usr/bin/cc", "/usr/bin/ld"]
    assert sorted(p for p in programs if not _inside(p, [*allowed, *tools])) == []
