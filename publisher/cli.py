"""The `publisher` command: parse options, call one function of the package, map errors.

Library code never prints or exits; this module does both. Heavy imports (WeasyPrint,
matplotlib) stay inside the functions that need them so `--help` and `check` start instantly.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from publisher import __version__
from publisher.errors import PublisherError
from publisher.library import Library, load_library
from publisher.project import Project, load_project

app = typer.Typer(
    help="Turn career guides written in YAML into print-ready PDF handouts and booklets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ProjectOption = Annotated[
    Path, typer.Option("--project", "-C", help="Project folder (holds guides/ and layouts/).")
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]


def today() -> date:
    """The clock. PUBLISHER_TODAY=YYYY-MM-DD pins it (tests, reproducible reports)."""
    pinned = os.environ.get("PUBLISHER_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"publisher {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """career-publisher."""


def _project(root: Path) -> Project:
    try:
        return load_project(root)
    except PublisherError as exc:
        typer.echo(exc.format(), err=True)
        raise typer.Exit(1) from None


def _report(library: Library, strict: bool) -> int:
    """Print every problem; return the number of guides that fail."""
    failed = 0
    for entry in library.entries:
        for problem in entry.problems:
            typer.echo(problem.as_error().format() if strict else problem.format())
        failed += not entry.ok(strict)
    return failed


@app.command()
def check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Guide files or folders (default: guides/).")
    ] = None,
    project_dir: ProjectOption = Path("."),
    strict: StrictOption = False,
) -> None:
    """Validate guides and report every problem with file:line:col."""
    project = _project(project_dir)
    library = load_library(project, today(), paths or None)
    if not library.entries:
        typer.echo("no guides found", err=True)
        raise typer.Exit(1)
    failed = _report(library, strict)
    total = len(library.entries)
    warnings = sum(len(e.warnings) for e in library.entries)
    summary = f"{total - failed} of {total} guides ok"
    if warnings:
        summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
    typer.echo(summary, err=True)
    raise typer.Exit(1 if failed else 0)


@app.command("list")
def list_guides(project_dir: ProjectOption = Path(".")) -> None:
    """Show a table of the guides: slug, title, cluster, data as of, problems."""
    from publisher.listing import format_table

    project = _project(project_dir)
    library = load_library(project, today())
    typer.echo(format_table(library))


@app.command()
def new(
    title: Annotated[str, typer.Argument(help="Career title, e.g. 'Sound Designer'.")],
    project_dir: ProjectOption = Path("."),
) -> None:
    """Start a new guide from a skeleton with TODO markers (never overwrites)."""
    from publisher.scaffold import new_guide

    project = _project(project_dir)
    try:
        path = new_guide(project.guides_dir, title, today().strftime("%Y-%m"))
    except PublisherError as exc:
        typer.echo(f"error: {exc.format()}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {project.display(path)}; fill in the TODOs, then run `publisher check`")


@app.command()
def schema(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print (or write) the guide JSON Schema that editors use for autocompletion."""
    from publisher.schema import guide_schema_text

    text = guide_schema_text()
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")


def main() -> None:
    app()
