"""Stage 4 (template), part 2: typed views → HTML, through Jinja2 templates in `layouts/`.

Autoescape is on and undefined variables are errors, so content can never become markup and
a missing value never prints as a blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from publisher import __version__
from publisher.errors import BuildError
from publisher.project.labels import Labels
from publisher.project.settings import Project

PAGE_SIZES = {"letter": "letter", "a4": "A4"}
STYLESHEETS = ("base.css", "spread.css")


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
    version: str = __version__
    extra: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=8)
def environment(layouts_dir: Path, cache_dir: Path | None = None) -> jinja2.Environment:
    """The template environment for a layouts folder (one per process; templates reload
    when their files change). With `cache_dir`, compiled templates are kept there, checked
    against their source, so a worker process loads them instead of compiling them again."""
    cache = None
    if cache_dir is not None:
        (cache_dir / "templates").mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(cache_dir / "templates"))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(layouts_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        bytecode_cache=cache,
    )


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
) -> DocInfo:
    css_dir = project.layouts_dir / "css"
    return DocInfo(
        lang=project.config.locale.replace("_", "-"),
        title=title,
        author=project.config.branding.organisation or labels["author_default"],
        subject=subject,
        keywords=", ".join(keywords),
        paper=paper,
        page_size=PAGE_SIZES[paper],
        stylesheets=[css_dir / name for name in (*STYLESHEETS, *stylesheets)],
        branding_line=branding_line(project),
        logo_url=project.logo_path.as_uri() if project.logo_path else None,
    )


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"layouts/{exc.filename or name}:{exc.lineno}: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise BuildError(f"layouts/{name}: {exc.message}") from None
