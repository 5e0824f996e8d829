"""Stage 4 (template), part 2: typed views → HTML, through Jinja2 templates in `layouts/`.

Autoescape is on and undefined variables are errors, so content can never become markup and
a missing value never prints as a blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from publisher import __version__
from publisher.errors import BuildError
from publisher.project.labels import Labels
from publisher.project.layouts import Layouts
from publisher.project.settings import Project

PAGE_SIZES = {"letter": "letter", "a4": "A4"}
STYLESHEETS = ("base.css", "spread.css")
PAPER_STYLESHEETS = {"a4": ("paper-a4.css",)}  # last: they adjust the others to the paper


@dataclass(frozen=True)
class DocInfo:
    """Document-level facts every template gets as `doc`."""

    lang: str
    title: str
    author: str
    subject: str
    keywords: str
    paper: str
    page_size: str
    stylesheets: list[Path]
    branding_line: str
    logo_url: str | None
    logo_alt: str
    contact: str = ""
    version: str = __version__
    extra: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=8)
def environment(layouts: Layouts, cache_dir: Path | None = None) -> jinja2.Environment:
    """The template environment for a project's layouts (one per process; templates reload
    when their files change). With `cache_dir`, compiled templates are kept there, checked
    against their source, so a worker process loads them instead of compiling them again."""
    cache = None
    if cache_dir is not None:
        (cache_dir / "templates").mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(cache_dir / "templates"))
    return jinja2.Environment(
        finalize=keep_together,
        loader=jinja2.FileSystemLoader(layouts.folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        bytecode_cache=cache,
    )


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
RANGE_DASH = re.compile(r"(?<=[\d%KMB+])([–-])(?=[$\d−+])")  # 2024–34, $34K–$105K, 27-4014
MONTH_YEAR = re.compile(rf"\b({MONTHS}) (?=\d{{4}}\b)")  # May 2024
WORD_JOINER = "\u2060"  # no line break here; prints nothing


def keep_together(value: Any) -> Any:
    """What a printed value must never be broken inside: a range, a code, a month and its
    year. Applied to every value a template prints (not to URLs: they go to the fetcher)."""
    if not isinstance(value, str) or isinstance(value, Markup) or SCHEME.match(value):
        return value
    value = RANGE_DASH.sub(rf"{WORD_JOINER}\1{WORD_JOINER}", value)
    return MONTH_YEAR.sub("\\1\u00a0", value)


SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def branding_line(project: Project) -> str:
    brand = project.config.branding
    event = " ".join(part for part in (brand.event, brand.event_date) if part)
    return " · ".join(part for part in (brand.organisation, event, brand.contact) if part)


def doc_info(
    project: Project,
    labels: Labels,
    *,
    title: str,
    subject: str,
    keywords: list[str],
    paper: str,
    stylesheets: tuple[str, ...],
    layouts: Layouts | None = None,
    variant: tuple[str, ...] = (),
) -> DocInfo:
    """What every template gets as `doc`. `layouts` are a layout variant's (the project's when
    None) and `variant` its stylesheets, which come last: they adjust all the others."""
    layouts = layouts or project.layouts
    return DocInfo(
        lang=project.config.locale.replace("_", "-"),
        title=title,
        author=project.config.branding.organisation or labels["author_default"],
        subject=subject,
        keywords=", ".join(keywords),
        paper=paper,
        page_size=PAGE_SIZES[paper],
        stylesheets=[
            layouts.require(f"css/{name}")
            for name in (*STYLESHEETS, *stylesheets, *PAPER_STYLESHEETS.get(paper, ()), *variant)
        ],
        branding_line=branding_line(project),
        logo_url=project.logo_path.as_uri() if project.logo_path else None,
        logo_alt=project.config.branding.logo_alt or "",
        contact=project.config.branding.contact or "",
    )


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"layouts/{exc.filename or name}:{exc.lineno}: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise BuildError(f"layouts/{name}: {exc.message}") from None
