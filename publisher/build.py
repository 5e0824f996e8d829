"""The build, as the pipeline reads: load → validate → chart → template → render → assemble → write.

One broken guide never stops the others: each handout succeeds or fails on its own, and the
report lists both. Library code here never prints; progress goes through a callback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from publisher.errors import BuildError, PublisherError
from publisher.figures import career_charts
from publisher.formatting import Formatter
from publisher.handout import Career, compose_handout
from publisher.labels import Labels, load_labels
from publisher.library import Entry, Library, load_library
from publisher.project import BookletRecipe, Paper, Project
from publisher.write import write_output

Progress = Callable[[str], None]
SMALLEST_TEXT_PT = 6.5  # source superscripts; body notes are 7.5 pt and up


@dataclass(frozen=True)
class Outcome:
    """What happened to one output: where it was written, or why it failed."""

    name: str
    path: Path | None = None
    error: str | None = None
    note: str | None = None


@dataclass
class BuildReport:
    built: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def extend(self, other: BuildReport) -> None:
        self.built.extend(other.built)
        self.failed.extend(other.failed)


def _no_progress(_: str) -> None:
    return None


def entry_failure(entry: Entry, strict: bool) -> str | None:
    """Why a guide cannot be printed, or None if it can."""
    if entry.ok(strict):
        return None
    blocking = entry.problems if strict else entry.errors
    return "\n".join(problem.as_error().format() for problem in blocking) or "not a valid guide"


def prepare_career(project: Project, entry: Entry, labels: Labels) -> Career:
    """A valid entry with its charts drawn (or taken from the cache)."""
    assert entry.guide is not None
    fmt = Formatter(project.config.locale)
    charts = career_charts(project, entry.guide, labels, fmt)
    return Career(entry.slug, entry.guide, entry.display, charts)


def handout_name(slug: str, paper: Paper, default: Paper) -> str:
    return f"handouts/{slug}.pdf" if paper == default else f"handouts-{paper}/{slug}.pdf"


def build_handouts(
    project: Project,
    library: Library,
    *,
    slugs: Sequence[str] | None = None,
    paper: Paper | None = None,
    strict: bool = False,
    progress: Progress = _no_progress,
) -> BuildReport:
    """Write one two-page handout per selected guide; collect every failure."""
    report = BuildReport()
    labels = load_labels(project.layouts_dir, project.config.locale)
    paper = paper or project.config.paper
    titles = {e.slug: e.guide.title for e in library.entries if e.guide is not None}
    entries = library.by_slug()
    for slug in slugs if slugs is not None else list(entries):
        entry = entries.get(slug)
        name = handout_name(slug, paper, project.config.paper)
        progress(name)
        if entry is None:
            report.failed.append(Outcome(name, error=f"no guide named '{slug}' in guides/"))
            continue
        reason = entry_failure(entry, strict)
        if reason:
            report.failed.append(Outcome(name, error=reason))
            continue
        try:
            career = prepare_career(project, entry, labels)
            pdf = compose_handout(project, career, labels, titles, paper)
            path = write_output(project.output_dir, name, pdf)
        except PublisherError as exc:
            report.failed.append(Outcome(name, error=exc.format()))
            continue
        report.built.append(Outcome(name, path=path))
    return report


@dataclass(frozen=True)
class PrintOptions:
    """How a booklet goes to press: bleed and crop marks, and the office-printer variant."""

    bleed: str | None = None  # e.g. "3mm"
    marks: bool = False
    office: bool = False

    def css(self) -> str:
        rules = []
        if self.bleed:
            rules.append(f"bleed: {self.bleed};")
        if self.marks:
            rules.append("marks: crop cross;")
        return f"@page {{ {' '.join(rules)} }}" if rules else ""


def build_booklet(
    project: Project,
    library: Library,
    recipe: BookletRecipe,
    *,
    paper: Paper | None = None,
    strict: bool = False,
    press: PrintOptions = PrintOptions(),
    progress: Progress = _no_progress,
) -> BuildReport:
    """Write NAME.pdf and NAME-imposed.pdf (and NAME-office.pdf on request), or fail whole."""
    from publisher.booklet import compose_booklet, select_entries
    from publisher.impose import impose_office, impose_saddle

    report = BuildReport()
    name = f"booklets/{recipe.name}.pdf"
    progress(name)
    try:
        entries = select_entries(recipe, library)
        broken = [(e, entry_failure(e, strict)) for e in entries]
        reasons = [f"{e.slug}: {why}" for e, why in broken if why]
        if reasons:
            raise BuildError(
                f"booklet '{recipe.name}' not built: {len(reasons)} of its careers cannot be "
                "printed (a booklet never drops a career):\n" + "\n".join(reasons)
            )
        labels = load_labels(project.layouts_dir, project.config.locale)
        careers = [prepare_career(project, entry, labels) for entry in entries]
        titles = {e.slug: e.guide.title for e in library.entries if e.guide is not None}
        paper = paper or project.config.paper
        pdf, _pages = compose_booklet(
            project,
            recipe,
            careers,
            labels=labels,
            titles=titles,
            paper=paper,
            print_css=press.css(),
        )
        report.built.append(Outcome(name, path=write_output(project.output_dir, name, pdf)))
        imposed = f"booklets/{recipe.name}-imposed.pdf"
        report.built.append(
            Outcome(imposed, path=write_output(project.output_dir, imposed, impose_saddle(pdf)))
        )
        if press.office:
            office, scale = impose_office(pdf, paper)
            office_name = f"booklets/{recipe.name}-office.pdf"
            path = write_output(project.output_dir, office_name, office)
            note = f"smallest text {SMALLEST_TEXT_PT * scale:.1f} pt (scaled to {scale:.0%})"
            report.built.append(Outcome(office_name, path=path, note=note))
    except PublisherError as exc:
        report.failed.append(Outcome(name, error=exc.format()))
    return report


def build(
    project: Project,
    today: date,
    *,
    paper: Paper | None = None,
    strict: bool = False,
    progress: Progress = _no_progress,
) -> BuildReport:
    """The main job: every handout and every booklet recipe of the project."""
    library = load_library(project, today)
    report = build_handouts(project, library, paper=paper, strict=strict, progress=progress)
    for recipe in project.config.booklets:
        report.extend(
            build_booklet(project, library, recipe, paper=paper, strict=strict, progress=progress)
        )
    return report
