"""Stage 5 (render): HTML → laid-out pages, with WeasyPrint held to the project's files.

WeasyPrint only logs most failures (bad CSS, failed fetches). Here every log record at WARNING
or above during a render is collected, and errors fail the build with a message that says what
went wrong, instead of a page that silently lacks a chart or a font.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from publisher.errors import BuildError
from publisher.layout import useragent
from publisher.layout.fetcher import RefusedURLError, make_fetcher
from publisher.project.fonts import faces, font_files
from publisher.project.layouts import Layouts

PDF_VARIANT = "pdf/ua-1"


@dataclass
class Rendered:
    """A laid-out WeasyPrint document and the warnings its rendering logged."""

    document: Any
    warnings: list[str]
    what: str

    @property
    def pages(self) -> list[Any]:
        return list(self.document.pages)

    def pdf_bytes(self, identifier_seed: bytes | None, tagged: bool = True) -> bytes:
        """The PDF; with a file identifier derived from `identifier_seed`, or none when the
        caller gives it one (`publisher.documents.tags.tidy_pdf` saves again with a /ID
        computed from the bytes it writes: the engine's would be thrown away, and computing it
        costs a sixth of a write, every stream compressed a second time)."""
        with _collect_weasyprint_logs() as collector:
            data = write_pdf(self.document, identifier_seed, tagged)
        errors = [r.getMessage() for r in collector.records if r.levelno >= logging.ERROR]
        if errors:
            raise BuildError(f"{self.what}: the PDF engine reported: " + "; ".join(errors))
        return data


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _collect_weasyprint_logs() -> Iterator[_Collector]:
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate = previous


def allowed_roots(layouts: Layouts, assets: Path, cache: Path) -> list[Path]:
    """The folders a document may read from: layouts, assets, generated files and fonts."""
    fonts = sorted({path.parent for path in font_files()})
    return [*layouts.folders, assets, cache, *fonts]


def render_html(
    html: str,
    base: Path,
    roots: Sequence[Path],
    what: str,
    *,
    tagged: bool = True,
    stylesheets: Sequence[Path] = (),
    layers: Sequence[Path] = (),
) -> Rendered:
    """Lay out `html` (relative URLs resolve against `base`, and a file missing from one of
    the layout `layers` comes from the next); `what` names it in errors.

    `tagged` makes a tagged PDF/UA document (every output is: a booklet's parts too, whose
    trees `publisher.documents.tags` grafts into one).
    """
    from weasyprint.urls import FatalURLFetchingError

    fetcher = make_fetcher(roots, layers)
    stamped = [(path, _stamp(path)) for path in stylesheets]
    # (the lean user-agent stylesheet where the document allows it: `useragent`)
    lean = useragent.lean(html) and all(_lean_css(*sheet) for sheet in stamped)
    with _collect_weasyprint_logs() as collector:
        try:
            html_class = useragent.html_class(lean)
            source = html_class(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher)
            sheets = [_fonts_css(), *(_css(*sheet) for sheet in stamped)]
            document = source.render(
                stylesheets=sheets, font_config=_font_config(), **_variant(tagged)
            )
        except FatalURLFetchingError as exc:
            raise BuildError(_refusal_message(what, fetcher.refused, exc)) from None
    if fetcher.refused:
        raise BuildError(_refusal_message(what, fetcher.refused, None))
    errors = [r.getMessage() for r in collector.records if r.levelno >= logging.ERROR]
    if errors:
        raise BuildError(f"{what}: the PDF engine reported: " + "; ".join(errors))
    warnings = [r.getMessage() for r in collector.records if r.levelno < logging.ERROR]
    return Rendered(document, warnings, what)


WARM_UP_HTML = (
    '<html lang="en"><p id="x">Warm <b>up</b> <i>the</i> <strong>fonts</strong> '
    '<span class="fineprint">1</span> <em>and</em> <a href="#x">links</a>.</p></html>'
)


def prepare_renderer(stylesheets: Sequence[Path]) -> None:
    """Everything a process's first layout would otherwise do first: import the layout engine
    and the PDF library, parse the fonts and `stylesheets`, and lay a line out in each face,
    so the font files, shapers and subsetter are loaded."""
    import pikepdf  # noqa: F401 -- merging and stamping use it

    base = (stylesheets[0].parent if stylesheets else Path.cwd()).resolve()
    rendered = render_html(WARM_UP_HTML, base, [base], "warm-up", stylesheets=stylesheets)
    rendered.pdf_bytes(b"warm-up")


def release_engine() -> None:
    """Let go of this process's font configuration and parsed stylesheets (the layout engine
    then removes the font files it wrote); the next layout sets them up afresh."""
    held = _font_config.cache_info().currsize  # (nothing laid out: nothing to collect)
    _css.cache_clear()
    _lean_css.cache_clear()
    _fonts_css.cache_clear()
    _font_config.cache_clear()
    if held:
        gc.collect()


@cache
def _font_config() -> Any:
    """One font configuration per process: the faces are registered once, not per page."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _fonts_css() -> Any:
    """@font-face rules for the installed font packages, parsed once per process."""
    from weasyprint import CSS

    rules = [
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'font-style: {face.style}; src: url("{face.path.as_uri()}"); }}'
        for face in faces()
    ]
    fetcher = make_fetcher(sorted({face.path.parent for face in faces()}))
    return CSS(string="\n".join(rules), url_fetcher=fetcher, font_config=_font_config())


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _css(path: Path, stamp: tuple[int, int]) -> Any:
    """A stylesheet parsed once per process (and again if the file changes)."""
    from weasyprint import CSS

    fetcher = make_fetcher([path.parent.parent, path.parent])
    return CSS(filename=str(path), url_fetcher=fetcher, font_config=_font_config())


@lru_cache(maxsize=64)
def _lean_css(path: Path, stamp: tuple[int, int]) -> bool:
    """Whether a stylesheet allows the lean user-agent stylesheet (`useragent.lean`)."""
    return useragent.lean(path.read_text(encoding="utf-8", errors="replace"))


def _refusal_message(what: str, refused: list[RefusedURLError], exc: BaseException | None) -> str:
    if refused:
        return f"{what}: " + "; ".join(str(r) for r in refused)
    return f"{what}: could not load a resource ({exc})"


def _variant(tagged: bool) -> dict[str, Any]:
    return {"pdf_variant": PDF_VARIANT, "pdf_tags": True} if tagged else {}


def write_pdf(document: Any, identifier_seed: bytes | None, tagged: bool = True) -> bytes:
    """PDF bytes with a content-derived file identifier (none without a seed): the same
    input, the same bytes."""
    identifier: bytes | bool = (
        hashlib.sha256(identifier_seed).hexdigest()[:32].encode() if identifier_seed else False
    )
    data: bytes = document.write_pdf(pdf_identifier=identifier, **_variant(tagged))
    return data
