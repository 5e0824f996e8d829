"""The live preview's HTTP server: the web edition's files as they are, each HTML page with
the live additions (`publisher.layout.live`), the handouts' page pictures, and a stream of
Server-Sent Events that tells open pages a rebuild is done. Bound to 127.0.0.1 unless told
otherwise; it serves nothing outside `output/site/` and the preview's pictures."""

from __future__ import annotations

import json
import mimetypes
import re
from collections.abc import Callable
from html import unescape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from publisher.builder.pages import page_images
from publisher.builder.session import handout_name
from publisher.layout.live import Preview, Version, problems_page, with_live_preview
from publisher.live.state import LiveState
from publisher.project.labels import load_labels
from publisher.project.settings import Project

EVENTS = "/_live/events"
PAGES = re.compile(r"^/_live/pages/([a-z0-9-]+)/(\d+)\.png$")
KEEPALIVE_S = 1.0  # how often an event stream wakes: to notice a stop, and to keep alive


class LiveServer(ThreadingHTTPServer):
    """One thread per request; `server_close` waits for them (event streams end on stop)."""

    daemon_threads = False
    block_on_close = True

    def __init__(
        self, address: tuple[str, int], state: LiveState, project: Callable[[], Project]
    ) -> None:
        super().__init__(address, LiveHandler)
        self.state = state
        self.project = project

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"


class LiveHandler(BaseHTTPRequestHandler):
    server: LiveServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return None  # (the command prints what matters: rebuilds and problems)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        project = self.server.project()
        if path == EVENTS:
            self._events()
        elif found := PAGES.match(path):
            self._page_image(project, found.group(1), int(found.group(2)))
        else:
            self._site_file(project, path)

    def _site_file(self, project: Project, path: str) -> None:
        site = (project.output_dir / "site").resolve()
        target = (site / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(site) or not target.is_file():
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")
            return
        if target.suffix != ".html":
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self._send(HTTPStatus.OK, target.read_bytes(), kind)
            return
        html = self._live_page(project, target.read_text(encoding="utf-8"), target, site)
        self._send(HTTPStatus.OK, html.encode("utf-8"), "text/html; charset=utf-8")

    def _live_page(self, project: Project, html: str, target: Path, site: Path) -> str:
        state = self.server.state
        labels = load_labels(project.layouts, project.config.locale)
        version, problems = state.version, state.problems
        if problems:
            lang = project.config.locale.replace("_", "-")
            return problems_page(problems, project.layouts, labels, version, lang)
        preview = None
        if target.parent != site:  # a career's page: its handout beside it
            slug = target.parent.name
            preview = _preview(project, slug, _title(html), version)
        return with_live_preview(html, project.layouts, labels, version, preview)

    def _page_image(self, project: Project, slug: str, number: int) -> None:
        images = page_images(_handout(project, slug), project.cache_dir / "pages")
        if not 1 <= number <= len(images):
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")
            return
        self._send(HTTPStatus.OK, images[number - 1].read_bytes(), "image/png")

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        state, seen = self.server.state, None
        try:
            self.wfile.write(b"retry: 500\n\n")
            while not state.stopping:
                version = state.wait(seen, KEEPALIVE_S)
                if version != seen:
                    data = json.dumps({"html": version.html, "pdf": version.pdf})
                    self.wfile.write(f"data: {data}\n\n".encode())
                    seen = version
                else:
                    self.wfile.write(b": waiting\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _handout(project: Project, slug: str) -> Path:
    paper = project.config.paper
    return project.output_dir / handout_name(slug, paper, paper)


def _preview(project: Project, slug: str, title: str, version: Version) -> Preview:
    images = page_images(_handout(project, slug), project.cache_dir / "pages")
    pages = [f"/_live/pages/{slug}/{n}.png" for n in range(1, len(images) + 1)]
    return Preview(title, pages, pending=version.pdf == 0)


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    return unescape(found.group(1).strip()) if found else ""
