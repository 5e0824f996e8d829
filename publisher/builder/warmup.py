"""What a build starts before it has read the guides, judged from what changed since the last.

Loading the layout engine in a worker takes half a second, and matplotlib about as long. So
as soon as it knows which files are newer than its last build, a build starts workers
(`Start.workers` of them) that load the layout engine and, when fewer guides were edited
than there are cores, a process that draws the charts of those guides: both run while the
guides are read. When all goes to plan the first handout to lay out finds a warm worker and
its charts drawn. A build that lays out every guide (`Start.edited` empty) loads the layout
engine in the build process instead, and forks its workers from it warm
(`publisher.builder.workers.make_executor`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.builder.workers import default_jobs, discard_early, fork_early, settle
from publisher.project.root import CACHE_NAME

if TYPE_CHECKING:
    from publisher.charts import ChartPlan
    from publisher.project.settings import Project

CHARTS_PROCESS = "publisher-charts"


@dataclass(frozen=True)
class Start:
    """How many workers to start at once, and the guides edited since the last build (when
    only those changed)."""

    workers: int
    edited: list[Path] = field(default_factory=list)


def plan_start(project: Project, jobs: int, cache: bool) -> Start:
    """All `jobs` workers with no cache, no record of a previous build, or a layout, asset or
    the settings changed since it; one per guide changed since it, up to all; none when
    nothing changed, or when the build is serial (`jobs` 1: it runs in this process)."""
    if jobs <= 1:
        return Start(0)
    if not cache:
        return Start(jobs)
    try:
        built = (project.cache_dir / "manifest.json").stat().st_mtime_ns
    except OSError:
        return Start(jobs)
    shared = [project.root / "publisher.yaml", *project.layouts.files().values()]
    shared += [*project.assets_dir.rglob("*"), *project.data_dir.rglob("*")]
    if any(_mtime(path) > built for path in shared if path.is_file()):
        return Start(jobs)
    edited = sorted(p for p in project.guides_dir.glob("*.yaml") if _mtime(p) > built)
    return Start(min(jobs, len(edited)), edited)


@contextmanager
def early_worker(root: Path, edited: Sequence[str], command_line: Sequence[str]) -> Iterator[None]:
    """Fork the worker an edit of one guide needs, and have it load the layout engine, as
    soon as the last build's notes say that guide is all that changed
    (`publisher.builder.last_build.look`): before this process has read its command line,
    its settings or the guides (about half a second at 100 careers), where `plan_start`
    would start it after them. The build takes it when it starts its one worker
    (`publisher.builder.workers.make_executor`); otherwise it is stopped on the way out. Not
    with `--jobs` (its value is the command line's to read) nor on one core."""
    jobs_given = any(word.startswith(("-j", "--jobs")) for word in command_line)
    if len(edited) == 1 and not jobs_given and default_jobs() > 1:
        fork_early(partial(_load_engine, root / CACHE_NAME))
    try:
        yield
    finally:
        discard_early()


def _load_engine(cache_dir: Path) -> None:
    from publisher.builder.libraries import import_layout_engine

    import_layout_engine(cache_dir)


def undrawn_library(project: Project) -> bool:
    """Whether no chart has been drawn into the chart cache yet (a first build, or a cache
    deleted): then every guide's charts are to draw."""
    try:
        return next((project.cache_dir / "charts").iterdir(), None) is None
    except OSError:
        return True


def _mtime(path: Path) -> int:
    """When `path` last changed; 0 for one that cannot be read (the build reports it)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def load_shared(project: Project) -> None:
    """What the processes of a rebuild all need: the chart planner and the locale's number
    formats, loaded once, here, before the others are forked, instead of once in each."""
    from publisher.charts.figures import chart_plans  # noqa: F401 -- the import is the point
    from publisher.project.formatting import Formatter

    Formatter(project.config.locale).money(1234.5)


class ChartDrawer:
    """A process that draws charts into the chart cache when told which: forked (cheaply)
    before the workers and their threads, told later, once this process has read the edited
    guides, what of theirs is not drawn yet. It draws while the other guides are read; the
    build joins it before it asks a worker to lay one of those guides out."""

    def __init__(self, project: Project) -> None:
        context = multiprocessing.get_context("fork")
        self.orders, theirs = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(project, theirs, os.getpid()), name=CHARTS_PROCESS, daemon=True
        )
        self.process.start()
        theirs.close()

    @classmethod
    def wanted(cls, project: Project, start: Start, jobs: int) -> ChartDrawer | None:
        """One when fewer guides were edited than `jobs` (a core is left over)."""
        if not start.edited or len(start.edited) >= jobs:
            return None
        if "fork" not in multiprocessing.get_all_start_methods():
            return None
        return cls(project)

    def draw(self, plans: list[ChartPlan]) -> None:
        """Draw `plans` (none: just stop)."""
        self.orders.send(plans)
        self.orders.close()

    def join(self) -> None:
        if not self.orders.closed:
            self.draw([])
        self.process.join()

    def stop(self) -> None:
        """End the process now, whatever it is drawing (a drawing is written whole or not)."""
        self.process.terminate()
        self.process.join()
        self.orders.close()


def undrawn(project: Project, today: date, guides: list[Path]) -> list[ChartPlan]:
    """The charts of `guides` not drawn yet. A guide that does not load is left alone: the
    build reports it."""
    from publisher.builder.pictures import PictureFiles
    from publisher.charts.figures import chart_plans
    from publisher.data.dataset import load_datasets
    from publisher.guides.library import load_entry
    from publisher.project.formatting import Formatter
    from publisher.project.labels import load_labels

    pictures = PictureFiles(project.cache_dir, project.config.locale)
    labels = load_labels(project.layouts, project.config.locale)
    fmt = Formatter(project.config.locale)
    datasets = load_datasets(project.data_dir, project.display)
    missing = []
    for path in guides:
        entry = load_entry(path, project, today, datasets)
        if entry.guide is not None:
            plans = chart_plans(project, entry.guide, labels, fmt).values()
            missing += [plan for plan in plans if not pictures.chart_path(plan).is_file()]
    return missing


def _serve(project: Project, orders: Connection, parent: int) -> None:
    """Wait for the charts to draw, draw them, stop. A chart that fails is left alone: the
    handout's own task meets the same failure and reports it."""
    from publisher.builder.pictures import PictureFiles
    from publisher.builder.workers import die_with_parent

    die_with_parent(parent)
    try:
        plans: list[ChartPlan] = orders.recv()
    except EOFError:  # the build stopped first
        return
    pictures = PictureFiles(project.cache_dir, project.config.locale)
    for plan in plans:
        try:
            pictures.chart(plan)
        except Exception:  # reported by the handout's own task, not here
            continue


def prepare_worker(project: Project, charts: bool = False, parts: bool = True) -> None:
    """What every layout task needs first, loaded while the first tasks are still being
    planned: the layout engine and PDF library, fonts and stylesheets, the templates, the
    locale's number formats, hyphenation patterns and the QR encoder; then `settle`. Not
    matplotlib unless `charts` (no chart drawn yet: every guide's are to draw): only a changed
    chart needs it, and its import would hold up every other task. Not the booklet's own
    stylesheet unless `parts` (a build of the whole library): after an edit, a spread's
    furniture is usually in the store (`publisher.builder.furniture`), and parsing the sheet
    (some 50 ms) would hold up the edited guide's handout."""
    import pyphen
    import segno  # noqa: F401 -- every handout with a URL draws a QR code

    from publisher.builder.libraries import import_chart_library, import_layout_engine
    from publisher.layout.engine import prepare_renderer
    from publisher.layout.template import PAPER_STYLESHEETS, STYLESHEETS, environment
    from publisher.project.formatting import Formatter

    import_layout_engine(project.cache_dir)
    pyphen.Pyphen(lang=project.config.locale)  # parses the patterns the layouts will use
    layouts = project.layouts
    paper = PAPER_STYLESHEETS.get(project.config.paper, ())
    names = (*STYLESHEETS, "handout.css", *(["booklet.css"] if parts else []), *paper)
    found = [layouts.find(f"css/{name}") for name in names]
    prepare_renderer([path for path in found if path is not None])
    env = environment(layouts, project.cache_dir)
    for template in env.list_templates(extensions=["html"]):
        env.get_template(template)
    Formatter(project.config.locale).money(1234.5)
    if charts:
        from publisher.charts.style import prepare_charts

        import_chart_library()
        prepare_charts()
    settle()
