"""`publisher serve` as a person runs it: started in a project, its address read from what
it prints, stopped with Ctrl-C; then what it left behind (see `isolated`)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from conftest import TODAY
from isolated import MARK, Ran


@dataclass
class Served:
    """A running `publisher serve`: its process, address and what it printed so far."""

    process: subprocess.Popen[str]
    url: str
    tmp: Path
    marker: str
    lines: list[str] = field(default_factory=list)
    ran: Ran | None = None  # once stopped

    def get(self, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body of GET `path`."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=30) as answer:
                return answer.status, answer.headers["Content-Type"], answer.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers["Content-Type"], error.read()

    def text(self, path: str) -> str:
        return self.get(path)[2].decode("utf-8")

    def version(self) -> dict[str, int]:
        """The build's numbers, as the first event an open page receives says them."""
        with urllib.request.urlopen(self.url + "_live/events", timeout=10) as stream:
            for raw in stream:
                line = raw.decode().strip()
                if line.startswith("data: "):
                    return dict(json.loads(line[6:]))
        raise AssertionError("no event")

    def wait_for(self, test: str, seconds: float = 60.0) -> dict[str, int]:
        """Wait until the version passes `test` (e.g. "pdf >= 1"); the version."""
        deadline = time.monotonic() + seconds
        while True:
            version = self.version()
            if eval(test, {}, version):  # (a test's own expression)
                return version
            if time.monotonic() > deadline:
                raise AssertionError(f"{test} not reached in {seconds} s: {version}; {self.lines}")
            time.sleep(0.1)


@contextlib.contextmanager
def serve(root: Path, tmp: Path, *args: str) -> Iterator[Served]:
    """`publisher serve --port 0 ARGS` in `root`, with `tmp` as its TMPDIR; Ctrl-C at the end."""
    tmp.mkdir(parents=True)
    marker = f"{MARK}={uuid.uuid4().hex}"
    env = {
        **os.environ,
        "PUBLISHER_TODAY": TODAY.isoformat(),
        "TMPDIR": str(tmp),
        MARK: marker.split("=")[1],
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "publisher", "serve", "--port", "0", *args],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    found = threading.Event()
    assert process.stdout is not None
    reader = threading.Thread(target=_read, args=(process.stdout, lines, found), daemon=True)
    reader.start()
    started = time.monotonic()
    try:
        if not found.wait(120):
            raise AssertionError(f"serve printed no address: {lines}")
        url = re.search(r"http://[\d.]+:\d+/", "\n".join(lines))
        assert url is not None
        served = Served(process, url.group(0), tmp, marker, lines)
        yield served
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, as a terminal sends it
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        reader.join(5)
        process.stdout.close()
    served.ran = Ran(
        ["serve"],
        process.returncode,
        "\n".join(lines),
        "",
        time.monotonic() - started,
        tmp,
        marker,
        root.resolve(),
    )


def _read(stream: object, lines: list[str], found: threading.Event) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.append(line.rstrip("\n"))
        if line.startswith("serving http"):
            found.set()
