"""Stage 5 (render): the only door through which WeasyPrint may read anything.

Content is data. The fetcher serves files under the project's layouts, assets, generated
charts and the installed font packages, and refuses everything else — http(s), `file://`
outside those folders, `data:` URLs — recording each refusal so the build can name it.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

MIME_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff2": "font/woff2",
}


class RefusedURLError(Exception):
    """A URL the document asked for that is not one of the project's own files."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"refused to fetch {url!r}: {reason}")
        self.url = url
        self.reason = reason


def make_fetcher(roots: Iterable[Path], layers: Iterable[Path] = ()) -> Any:
    """A WeasyPrint URL fetcher limited to files under `roots`. A file missing from one of
    the layout `layers` (a project's own layouts/) is taken from the next (the package's).

    Imports WeasyPrint lazily; the returned object is a `weasyprint.urls.URLFetcher`.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = tuple(root.resolve() for root in roots)
    layered = tuple(layer.resolve() for layer in layers)

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        refused: list[RefusedURLError]

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
            self.refused = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            try:
                path = resolve_allowed(url, allowed, layered)
            except RefusedURLError as refusal:
                self.refused.append(refusal)
                raise
            mime = MIME_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
            return URLFetcherResponse(
                path.as_uri(),
                path.read_bytes(),
                {"Content-Type": mime or "application/octet-stream"},
            )

    return ProjectFetcher()


def resolve_allowed(url: str, allowed: tuple[Path, ...], layers: tuple[Path, ...] = ()) -> Path:
    """The local file `url` names, if it lies under one of `allowed` (or, missing from one of
    the `layers`, the same file in the next); else `RefusedURLError`."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise RefusedURLError(
            url, f"{parts.scheme or 'relative'} URLs are not allowed; only project files"
        )
    if parts.netloc not in ("", "localhost"):
        raise RefusedURLError(url, "remote file URLs are not allowed")
    try:
        path = Path(unquote(parts.path)).resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte
        raise RefusedURLError(url, "not a readable file") from None
    if not any(path.is_relative_to(root) for root in allowed):
        raise RefusedURLError(url, "outside the project's layouts, assets and charts")
    if not path.is_file():
        path = _from_next_layer(path, layers) or path
    if not path.is_file():
        raise RefusedURLError(url, "no such file")
    return path


def _from_next_layer(path: Path, layers: tuple[Path, ...]) -> Path | None:
    for index, layer in enumerate(layers):
        if path.is_relative_to(layer):
            relative = path.relative_to(layer)
            return next(
                (o / relative for o in layers[index + 1 :] if (o / relative).is_file()), None
            )
    return None
