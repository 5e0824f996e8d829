"""Headless Chromium (Debian's `chromium`), driven over the DevTools protocol on a pipe
(`--remote-debugging-pipe`: JSON messages on file descriptors 3 and 4, each ending in a NUL
byte), so no driver, websocket library or downloaded browser is needed. The flags keep it
off the network (this machine has none, and Chromium would keep trying)."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--window-size=1400,1000",
]
NODE_MODULES = Path(__file__).resolve().parents[1] / ".venv" / "node" / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"  # installed by ./dev test (npm)
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.is_file():
        return f"no {CHROMIUM}: install Debian's chromium (./dev test does, as root)"
    return None


class Browser:
    """One headless Chromium and its pipe."""

    def __init__(self, process: subprocess.Popen[bytes], send: int, receive: int) -> None:
        self.process, self._send, self._receive = process, send, receive
        self._ids = itertools.count(1)
        self._buffer = b""

    def call(
        self, method: str, session: str | None = None, timeout: float = 30, **params: Any
    ) -> Any:
        """Send one command (to a page's `session`, or to the browser) and wait for its answer."""
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._send, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            for answer in self._messages(deadline - time.monotonic()):
                if answer.get("id") == number:
                    if "error" in answer:
                        raise RuntimeError(f"{method}: {answer['error']}")
                    return answer["result"]
            if time.monotonic() > deadline:
                raise TimeoutError(f"{method}: no answer in {timeout} s")

    def _messages(self, wait: float) -> list[dict[str, Any]]:
        ready, _, _ = select.select([self._receive], [], [], max(0.0, wait))
        if ready:
            chunk = os.read(self._receive, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed its pipe")
            self._buffer += chunk
        *whole, self._buffer = self._buffer.split(b"\0")
        return [json.loads(part) for part in whole if part]

    def open(self, url: str) -> str:
        """A new tab on `url`; its session."""
        target = self.call("Target.createTarget", url=url)["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        loaded = "location.href !== 'about:blank' && document.readyState === 'complete'"
        self.wait_until(session, loaded, 30)  # (not the blank page a tab starts with)
        return str(session)

    def evaluate(self, session: str, expression: str, timeout: float = 30) -> Any:
        """The value of `expression` in the page (a promise is awaited)."""
        result = self.call(
            "Runtime.evaluate",
            session,
            timeout,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_until(self, session: str, expression: str, seconds: float) -> float:
        """Poll `expression` until it is true; how long that took."""
        started = time.monotonic()
        while not self._true(session, expression):
            if time.monotonic() - started > seconds:
                raise AssertionError(f"not within {seconds} s: {expression}")
            time.sleep(0.05)
        return time.monotonic() - started

    def _true(self, session: str, expression: str) -> bool:
        try:
            return bool(self.evaluate(session, expression, timeout=5))
        except RuntimeError:  # the page is reloading: its context went away mid-call
            return False

    def axe_violations(self, session: str) -> list[dict[str, Any]]:
        """axe-core's violations on the page (WCAG 2.x A and AA rules and best practices)."""
        self.evaluate(session, AXE.read_text(encoding="utf-8") + "\n;1")
        found = self.evaluate(
            session,
            "axe.run(document).then(r => r.violations.map(v => "
            "({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))",
            timeout=60,
        )
        return list(found)


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium with a profile of its own, gone (with the profile) at the end."""
    profile = Path(tempfile.mkdtemp(prefix="chromium-"))
    to_browser, commands = os.pipe()
    answers, from_browser = os.pipe()
    # Chromium reads fd 3 and writes fd 4: bash puts the pipes there and becomes it (dash
    # takes single-digit descriptors only).
    script = f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser}'
    process = subprocess.Popen(
        [
            "/bin/bash",
            "-c",
            script,
            str(CHROMIUM),
            *FLAGS,
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ],
        pass_fds=(to_browser, from_browser),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(to_browser)
    os.close(from_browser)
    try:
        yield Browser(process, commands, answers)
    finally:
        with contextlib.suppress(OSError):
            os.write(commands, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 9)  # (its helper processes)
        os.close(commands)
        os.close(answers)
        shutil.rmtree(profile, ignore_errors=True)


def html_errors(pages: list[Path]) -> list[str]:
    """What the Nu Html Checker (vnu.jar, the W3C validator) finds wrong in `pages`."""
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return [line for line in (checked.stdout + checked.stderr).splitlines() if line.strip()]
