"""The `publisher` command: parse options, call one function of the package, map errors.

Library code never prints or exits; this module does both. Heavy imports (WeasyPrint,
matplotlib) stay inside the functions that need them so `--help` and `check` start instantly.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from publisher import __version__
from publisher.documents.press import PrintOptions
from publisher.errors import PublisherError
from publisher.guides.library import Library, load_library
from publisher.project.settings import Paper, Project, load_project

if TYPE_CHECKING:
    from publisher.builder.session import BuildOptions, BuildReport
    from publisher.project.settings import BookletRecipe


class _App(typer.Typer):
    """Typer, with every command's `PublisherError` reported in one place (`reported`)."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Command], Command]:
        register = super().command(*args, **kwargs)
        return lambda function: register(reported(function))


Command = TypeVar("Command", bound=Callable[..., None])


def reported(function: Command) -> Command:
    """Run a command; a `PublisherError` becomes its message on stderr and its exit code
    (1: a content or build problem), never a traceback; Ctrl-C says so and exits 130."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            function(*args, **kwargs)
        except PublisherError as exc:
            typer.echo(f"error: {exc.format()}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("\ninterrupted: stopped; every file written is whole", err=True)
            raise typer.Exit(130) from None

    return cast(Command, run)


app = _App(
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
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        typer.echo(f"error: PUBLISHER_TODAY={pinned!r} is not a date (use YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None


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
    project = load_project(project_dir)
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
    if total > failed:  # a green check is not a promise that the pages fit
        typer.echo(LAYOUT_NOT_CHECKED, err=True)
    raise typer.Exit(1 if failed else 0)


LAYOUT_NOT_CHECKED = "layout not checked: `publisher build` holds each career to its two pages"


@app.command("list")
def list_guides(project_dir: ProjectOption = Path(".")) -> None:
    """Show a table of the guides: slug, title, cluster, data as of, problems."""
    from publisher.guides.listing import format_table

    project = load_project(project_dir)
    library = load_library(project, today())
    typer.echo(format_table(library))


@app.command()
def new(
    title: Annotated[str, typer.Argument(help="Career title, e.g. 'Sound Designer'.")],
    project_dir: ProjectOption = Path("."),
) -> None:
    """Start a new guide from a skeleton with TODO markers (never overwrites)."""
    from publisher.guides.scaffold import new_guide

    project = load_project(project_dir)
    path = new_guide(project.guides_dir, title, today().strftime("%Y-%m"))
    typer.echo(f"wrote {project.display(path)}; fill in the TODOs, then run `publisher check`")


data_app = _App(
    help="The agency's own data: import its published files, refresh guides from them.",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")


@data_app.command("import")
def import_data(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Files as BLS publishes them: the OEWS national file (national_M2024_dl.xlsx "
            "or .csv) and the Employment Projections occupation table (occupation.xlsx)."
        ),
    ],
    project_dir: ProjectOption = Path("."),
) -> None:
    """Import published data files into data/ and say what changed against the last import."""
    from publisher.data.dataset import load_datasets
    from publisher.data.imports import import_files

    project = load_project(project_dir)
    existing = load_datasets(project.data_dir, project.display)
    for report in import_files(files, project.data_dir, existing):
        dataset = report.dataset
        typer.echo(
            f"{dataset.file}: {dataset.citation('').rstrip(', ')}, "
            f"{len(dataset.records)} occupations → {project.display(report.path)}"
        )
        if report.against is None:
            typer.echo("  first import of this series")
            continue
        if not (report.changes or report.added or report.removed):
            typer.echo(f"  no changes against {report.against}")
        for change in report.changes:
            typer.echo(
                f"  {change.code} {change.figure}: {_figure(change.old)} → {_figure(change.new)}"
                f" (against {report.against})"
            )
        if report.added:
            typer.echo(f"  new in this file: {', '.join(report.added)}")
        if report.removed:
            typer.echo(f"  in {report.against} but not in this file: {', '.join(report.removed)}")


def _figure(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return f"{int(value):,}" if isinstance(value, int | float) else str(value)


@data_app.command("refresh")
def refresh_data(
    write: Annotated[
        bool, typer.Option("--write", help="Change the guides' files (default: only show).")
    ] = False,
    project_dir: ProjectOption = Path("."),
) -> None:
    """Show each guide figure the newest imported data would change (old → new, vintage);
    with --write, change them in place, keeping comments, order and layout."""
    from publisher.data.dataset import load_datasets
    from publisher.guides.library import guide_files
    from publisher.guides.refresh import describe, plan_refresh, write_refresh

    project = load_project(project_dir)
    datasets = load_datasets(project.data_dir, project.display)
    files = guide_files([project.guides_dir]) if project.guides_dir.is_dir() else []
    refreshes = [plan_refresh(path, project.display(path), datasets) for path in files]
    changes = 0
    for refresh in refreshes:
        for line in describe(refresh):
            typer.echo(line)
        for line in refresh.kept:
            typer.echo(f"{line} (left as it is)")
        changes += len(refresh.changes)
        if write:
            write_refresh(refresh)
    done = "changed" if write else "would change"
    typer.echo(f"{changes} figure{'s' if changes != 1 else ''} {done}", err=True)


@app.command()
def schema(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print (or write) the guide JSON Schema that editors use for autocompletion."""
    from publisher.guides.schema import guide_schema_text

    text = guide_schema_text()
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PublisherError(f"cannot write {out}: {exc.strerror or exc}") from None


PaperOption = Annotated[
    str | None,
    typer.Option(
        "--paper", help="Paper size: letter or a4 (default: publisher.yaml, else letter)."
    ),
]


def _paper(value: str | None) -> Paper | None:
    if value is None:
        return None
    if value.lower() not in ("letter", "a4"):
        raise typer.BadParameter("use letter or a4", param_hint="--paper")
    return "letter" if value.lower() == "letter" else "a4"


def _finish(report: BuildReport, project: Project) -> None:
    """Print the summary a person needs: what was built, what failed and why, where."""
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    for outcome in report.built:
        if outcome.note:
            typer.echo(f"{outcome.name}: {outcome.note}", err=True)
    for outcome in report.failed:
        typer.echo(
            f"FAILED {outcome.name}\n  " + (outcome.error or "").replace("\n", "\n  "), err=True
        )
    where = project.display(project.output_dir)
    reused = f" ({report.reused} unchanged or from the cache)" if report.reused else ""
    typer.echo(
        f"built {len(report.built)}{reused}, failed {len(report.failed)}; output in {where}/",
        err=True,
    )
    raise typer.Exit(0 if report.ok else 1)


def _progress() -> Callable[[str, int], None]:
    """A progress bar on a terminal, redrawn as outputs are written; silent in CI and pipes."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return lambda _name, _total: None
    done = 0

    def show(name: str, total: int) -> None:
        nonlocal done
        done += 1
        filled = round(24 * done / total) if total else 0
        bar = "#" * filled + "-" * (24 - filled)
        sys.stderr.write(f"\r\033[K  [{bar}] {done}/{total}  {name}")
        sys.stderr.flush()

    return show


JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", help="Worker processes (default: one per CPU core).", min=1),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Lay everything out again; keep nothing in .cache/.")
]


def _options(
    paper: str | None,
    strict: bool,
    jobs: int | None,
    no_cache: bool,
    press: PrintOptions | None = None,
) -> BuildOptions:
    from publisher.builder.session import BuildOptions
    from publisher.builder.workers import default_jobs

    return BuildOptions(
        paper=_paper(paper),
        strict=strict,
        jobs=jobs or default_jobs(),
        cache=not no_cache,
        press=press or PrintOptions(),
    )


@app.command()
def handout(
    slugs: Annotated[list[str], typer.Argument(help="Guide slugs, e.g. music-producer.")],
    project_dir: ProjectOption = Path("."),
    paper: PaperOption = None,
    strict: StrictOption = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Build two-page handouts for the named guides into output/handouts/."""
    project = load_project(project_dir)
    _build(project, _options(paper, strict, jobs, no_cache), slugs=slugs, booklets=[])


@app.command()
def build(
    project_dir: ProjectOption = Path("."),
    paper: PaperOption = None,
    strict: StrictOption = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Build every handout and every booklet of the project into output/."""
    project = load_project(project_dir)
    _build(project, _options(paper, strict, jobs, no_cache))


@app.command()
def booklet(
    name: Annotated[
        str | None, typer.Argument(help="A recipe in publisher.yaml, or a name for a new one.")
    ] = None,
    cluster: Annotated[
        list[str] | None, typer.Option("--cluster", help="Only careers in this cluster.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only careers with this tag.")
    ] = None,
    only: Annotated[
        str | None, typer.Option("--only", help="Exactly these careers: slugs, comma-separated.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Cover title.")] = None,
    order: Annotated[str | None, typer.Option("--order", help="listed, title or cluster.")] = None,
    bleed: Annotated[
        str | None, typer.Option("--bleed", help="Bleed for a print shop, e.g. 3mm.")
    ] = None,
    marks: Annotated[bool, typer.Option("--marks", help="Crop marks (with --bleed).")] = False,
    office: Annotated[
        bool,
        typer.Option(
            "--office",
            help="For an office printer: NAME-office.pdf 2-up on Letter/A4 when its smallest "
            "text stays at 7 pt or more; otherwise the build says to print the booklet 1-up.",
        ),
    ] = False,
    project_dir: ProjectOption = Path("."),
    paper: PaperOption = None,
    strict: StrictOption = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Build one booklet (and its imposed print sheets) into output/booklets/."""
    from publisher.project.recipes import adhoc_recipe

    project = load_project(project_dir)
    if bleed is not None and not re.fullmatch(r"\d+(\.\d+)?(mm|in|pt)", bleed):
        raise typer.BadParameter("give a length such as 3mm or 0.125in", param_hint="--bleed")
    recipe = adhoc_recipe(
        project,
        name,
        clusters=cluster or [],
        tags=tag or [],
        only=[s.strip() for s in only.split(",") if s.strip()] if only else None,
        title=title,
        order=order,
    )
    press = PrintOptions(bleed=bleed, marks=marks, office=office)
    _build(project, _options(paper, strict, jobs, no_cache, press), slugs=[], booklets=[recipe])


@app.command()
def charts(
    slug: Annotated[str, typer.Argument(help="Guide slug, e.g. music-producer.")],
    fmt: Annotated[str, typer.Option("--format", help="svg or png.")] = "svg",
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write to (default output/charts/SLUG).")
    ] = None,
    project_dir: ProjectOption = Path("."),
) -> None:
    """Write a guide's charts (time split, pay ranges, typical day) for the web or a slide."""
    from publisher.charts.figures import export_guide_charts

    if fmt not in ("svg", "png"):
        raise typer.BadParameter("use svg or png", param_hint="--format")
    project = load_project(project_dir)
    library = load_library(project, today(), [project.guides_dir / f"{slug}.yaml"])
    entry = library.entries[0]
    if entry.guide is None or entry.errors:
        for problem in entry.problems:
            typer.echo(problem.format(), err=True)
        raise typer.Exit(1)
    target = out or project.output_dir / "charts" / slug
    paths = export_guide_charts(project, entry.guide, slug, target, fmt)
    for path in paths:
        typer.echo(project.display(path))


@app.command()
def previews(
    slug: Annotated[str, typer.Option("--slug", help="The career to show.")] = "music-producer",
    booklet_name: Annotated[
        str, typer.Option("--booklet", help="The booklet to show its spread from.")
    ] = "career-fair",
    out: Annotated[Path, typer.Option("--out", help="Folder for the PNG files.")] = Path(
        "docs/images"
    ),
    project_dir: ProjectOption = Path("."),
) -> None:
    """Write the README's pictures (a handout's two pages, a booklet spread) from output/."""
    from publisher.documents.previews import write_previews

    project = load_project(project_dir)
    library = load_library(project, today(), [project.guides_dir / f"{slug}.yaml"])
    guide = library.entries[0].guide
    title = guide.title if guide else slug
    paths = write_previews(project.output_dir, project.root / out, slug, title, booklet_name)
    for path in paths:
        typer.echo(f"{project.display(path)} ({path.stat().st_size // 1024} KB)")


def _build(
    project: Project,
    options: BuildOptions,
    slugs: list[str] | None = None,
    booklets: list[BookletRecipe] | None = None,
) -> None:
    """Run a build, print its summary and exit with its status."""
    from publisher.builder.session import build as run_build

    report = run_build(
        project,
        today(),
        options=options,
        slugs=slugs,
        booklets=booklets,
        progress=_progress(),
    )
    _finish(report, project)


def main() -> None:
    """The `publisher` command."""
    app()
