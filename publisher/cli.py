"""The `publisher` command: parse options, call one function of the package, map errors.

Library code never prints or exits; this module does both. Heavy imports (WeasyPrint,
matplotlib) stay inside the functions that need them so `--help` and `check` start instantly.
"""

from __future__ import annotations

import functools
import gc
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, cast

import typer

from publisher import __version__
from publisher.documents.press import PrintOptions
from publisher.errors import PublisherError
from publisher.guides.library import Library, load_library
from publisher.project.root import find_project
from publisher.project.settings import Paper, Project, load_project
from publisher.terminal import INTERRUPTED, BuildDisplay, Verbosity, summary

if TYPE_CHECKING:
    from publisher.builder.last_build import Noting
    from publisher.builder.report import BuildReport
    from publisher.builder.session import BuildOptions
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
            typer.echo(INTERRUPTED, err=True)
            raise typer.Exit(130) from None

    return cast(Command, run)


app = _App(
    help="Turn career guides written in YAML into print-ready PDF handouts and booklets.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # (a docstring's lines join to fit the terminal)
    epilog="Start a project: publisher init my-school. Then, inside it: publisher build.",
)

ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-C",
        help="Run in this folder instead of the current one. The project is the nearest folder, "
        "here or above, with publisher.yaml or guides/.",
    ),
]


def open_project(project_dir: Path | None) -> Project:
    """The project the command runs in (see `find_project`), with its settings read."""
    return load_project(find_project(project_dir or Path.cwd()))


StrictOption = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]
DraftOption = Annotated[
    bool,
    typer.Option(
        "--draft",
        help="Let drafts through (TODO markers, no data_as_of, an unknown cluster): their "
        "pages are marked DRAFT and claim no data date.",
    ),
]


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


QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only problems and the last summary line.")
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Print every file as it is written.")
]
_verbosity = Verbosity()  # set by -q/-v before the command, and the command's own
_command_line: list[list[str]] = []  # the program's arguments, when run as the program


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """career-publisher."""
    _verbosity.quiet, _verbosity.verbose = False, False  # (one process may run several)
    _verbosity.add(quiet, verbose)


def _report(library: Library, strict: bool, draft: bool) -> int:
    """Print every problem; return the number of guides that fail."""
    failed = 0
    for entry in library.entries:
        for problem in entry.problems:
            typer.echo(problem.as_error().format() if strict else problem.format())
        failed += not entry.ok(strict, draft)
    return failed


@app.command(
    epilog="Examples: publisher check · publisher check guides/chef.yaml --strict · "
    "publisher check --draft"
)
def check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Guide files or folders (default: guides/).")
    ] = None,
    project_dir: ProjectOption = None,
    strict: StrictOption = False,
    draft: DraftOption = False,
) -> None:
    """Validate guides and report every problem with file:line:col."""
    project = open_project(project_dir)
    translated = _translations(project, paths or [])
    if translated:  # guides/es/SLUG.yaml: checked against its English guide, in its edition
        english = {project.guides_dir / f"{slug}.yaml" for slug in translated}
        paths = [*(p for p in paths or [] if p not in translated.values()), *sorted(english)]
    library = load_library(project, today(), paths or None)
    if not library.entries:
        typer.echo("no guides found", err=True)
        raise typer.Exit(1)
    failed = _report(library, strict, draft)
    only = set(translated) if paths else None
    editions = 0
    if only is None or only:  # (an edition reads every English guide it prints)
        full = library if only is None else load_library(project, today())
        editions = _check_editions(project, full, strict, only)
    total = len(library.entries)
    warnings = sum(len(e.warnings) for e in library.entries)
    drafts = sum(e.is_draft and e.ok(strict, draft) for e in library.entries)
    summary = f"{total - failed} of {total} guides ok"
    if drafts:
        summary += f" ({drafts} as draft{'s' if drafts != 1 else ''})"
    if warnings:
        summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
    typer.echo(summary, err=True)
    if total > failed:  # a green check is not a promise that the pages fit
        typer.echo(LAYOUT_NOT_CHECKED, err=True)
    raise typer.Exit(1 if failed or editions else 0)


def _translations(project: Project, paths: list[Path]) -> dict[str, Path]:
    """The translation files among `paths` (guides/LANGUAGE/SLUG.yaml of an edition's
    language), by slug."""
    from publisher.project.editions import language

    languages = {language(e.locale) for e in project.config.editions if e.locale}
    found = {}
    for path in paths:
        folder = path.absolute().parent
        if folder.name in languages and folder.parent.resolve() == project.guides_dir.resolve():
            found[path.stem] = path
    return found


def _check_editions(
    project: Project, library: Library, strict: bool, only: set[str] | None = None
) -> int:
    """Print each edition's own problems (settings, labels, translations: those of the
    careers in `only`, if given); return how many of its careers (or the edition as a
    whole) fail."""
    from publisher.guides.edition import load_edition

    failed = 0
    for edition in project.config.editions:
        printed = load_edition(project, edition, library)
        if only is not None:
            printed.translations = {s: f for s, f in printed.translations.items() if s in only}
            printed.library.entries = [e for e in printed.library.entries if e.slug in only]
        for problem in printed.problems:
            typer.echo(problem.as_error().format() if strict else problem.format())
        for found in printed.translations.values():
            for problem in found:
                typer.echo(problem.format())
        broken = sum(bool([p for p in f if p.is_error]) for f in printed.translations.values())
        whole = any(p.is_error or strict for p in printed.problems)
        total = len(printed.library.entries)
        typer.echo(
            f"edition {edition.name}: {total - broken} of {total} careers ok"
            + (", and problems of the edition itself" if whole else ""),
            err=True,
        )
        failed += broken + whole
    return failed


LAYOUT_NOT_CHECKED = "layout not checked: `publisher build` holds each career to its two pages"


@app.command("list", epilog="Examples: publisher list · publisher list -C ~/riverside-careers")
def list_guides(project_dir: ProjectOption = None) -> None:
    """Show a table of the guides: slug, title, cluster, data as of, problems."""
    from publisher.guides.listing import format_table

    project = open_project(project_dir)
    library = load_library(project, today())
    typer.echo(format_table(library))


@app.command(
    epilog='Example: publisher new "Dental Hygienist" (writes guides/dental-hygienist.yaml)'
)
def new(
    title: Annotated[str, typer.Argument(help="Career title, e.g. 'Sound Designer'.")],
    project_dir: ProjectOption = None,
) -> None:
    """Start a new guide from a skeleton with TODO markers (never overwrites)."""
    from publisher.guides.scaffold import new_guide

    project = open_project(project_dir)
    path = new_guide(project.guides_dir, title, today().strftime("%Y-%m"))  # (an example date)
    typer.echo(
        f"wrote {project.display(path)}; fill in the TODOs and its data date, then run "
        f"`publisher check` (to print it as a draft first: publisher handout {path.stem} --draft)"
    )


data_app = _App(
    help="The agency's own data: import its published files, refresh guides from them.",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")


@data_app.command(
    "import", epilog="Example: publisher data import national_M2024_dl.xlsx occupation.xlsx"
)
def import_data(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Files as BLS publishes them: the OEWS national file (national_M2024_dl.xlsx "
            "or .csv) and the Employment Projections occupation table (occupation.xlsx)."
        ),
    ],
    project_dir: ProjectOption = None,
) -> None:
    """Import published data files into data/ and say what changed against the last import."""
    from publisher.data.dataset import load_datasets
    from publisher.data.imports import import_files

    project = open_project(project_dir)
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


@data_app.command(
    "refresh", epilog="Examples: publisher data refresh · publisher data refresh --write"
)
def refresh_data(
    write: Annotated[
        bool, typer.Option("--write", help="Change the guides' files (default: only show).")
    ] = False,
    project_dir: ProjectOption = None,
) -> None:
    """Show each guide figure the newest imported data would change (old → new, vintage);
    with --write, change them in place, keeping comments, order and layout."""
    from publisher.data.dataset import load_datasets
    from publisher.guides.library import guide_files
    from publisher.guides.refresh import describe, plan_refresh, write_refresh

    project = open_project(project_dir)
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


@app.command(
    epilog="Examples: publisher schema --out schema/guide.schema.json · "
    "publisher schema --settings --out schema/publisher.schema.json"
)
def schema(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
    settings: Annotated[
        bool, typer.Option("--settings", help="The schema of publisher.yaml, not of a guide.")
    ] = False,
    translation: Annotated[
        bool,
        typer.Option("--translation", help="The schema of a translation (guides/es/SLUG.yaml)."),
    ] = False,
) -> None:
    """Print (or write) the JSON Schema editors use to complete and check guides (or
    publisher.yaml) as you type."""
    from publisher.guides.models import Guide
    from publisher.guides.schema import schema_text
    from publisher.guides.translation import Translation
    from publisher.project.settings import ProjectConfig

    text = (
        schema_text(ProjectConfig, "publisher.schema.json")
        if settings
        else schema_text(Translation, "translation.schema.json")
        if translation
        else schema_text(Guide, "guide.schema.json")
    )
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PublisherError(f"cannot write {out}: {exc.strerror or exc}") from None


@app.command(
    epilog="Example: publisher init riverside-careers && cd riverside-careers && publisher build"
)
def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the new project (made if missing).")],
) -> None:
    """Start a project: settings with comments, one complete sample guide, assets/, the
    editors' schemas and a .gitignore. It builds at once."""
    from publisher.project.starter import init_project

    written = init_project(folder)
    if not _verbosity.quiet:
        for path in written:
            typer.echo(f"wrote {path}")
    typer.echo(
        f"next: cd {folder} && publisher build   (then add guides with `publisher new`)", err=True
    )


PaperOption = Annotated[
    Paper | None,
    typer.Option("--paper", help="Paper size (default: publisher.yaml's `paper`, else letter)."),
]


def _finish(report: BuildReport, project: Project, open_first: bool = False) -> None:
    """Print the summary a person needs (what failed and why, what was written where), open
    the first file on request, and exit with the build's status."""
    for line in summary(report, project.root, project.output_dir, _verbosity):
        typer.echo(line, err=True)
    written = [o.path for o in report.built if o.path is not None]
    if open_first and written:
        typer.launch(str(written[0]))
    raise typer.Exit(0 if report.ok else 1)


JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", help="Worker processes (default: one per CPU core).", min=1),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Lay everything out again; keep nothing in .cache/.")
]


EditionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--edition",
        help="Only this edition (publisher.yaml's `editions`, or the project's own, named by "
        "its locale, e.g. en-US); repeat for several.",
    ),
]


def _editions(project: Project, names: list[str] | None) -> tuple[str, ...] | None:
    """The editions named on the command line (None: all); an unknown one is a usage error."""
    from publisher.project.names import check_names

    if not names:
        return None
    check_names("edition", names, [e.name for e in project.editions], "--edition")
    return tuple(names)


def _options(
    paper: Paper | None,
    strict: bool,
    jobs: int | None,
    no_cache: bool,
    press: PrintOptions | None = None,
    *,
    draft: bool = False,
    site: bool = False,
    editions: tuple[str, ...] | None = None,
) -> BuildOptions:
    from publisher.builder.session import BuildOptions
    from publisher.builder.workers import default_jobs

    return BuildOptions(
        paper=paper,
        strict=strict,
        draft=draft,
        jobs=jobs or default_jobs(),
        cache=not no_cache,
        press=press or PrintOptions(),
        site=site,
        editions=editions,
    )


OpenOption = Annotated[
    bool, typer.Option("--open", help="Open the first file written in the default viewer.")
]


def _slugs(project: Project, names: list[str]) -> list[str]:
    """Slugs from the command line: `music-producer` or a path such as guides/chef.yaml;
    an unknown one is a usage error that lists the nearest."""
    from publisher.project.names import check_names

    slugs = [Path(name).stem if name.endswith((".yaml", ".yml")) else name for name in names]
    known = [path.stem for path in project.guides_dir.glob("*.yaml")]
    check_names("guide", slugs, known, "in guides/")
    return slugs


@app.command(
    epilog="Examples: publisher handout music-producer chef · "
    "publisher handout guides/chef.yaml --paper a4 --open"
)
def handout(
    slugs: Annotated[
        list[str], typer.Argument(help="Guide slugs (music-producer) or files (guides/chef.yaml).")
    ],
    project_dir: ProjectOption = None,
    paper: PaperOption = None,
    strict: StrictOption = False,
    draft: DraftOption = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    open_first: OpenOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    edition: EditionOption = None,
) -> None:
    """Build two-page handouts for the named guides into output/handouts/."""
    _say_also(quiet, verbose)
    project = open_project(project_dir)
    chosen = _slugs(project, slugs)
    editions = _editions(project, edition) or (project.base.name,)
    options = _options(paper, strict, jobs, no_cache, draft=draft, editions=editions)
    _build(project, options, slugs=chosen, booklets=[], open_first=open_first)


@app.command(
    epilog="Examples: publisher card music-producer · "
    "publisher card chef musician --paper a4 --up 2"
)
def card(
    slugs: Annotated[
        list[str], typer.Argument(help="Guide slugs (music-producer) or files (guides/chef.yaml).")
    ],
    project_dir: ProjectOption = None,
    paper: PaperOption = None,
    up: Annotated[
        Literal["4", "2"],
        typer.Option("--up", help="Cards a cut sheet holds: 4, or 2 larger on a landscape sheet."),
    ] = "4",
    strict: StrictOption = False,
    draft: DraftOption = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    open_first: OpenOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Build one-page table cards for the named guides into output/cards/: SLUG.pdf (a quarter
    of the paper) and SLUG-sheet.pdf (four copies on one sheet, with crop marks to cut; with
    --up 2, SLUG-sheet-2up.pdf: two larger ones on a landscape sheet)."""
    from dataclasses import replace

    _say_also(quiet, verbose)
    project = open_project(project_dir)
    chosen = _slugs(project, slugs)
    own = (project.base.name,)  # (table cards are the project's own edition's)
    options = replace(
        _options(paper, strict, jobs, no_cache, draft=draft, editions=own), card_up=int(up)
    )
    _build(project, options, slugs=[], booklets=[], cards=chosen, open_first=open_first)


@app.command(
    epilog="Examples: publisher compare music-producer sound-designer · "
    "publisher compare chef electrician registered-nurse --paper a4"
)
def compare(
    slugs: Annotated[
        list[str], typer.Argument(help="Two to four guide slugs, or files (guides/chef.yaml).")
    ],
    project_dir: ProjectOption = None,
    paper: PaperOption = None,
    strict: StrictOption = False,
    draft: DraftOption = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    open_first: OpenOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Build a comparison sheet of two to four careers side by side (landscape, one or two
    pages) into output/compare/A-vs-B.pdf."""
    from publisher.errors import UsageError
    from publisher.layout.compare import MAX_CAREERS, MIN_CAREERS

    _say_also(quiet, verbose)
    if not MIN_CAREERS <= len(slugs) <= MAX_CAREERS or len(set(slugs)) != len(slugs):
        raise UsageError(
            f"compare takes {MIN_CAREERS} to {MAX_CAREERS} different careers (got "
            f"{len(slugs)}: {' '.join(slugs)}); name them, e.g. `publisher compare "
            "music-producer sound-designer`"
        )
    project = open_project(project_dir)
    chosen = _slugs(project, slugs)
    own = (project.base.name,)  # (comparison sheets are the project's own edition's)
    options = _options(paper, strict, jobs, no_cache, draft=draft, editions=own)
    _build(
        project,
        options,
        slugs=[],
        booklets=[],
        cards=[],
        comparisons=[chosen],
        open_first=open_first,
    )


@app.command(
    epilog="Examples: publisher build · publisher build --paper a4 · publisher build -q -j 2"
)
def build(
    project_dir: ProjectOption = None,
    paper: PaperOption = None,
    strict: StrictOption = False,
    draft: DraftOption = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    open_first: OpenOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    edition: EditionOption = None,
) -> None:
    """Build every handout and every booklet of the project, its web edition, and the table
    cards publisher.yaml asks for (`cards:`), into output/ (other editions into
    output/EDITION/)."""
    _say_also(quiet, verbose)
    root = find_project(project_dir or Path.cwd())
    noting = _noting(root) if not (no_cache or open_first) else None  # (before it reads)
    project = load_project(root)
    editions = _editions(project, edition)
    options = _options(paper, strict, jobs, no_cache, draft=draft, site=True, editions=editions)
    _build(project, options, open_first=open_first, noting=noting)


def _noting(root: Path) -> Noting | None:
    """Notes of this whole build for the next one (`publisher.builder.last_build`), when the
    command runs as the program (`publisher.command`), whose command line they repeat."""
    if not _command_line:
        return None
    from publisher.builder.last_build import Noting, installed
    from publisher.project.fonts import font_files

    return Noting.begin(_command_line[0], Path.cwd(), root, installed(font_files()))


Order = Literal["listed", "title", "cluster"]


@app.command(
    epilog="Examples: publisher booklet career-fair · "
    "publisher booklet arts --cluster arts-av-communication --title 'Arts careers' --paper a4 · "
    "publisher booklet picks --only chef,electrician --office · "
    "publisher booklet career-fair --print-shop"
)
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
    order: Annotated[
        Order | None,
        typer.Option("--order", help="Order of the careers (default: the recipe's, else cluster)."),
    ] = None,
    bleed: Annotated[
        str | None, typer.Option("--bleed", help="Bleed, e.g. 3mm (--print-shop: 3mm by default).")
    ] = None,
    marks: Annotated[bool, typer.Option("--marks", help="Crop marks (with --bleed).")] = False,
    print_shop: Annotated[
        bool,
        typer.Option(
            "--print-shop",
            help="For a print shop: NAME-print.pdf (PDF/X-4, CMYK, pure-black text, bleed, "
            "crop marks in a slug), its imposed sheets and a job ticket.",
        ),
    ] = False,
    office: Annotated[
        bool,
        typer.Option(
            "--office",
            help="For an office printer: NAME-office.pdf 2-up on Letter/A4 when its smallest "
            "text stays at 7 pt or more; otherwise the build says to print the booklet 1-up.",
        ),
    ] = False,
    project_dir: ProjectOption = None,
    paper: PaperOption = None,
    strict: StrictOption = False,
    draft: DraftOption = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    open_first: OpenOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    edition: EditionOption = None,
) -> None:
    """Build one booklet (and its imposed print sheets) into output/booklets/."""
    from publisher.project.names import check_names
    from publisher.project.recipes import adhoc_recipe

    _say_also(quiet, verbose)
    project = open_project(project_dir)
    if bleed is not None and not re.fullmatch(r"\d+(\.\d+)?(mm|in|pt)", bleed):
        raise typer.BadParameter("give a length such as 3mm or 0.125in", param_hint="--bleed")
    if print_shop and office:
        raise typer.BadParameter(
            "the print shop's set and the office sheets are separate builds: run one, then "
            "the other",
            param_hint="--print-shop",
        )
    library = load_library(project, today())
    guides = [e.guide for e in library.entries if e.guide is not None]
    picked = [s.strip() for s in only.split(",") if s.strip()] if only else None
    check_names("guide", picked or [], [e.slug for e in library.entries], "--only")
    clusters = {*project.config.clusters, *(g.cluster for g in guides)}
    check_names("cluster", cluster or [], clusters, "--cluster")
    check_names("tag", tag or [], {t for g in guides for t in g.tags}, "--tag")
    recipe = adhoc_recipe(
        project,
        name,
        clusters=cluster or [],
        tags=tag or [],
        only=picked,
        title=title,
        order=order,
    )
    press = PrintOptions(bleed=bleed, marks=marks, office=office, print_shop=print_shop)
    editions = _editions(project, edition) or _recipe_editions(project, name)
    options = _options(paper, strict, jobs, no_cache, press, draft=draft, editions=editions)
    _build(project, options, [], [recipe], library=library, open_first=open_first)


@app.command(
    epilog="Examples: publisher serve · publisher serve --port 0 (any free port) · "
    "publisher serve --draft"
)
def serve(
    port: Annotated[
        int, typer.Option("--port", "-p", help="Port to serve on; 0 picks a free one.", min=0)
    ] = 8000,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (default: this machine only).")
    ] = "127.0.0.1",
    project_dir: ProjectOption = None,
    draft: DraftOption = False,
) -> None:
    """Preview the web edition on localhost: rebuilt and reloaded in the browser on every
    save, each career's handout pages beside its page, problems shown in the page."""
    from publisher.live.serve import serve as run

    root = find_project(project_dir or Path.cwd())
    try:
        run(root, today(), host=host, port=port, draft=draft, say=typer.echo)
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    except OSError as exc:  # the port is taken, say
        raise typer.BadParameter(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


@app.command(
    epilog="Examples: publisher charts music-producer · "
    "publisher charts chef --format png --out slides/"
)
def charts(
    slug: Annotated[str, typer.Argument(help="Guide slug, e.g. music-producer.")],
    fmt: Annotated[Literal["svg", "png"], typer.Option("--format", help="Image format.")] = "svg",
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write to (default output/charts/SLUG).")
    ] = None,
    project_dir: ProjectOption = None,
) -> None:
    """Write a guide's charts (time split, pay ranges, typical day) for the web or a slide."""
    from publisher.charts.figures import export_guide_charts

    project = open_project(project_dir)
    slug = _slugs(project, [slug])[0]
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


@app.command(epilog="Example: publisher previews --slug chef --out docs/images")
def previews(
    slug: Annotated[str, typer.Option("--slug", help="The career to show.")] = "music-producer",
    booklet_name: Annotated[
        str, typer.Option("--booklet", help="The booklet to show its spread from.")
    ] = "career-fair",
    out: Annotated[Path, typer.Option("--out", help="Folder for the PNG files.")] = Path(
        "docs/images"
    ),
    project_dir: ProjectOption = None,
) -> None:
    """Write the README's pictures (a handout's two pages, a booklet spread) from output/."""
    from publisher.documents.previews import write_previews

    project = open_project(project_dir)
    library = load_library(project, today(), [project.guides_dir / f"{slug}.yaml"])
    guide = library.entries[0].guide
    title = guide.title if guide else slug
    paths = write_previews(project.output_dir, project.root / out, slug, title, booklet_name)
    for path in paths:
        typer.echo(f"{project.display(path)} ({path.stat().st_size // 1024} KB)")


def _recipe_editions(project: Project, name: str | None) -> tuple[str, ...]:
    """The editions a named recipe is printed in (the project's own for a new one)."""
    recipe = next((r for r in project.config.booklets if r.name == name), None)
    return tuple(recipe.editions) if recipe and recipe.editions else (project.base.name,)


def _build(
    project: Project,
    options: BuildOptions,
    slugs: list[str] | None = None,
    booklets: list[BookletRecipe] | None = None,
    *,
    cards: list[str] | None = None,
    comparisons: list[list[str]] | None = None,
    library: Library | None = None,
    open_first: bool = False,
    noting: Noting | None = None,
) -> None:
    """Run a build, showing it as it goes, print its summary and exit with its status; with
    `noting`, note the build for the next one."""
    from publisher.builder.session import build as run_build

    with BuildDisplay(_verbosity, project.root) as display:
        report = run_build(
            project,
            today(),
            options=options,
            slugs=slugs,
            booklets=booklets,
            cards=cards,
            comparisons=comparisons,
            progress=noting.showing(display) if noting else display,
            library=library,
        )
    if noting is not None:
        noting.finish(report, _verbosity.quiet, _verbosity.verbose)
    _finish(report, project, open_first)


def _say_also(quiet: bool, verbose: bool) -> None:
    """A command's own -q/-v, on top of the ones given before the command."""
    _verbosity.add(quiet, verbose)


def main(command_line: list[str] | None = None) -> None:
    """The `publisher` command; `command_line`: its arguments, when it runs as the program
    (`publisher.command`), for a whole build to note itself by.

    Whatever it ends with, what the process loaded is frozen out of the collector first
    (`gc.freeze`): every file is written and closed and every other process has ended by
    then, so the interpreter's last collections would only walk the libraries and the
    guides to free memory the system takes back anyway: 50 to 65 ms of a rebuild that finds
    nothing to do at 100 careers, about 95 ms after an edited guide, now 12 to 20 ms
    (measured from the command's end to the process's)."""
    _command_line[:] = [command_line] if command_line is not None else []
    try:
        app()
    finally:
        gc.freeze()
