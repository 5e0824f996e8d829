"""The build, as the pipeline reads: load → validate → chart → template → render → assemble → write.

Every output has a key: a hash of everything its bytes depend on. An output whose key is
unchanged since the last build is left alone; one whose key is in the cache is copied from it;
only the rest are laid out, spread over worker processes. The same inputs give the same bytes
whichever way an output was made. One broken guide never stops the others: each handout
succeeds or fails on its own, and the report lists both. Library code never prints; progress
goes through a callback.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.builder import keys
from publisher.builder.furniture import KeptFurniture
from publisher.builder.guide_cache import ParsedGuides
from publisher.builder.lock import build_lock
from publisher.builder.measures import KeptMeasures
from publisher.builder.pictures import PictureFiles
from publisher.builder.report import BuildReport, Outcome
from publisher.builder.scratch import private_tempdir
from publisher.builder.sheets import Sheets, booklet_sheets, sheet_kinds
from publisher.builder.store import Manifest, Store
from publisher.builder.warmup import (
    ChartDrawer,
    Start,
    load_shared,
    plan_start,
    prepare_worker,
    undrawn,
    undrawn_library,
)
from publisher.builder.workers import discard, discard_early, make_executor
from publisher.documents.press import PrintOptions, presses
from publisher.errors import BuildError, Problem, PublisherError
from publisher.guides.library import Entry, Library, load_library
from publisher.guides.models import Guide
from publisher.output import output_path, sweep_stale, write_output
from publisher.project.labels import Labels, load_labels
from publisher.project.settings import BookletRecipe, Paper, Project

if TYPE_CHECKING:
    from publisher.builder.booklets import Binder
    from publisher.documents.handout_pdf import HandoutPDF

Progress = Callable[[Outcome, int], None]  # (output just written, outputs planned in all)

HANDOUTS_AHEAD = 4  # handouts a worker is handed ahead of the one written (`Session.handouts`)


@dataclass(frozen=True)
class BuildOptions:
    paper: Paper | None = None
    strict: bool = False
    draft: bool = False  # print drafts, marked DRAFT (see `Entry.is_draft`)
    jobs: int = 1
    cache: bool = True
    press: PrintOptions = field(default_factory=PrintOptions)
    card_up: int = 4  # table cards a cut sheet holds: 4, or 2 enlarged (`documents.cutsheet`)
    site: bool = False  # also the web edition (see publisher.builder.site)
    editions: tuple[str, ...] | None = None  # by name; None: every edition


def _no_progress(_outcome: Outcome, _total: int) -> None:
    return None


def entry_failure(entry: Entry, strict: bool, draft: bool = False) -> str | None:
    """Why a guide cannot be printed, or None if it can."""
    if entry.ok(strict, draft):
        return None
    blocking = entry.blocking(strict, draft)
    return "\n".join(problem.as_error().format() for problem in blocking) or "not a valid guide"


def output_folder(kind: str, paper: Paper, default: Paper, edition: str = "") -> str:
    """'handouts' or 'booklets' at the project's paper; 'handouts-a4' (say) at another, so
    Letter and A4 outputs never overwrite each other; under the edition's folder for an
    edition other than the project's own ('es-US/handouts')."""
    folder = kind if paper == default else f"{kind}-{paper}"
    return f"{edition}/{folder}" if edition else folder


def handout_name(slug: str, paper: Paper, default: Paper, edition: str = "") -> str:
    return f"{output_folder('handouts', paper, default, edition)}/{slug}.pdf"


def render_handout(
    project: Project,
    *,
    slug: str,
    guide: Guide,
    display: str,
    labels: Labels,
    titles: dict[str, str],
    paper: Paper,
    pictures: PictureFiles,
    draft: bool = False,
    variant: str = "standard",
    measures: KeptMeasures | None = None,
) -> HandoutPDF:
    """A worker's task: charts, template, layout and PDF for one handout (`measures`: what
    earlier builds measured, see `publisher.builder.measures`)."""
    from publisher.builder.libraries import import_layout_engine
    from publisher.charts.figures import career_charts
    from publisher.documents.handout import Career, compose_handout
    from publisher.project.formatting import Formatter
    from publisher.project.variants import variant_named

    import_layout_engine(project.cache_dir)  # (done already in a warmed worker)
    fmt = Formatter(project.config.locale)
    layout = variant_named(variant)
    charts = career_charts(project, guide, labels, fmt, pictures, variant=layout)
    career = Career(slug, guide, display, charts, draft)
    return compose_handout(
        project,
        career,
        labels,
        titles,
        paper=paper,
        pictures=pictures,
        variant=layout,
        measures=measures,
    )


class Session:
    """One build: the project, its library, the cache, the workers, and the report."""

    def __init__(
        self,
        project: Project,
        library: Library,
        options: BuildOptions,
        progress: Progress,
        *,
        executor: Executor | None = None,
        charts: ChartDrawer | None = None,
        env: str | None = None,
    ) -> None:
        self.project, self.library, self.options, self.progress = (
            project,
            library,
            options,
            progress,
        )
        self.paper: Paper = options.paper or project.config.paper
        self.folder = project.edition_folder  # '' for the project's own edition
        self.variant = project.variant  # its layout variant ('standard', 'large-print')
        self.labels = load_labels(project.layouts, project.config.locale)
        self.env = env or keys.environment(project)  # (`follow`: the same project's, kept)
        self.pictures = PictureFiles(project.cache_dir, project.config.locale)
        cache = project.cache_dir if options.cache else None
        self.store = Store(cache / "store") if cache else Store.for_one_build()
        self.measures = KeptMeasures(self.store, self.env) if cache else None
        self.furniture = KeptFurniture(self.store, self.env) if cache else None
        self.manifest = Manifest(cache / "manifest.json" if cache else None)
        self.handing_over = False  # another edition's session goes on with the workers
        self.titles = {e.slug: e.guide.title for e in library.entries if e.guide is not None}
        self.report = BuildReport()
        self.planned = 0  # outputs this build will write, for progress
        self._executor = executor  # started before the library loaded, when work was likely
        self._charts = charts  # drawing an edited guide's charts (see publisher.builder.warmup)
        self._used = False  # whether a task went to the executor
        self._handouts: dict[str, Future[HandoutPDF]] = {}
        self._laid_out: set[str] = set()  # handouts laid out by this build

    @property
    def executor(self) -> Executor:
        if self._executor is None:
            warm_up = partial(prepare_worker, self.project)
            self._executor = make_executor(self.options.jobs, warm_up=warm_up)
        self._used = True
        return self._executor

    def follow(self, project: Project, library: Library) -> Session:
        """The session of the next edition: the same workers, store and record of output/."""
        same = self.env if project == self.project else None  # (its files were just read)
        after = Session(
            project,
            library,
            self.options,
            self.progress,
            executor=self._executor,
            charts=None,
            env=same,
        )
        after.store, after.manifest, after.report = self.store, self.manifest, self.report
        after._used, after._charts = self._used, self._charts
        self._executor, self._charts = None, None
        return after

    def stop_workers(self) -> None:
        """Let the workers go once nothing is left to lay out: each holds a few hundred MB
        after hundreds of layouts, and a booklet is written next."""
        if self.handing_over:
            return
        if self._executor is not None and self._used:
            self._executor.shutdown()
            self._executor = None

    def abort(self) -> None:
        """Stop every process of the build now (what they were making is thrown away; the
        files already written are whole)."""
        if self._charts is not None:
            self._charts.stop()
            self._charts = None
        if self._executor is not None:
            discard(self._executor)
            self._executor = None

    def close(self) -> None:
        if self._charts is not None:
            self._charts.join()
        self.stop_workers()
        if self._executor is not None:  # started early, never used
            discard(self._executor)
        self.manifest.save()

    def _output(self, name: str, key: str, note: str | None = None) -> bool:
        """Write output `name` from the cache if its key is there; True when done."""
        target = self.project.output_dir / name
        if self.manifest.current(name, key, target):
            self.store.has(key)  # (marked used, as if copied: see `Store.prune`)
            self.report.reused += 1
            self._done(Outcome(name, path=target, note=note))
            return True
        data = self.store.get(key)
        if data is None:
            return False
        self._write(name, key, data, note=note)
        self.report.reused += 1
        return True

    def from_cache(self, name: str, key: str) -> bool:
        """For the outputs other modules make (`cards`): see `_output`."""
        return self._output(name, key)

    def write(self, name: str, key: str, data: bytes) -> None:
        """For the outputs other modules make: store, write and report output `name`."""
        self._write(name, key, data)

    def _write(self, name: str, key: str, data: bytes, note: str | None = None) -> None:
        self.store.put(key, data)
        self._record(name, key, write_output(self.project.output_dir, name, data), note)

    def _record(self, name: str, key: str, path: Path, note: str | None = None) -> None:
        self.manifest.record(name, key)
        self._done(Outcome(name, path=path, note=note))

    def provide(self, name: str, key: str, make: Callable[[], bytes]) -> None:
        """Output `name` at `key`: left as it is, copied from the cache, or made by `make`."""
        if not self._output(name, key):
            self._write(name, key, make())

    def _done(self, outcome: Outcome) -> None:
        self.report.built.append(outcome)
        self.progress(outcome, self.planned)

    def handouts(
        self,
        slugs: Sequence[str] | None = None,
        advance: Callable[[], None] | None = None,
        idle: Callable[[], None] | None = None,
    ) -> None:
        """The handouts (all, or `slugs`), each written as it comes, in order; `advance` is
        called after each (the booklets start what their plan allows, `Binder.advance`);
        `idle` once, when this process would first wait for a worker, if it has no more
        than a handout a worker to wait for (a rebuild after an edit, not a whole library).

        Only `HANDOUTS_AHEAD` a worker are handed to the workers ahead of the one written:
        they take tasks in the order they come, so a task started meanwhile (a booklet's
        appendix, once its plan is known) waits for a few handouts, not for all of them."""
        entries = self.library.by_slug()
        wanted: list[tuple[str, str, Entry]] = []  # name, key, guide
        for slug in slugs if slugs is not None else list(entries):
            name = handout_name(slug, self.paper, self.project.config.paper, self.folder)
            entry = entries.get(slug)
            reason = (
                entry_failure(entry, self.options.strict, self.options.draft)
                if entry
                else (
                    f"no guide named '{slug}' in guides/"
                    if not self.folder
                    else f"'{slug}' is not in the {self.folder} edition"
                )
            )
            if reason or entry is None or entry.guide is None:
                self.report.failed.append(Outcome(name, error=reason))
                continue
            key = self.handout_key(entry)
            if slug not in self._laid_out and self._output(name, key, self._underfill(key)):
                continue  # (one a booklet had laid out is new, not reused)
            wanted.append((name, key, entry))
        ahead = HANDOUTS_AHEAD * max(1, self.options.jobs)
        if len(wanted) > max(1, self.options.jobs):
            idle = None  # (a handout for each worker, at most)
        started: dict[str, Future[HandoutPDF]] = {}
        for index, (name, key, entry) in enumerate(wanted):
            for _, _, later in wanted[index : index + ahead]:
                if later.slug not in started:
                    started[later.slug] = self.handout(later)
            future = started.pop(entry.slug)  # (each let go once written: 500 handouts are
            if idle is not None and not future.done():  # some 30 MB)
                idle()
            idle = None
            try:
                made = future.result()
                self._write(name, key, made.pdf, note=made.underfill)
            except PublisherError as exc:
                self.report.failed.append(Outcome(name, error=exc.format()))
            if future.exception() is None:  # kept in the cache; a booklet reads it there
                self._keep_handout(key, future)  # (the callback may not have run yet)
                self._handouts.pop(entry.slug, None)
            if advance is not None:
                advance()

    def _underfill(self, key: str) -> str | None:
        """The under-fill warning kept with a handout's layout facts (shown on every build)."""
        from publisher.documents.handout_pdf import HandoutPDF

        facts = self.store.get(keys.handout_layout(key), "json")
        return HandoutPDF.from_parts(b"", facts).underfill if facts is not None else None

    def _related_titles(self, entry: Entry) -> dict[str, str]:
        """The titles a handout prints in its related line (so other edits keep its key)."""
        assert entry.guide is not None
        return {s: self.titles[s] for s in entry.guide.related if s in self.titles}

    def handout_key(self, entry: Entry) -> str:
        titles = self._related_titles(entry)
        return keys.handout(
            self.env, entry, self.paper, titles, draft=entry.is_draft, variant=self.variant
        )

    def handout(self, entry: Entry) -> Future[HandoutPDF]:
        """`entry`'s handout at this build's paper, laid out once per build (booklets reuse its
        pages): from the cache, or from a worker, then kept in the cache. One read from the
        cache is not held here: a booklet of 500 careers would keep all of their handouts
        (some 30 MB) in this process until it is written."""
        from publisher.documents.handout_pdf import HandoutPDF

        if entry.slug in self._handouts:
            return self._handouts[entry.slug]
        assert entry.guide is not None
        key = self.handout_key(entry)
        pdf, facts = self.store.get(key), self.store.get(keys.handout_layout(key), "json")
        if pdf is not None and facts is not None:
            kept: Future[HandoutPDF] = Future()
            kept.set_result(HandoutPDF.from_parts(pdf, facts))
            return kept
        if self._charts is not None:  # the charts it shows may be being drawn
            self._charts.join()
            self._charts = None
        future = self.executor.submit(
            render_handout,
            self.project,
            slug=entry.slug,
            guide=entry.guide,
            display=entry.display,
            labels=self.labels,
            titles=self._related_titles(entry),
            paper=self.paper,
            pictures=self.pictures,
            draft=entry.is_draft,
            variant=self.variant,
            measures=self.measures,
        )
        future.add_done_callback(lambda done: self._keep_handout(key, done))
        self._laid_out.add(entry.slug)
        self._handouts[entry.slug] = future
        return future

    def lay_out_first(self, guides: Sequence[Path]) -> None:
        """Start laying out the handouts of `guides` (the edited ones) now, before the
        booklets are planned: they are what a rebuild waits for."""
        edited = {path.absolute() for path in guides}
        for entry in self.library.entries:
            printable = entry_failure(entry, self.options.strict, self.options.draft) is None
            if entry.path.absolute() in edited and printable:
                self.handout(entry)

    def _keep_handout(self, key: str, future: Future[HandoutPDF]) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        handout = future.result()
        self.store.put(keys.handout_layout(key), handout.facts(), "json")  # first: PDF alone misses
        self.store.put(key, handout.pdf)

    def start_booklet(
        self, recipe: BookletRecipe, press: PrintOptions | None = None
    ) -> PendingBooklet | None:
        """Check the booklet's careers and start laying out its front matter; None on failure.
        `press` (default: the build's) may ask for the print shop's set instead."""
        from publisher.documents.booklet import select_entries

        press = press or self.options.press
        folder = output_folder("booklets", self.paper, self.project.config.paper, self.folder)
        name = f"{folder}/{recipe.name}.pdf"
        if press.print_shop:  # (the print shop's module is not loaded for a booklet without)
            from publisher.builder.printshop import SUFFIX

            name = f"{folder}/{recipe.name}{SUFFIX}.pdf"
        try:
            entries = select_entries(recipe, self.library)
            reasons = [
                f"{e.slug}: {why}"
                for e in entries
                if (why := entry_failure(e, self.options.strict, self.options.draft))
            ]
            if reasons:
                raise BuildError(
                    f"booklet '{recipe.name}' not built: {len(reasons)} of its careers cannot be "
                    "printed (a booklet never drops a career):\n" + "\n".join(reasons)
                )
            css = press.css()
            key = keys.booklet(self.env, recipe, self.paper, css, entries, variant=self.variant)
            sheets = booklet_sheets(key, self.paper, press)
            target = self.project.output_dir / name
            kept = self.manifest.current(name, key, target) or self.store.has(key)
            if (
                kept
                and sheets.cached(self.store)
                and self._ticket_kept(key, press)
                and self._output(name, key, self._booklet_note(name, key))
            ):
                binder = None
            else:  # sheets are made beside the booklet, from its parts (publisher.builder.sheets)
                binder = self._binder(recipe, entries, press, key)
                binder.start()
        except PublisherError as exc:
            self.report.failed.append(Outcome(name, error=exc.format()))
            return None
        return PendingBooklet(recipe, name, key, sheets, binder, press)

    def _ticket_kept(self, key: str, press: PrintOptions) -> bool:
        """A print shop's job ticket is in the store (or needs none)."""
        return not press.print_shop or self.store.has(keys.digest(key, "ticket"))

    def _ticket(self, name: str, key: str, made: bool) -> None:
        """Record (or copy from the store) the print shop's job ticket beside its booklet."""
        from publisher.builder.printshop import ticket_name

        ticket, ticket_key = ticket_name(name), keys.digest(key, "ticket")
        if made:
            path = output_path(self.project.output_dir, ticket)
            self.store.put_file(ticket_key, path)
            self._record(ticket, ticket_key, path)
        elif not self._output(ticket, ticket_key):
            raise BuildError(f"{name}: its job ticket is missing")

    def finish_booklet(
        self, pending: PendingBooklet, last: bool = False, meanwhile: Meanwhile | None = None
    ) -> None:
        """NAME.pdf and NAME-imposed.pdf (and NAME-office.pdf on request), or a failure.
        After the `last` booklet's parts, nothing is left to lay out; `meanwhile` runs here
        while another process merges the booklet (see `Binder.finish`)."""
        recipe, name, key = pending.recipe, pending.name, pending.key
        try:
            outs = {
                suffix: name.replace(".pdf", f"-{suffix}.pdf") for suffix in pending.sheets.keys
            }
            files = {s: output_path(self.project.output_dir, out) for s, out in outs.items()}
            made = pending.binder is not None
            if pending.binder is not None:  # written straight to output/, never held as bytes
                target = output_path(self.project.output_dir, name)
                sheets = [(files[s], size) for s, size in pending.sheets.sizes.items()]
                laid_out = self.stop_workers if last else None
                scales, digests = pending.binder.finish(target, sheets, laid_out, meanwhile)
                pending.sheets.keep(self.store, files, scales, digests)
                said = json.dumps(pending.binder.note).encode()
                self.store.put(keys.booklet_note(key), said, "json")  # (before the booklet)
                self.store.put_file(key, target, digests.get(target))
                self._record(name, key, target, self._booklet_note(name, key))
            if pending.press.print_shop:
                self._ticket(name, key, made)
            for suffix, (sheet_key, note) in pending.sheets.outputs(self.store).items():
                if made:
                    self._record(outs[suffix], sheet_key, files[suffix], note)
                elif not self._output(outs[suffix], sheet_key, note):
                    raise BuildError(f"booklet '{recipe.name}': its {suffix} sheets are missing")
        except PublisherError as exc:
            self.report.failed.append(Outcome(name, error=exc.format()))

    def _booklet_note(self, booklet: str, key: str) -> str | None:
        """What the reader should know of a booklet: kept with it in the store (its spreads'
        related lines), and how an office printer prints it."""
        kept = self.store.get(keys.booklet_note(key), "json")
        notes = [json.loads(kept) if kept else None, self._office(booklet)]
        return "; ".join(note for note in notes if isinstance(note, str)) or None

    def _office(self, booklet: str) -> str | None:
        """The booklet's note for an office printer, when it prints 1-up (see `office_plan`)."""
        from publisher.documents.press import office_plan

        plan = office_plan(self.paper)
        if not self.options.press.office or plan.two_up:
            return None
        return plan.one_up_note(booklet)

    def _binder(
        self, recipe: BookletRecipe, entries: list[Entry], press: PrintOptions, key: str
    ) -> Binder:
        from publisher.builder.booklets import Binder, BookletInputs
        from publisher.builder.printshop import press_job

        inputs = BookletInputs(
            self.project,
            recipe,
            entries,
            self.labels,
            self.titles,
            self.paper,
            press.css(),
            self.env,
            self.pictures,
            press_job(self.project, entries, press, key) if press.print_shop else None,
            variant=self.variant,
            furniture=self.furniture,
        )
        return Binder(inputs, self.executor, self.store, self.handout)


@dataclass(frozen=True)
class PendingBooklet:
    """A booklet whose front matter is being laid out while the handouts are."""

    recipe: BookletRecipe
    name: str
    key: str
    sheets: Sheets
    binder: Binder | None  # None when the booklet and its sheets are current or in the cache
    press: PrintOptions = field(default_factory=PrintOptions)


def build(
    project: Project,
    today: date,
    *,
    options: BuildOptions | None = None,
    slugs: Sequence[str] | None = None,
    booklets: Sequence[BookletRecipe] | None = None,
    cards: Sequence[str] | None = None,
    comparisons: Sequence[Sequence[str]] | None = None,
    progress: Progress = _no_progress,
    library: Library | None = None,
) -> BuildReport:
    """The main job: the handouts (all, or `slugs`), the booklets (all recipes, or those
    given), the table cards (`cards`) and comparison sheets (`comparisons`; by default, in a
    whole build, those publisher.yaml asks for).

    Pass `slugs=[]` for booklets only, `booklets=[]` for handouts only. Whatever happens, every
    process it started has ended and its temporary folder is gone when it returns or raises.
    """
    from publisher.layout.engine import release_engine

    options = options or BuildOptions()
    written = (project.output_dir, project.cache_dir)
    with build_lock(project.cache_dir) as killed, private_tempdir(written):
        if killed:  # the last build never finished: sweep what it left half-written
            for folder in written:
                sweep_stale(folder)
        try:
            return _build(
                project,
                today,
                options,
                slugs=slugs,
                booklets=booklets,
                cards=cards,
                comparisons=comparisons,
                progress=progress,
                library=library,
            )
        except KeyboardInterrupt:  # its processes were stopped, maybe in the middle of a write
            for folder in written:
                sweep_stale(folder)
            raise
        finally:
            release_engine()  # (its font files are in the private folder)


def _build(
    project: Project,
    today: date,
    options: BuildOptions,
    *,
    slugs: Sequence[str] | None,
    booklets: Sequence[BookletRecipe] | None,
    cards: Sequence[str] | None,
    comparisons: Sequence[Sequence[str]] | None,
    progress: Progress,
    library: Library | None,
) -> BuildReport:
    from publisher.builder.cards import wanted_cards
    from publisher.guides.edition import load_edition

    started = time.time()
    subsets = (slugs, booklets, cards, comparisons, options.editions)
    whole = all(subset is None for subset in subsets)  # (every output: see `Store.prune`)
    start = plan_start(project, options.jobs, options.cache)  # (see publisher.builder.warmup)
    session = _open(project, today, options, start, progress=progress, library=library)
    chosen = [e for e in project.editions if options.editions is None or e.name in options.editions]
    try:
        editions = [load_edition(project, edition, session.library) for edition in chosen]
        if cards is None:
            cards = wanted_cards(project, session.library) if slugs is None else []
        if comparisons is None:
            comparisons = project.config.comparisons if slugs is None else []
        runs, planned = [], 0
        for edition in editions:
            recipes = edition.project.config.booklets if booklets is None else booklets
            jobs = [(r, press) for r in recipes for press in presses(r, options.press)]
            paper = options.paper or edition.project.config.paper
            own = edition.name == project.base.name  # (cards and comparisons: its own only)
            planned += len(edition.library.entries) if slugs is None else len(slugs)
            planned += sum(_outputs(paper, press) for _, press in jobs)
            planned += 2 * len(cards) + len(comparisons) if own else 0
            if own and options.site:
                from publisher.builder.site import site_outputs

                planned += site_outputs(len(edition.library.entries))
            runs.append((edition, jobs, own))
        for number, (edition, jobs, own) in enumerate(runs):
            session = session.follow(edition.project, edition.library)
            session.planned = planned
            session.handing_over = number < len(runs) - 1
            blocking = [p for p in edition.problems if p.is_error]
            if blocking:
                session.report.failed.append(
                    Outcome(f"{edition.name}/", error=_not_built(edition.name, blocking))
                )
                continue
            edited = start.edited if number == 0 else []
            extras = (cards, comparisons) if own else ([], [])
            site = _site(session) if own and options.site else Meanwhile(None)
            _run(session, jobs, slugs, edited, extras, meanwhile=site)
            site.finish()  # (done already if a booklet left time for it)
    except KeyboardInterrupt:
        session.abort()  # Ctrl-C: stop at once, not when the running layouts are done
        raise
    finally:
        session.handing_over = False
        session.close()
    if whole:  # (every output planned: what this build did not use, it does not need)
        session.store.prune(started)
    return session.report


def _outputs(paper: Paper, press: PrintOptions) -> int:
    """The files one booklet makes: itself, its sheets, and a print shop's job ticket."""
    return 1 + len(sheet_kinds(paper, press)) + (1 if press.print_shop else 0)


def _not_built(name: str, problems: list[Problem]) -> str:
    lines = [problem.format() for problem in problems]
    return f"the {name} edition is not built: {len(problems)} problem(s)\n" + "\n".join(lines)


def _site(session: Session) -> Meanwhile:
    """The web edition (the project's own edition's): pages and copies of the handouts, made
    in this process, while it waits for others (see `publisher.builder.site.WebEdition`)."""
    from publisher.builder.site import WebEdition

    web = WebEdition(session)
    return Meanwhile(web.finish, early=web.early)


class Meanwhile:
    """Work of this process that waits for no other (the web edition), done once: while a
    booklet is written by processes of their own, or else at the end (`finish`); and its
    part that waits for no layout of this build (`early`) while the first handout laid out
    for it is waited for (`idle`), when only a few are."""

    def __init__(
        self, work: Callable[[], None] | None, early: Callable[[], None] | None = None
    ) -> None:
        self.work, self.early = work, early
        self.failure: PublisherError | None = None

    def idle(self) -> None:
        """Do the early part, if any and not done yet (nor the whole: see `__call__`)."""
        early, self.early = self.early, None
        if early is not None and self.work is not None:
            self._do(early)

    def __call__(self) -> None:
        """Do the work, if not done yet. Its error is kept for `finish`: it is not the
        booklet's, whose writing it ran beside."""
        work, self.work = self.work, None
        self.early = None
        if work is not None and self.failure is None:
            self._do(work)

    def _do(self, work: Callable[[], None]) -> None:
        try:
            work()
        except PublisherError as exc:
            self.failure = exc

    def finish(self) -> None:
        self()
        if self.failure is not None:
            raise self.failure


def _run(
    session: Session,
    jobs: Sequence[tuple[BookletRecipe, PrintOptions]],
    slugs: Sequence[str] | None,
    edited: Sequence[Path],
    extras: tuple[Sequence[str], Sequence[Sequence[str]]],
    *,
    meanwhile: Meanwhile,
) -> None:
    """One edition's handouts and booklets (and the project's own, its table cards and
    comparison sheets); `meanwhile` while the first booklet is merged."""
    from publisher.builder.cards import make_cards
    from publisher.builder.comparisons import make_comparisons

    cards, comparisons = extras
    if slugs is None:
        session.lay_out_first(edited)
    pending = [session.start_booklet(recipe, press) for recipe, press in jobs]
    binders = [started.binder for started in pending if started and started.binder]

    def advance() -> None:
        for binder in binders:
            binder.advance()

    if slugs is None or slugs:
        session.handouts(slugs, advance, meanwhile.idle)
    if cards:
        make_cards(session, cards)
    if comparisons:
        make_comparisons(session, comparisons)
    for number, started in enumerate(pending, 1):
        if started is not None:
            session.finish_booklet(started, last=number == len(pending), meanwhile=meanwhile)


def _open(
    project: Project,
    today: date,
    options: BuildOptions,
    start: Start,
    *,
    progress: Progress,
    library: Library | None,
) -> Session:
    """The session, with what `start` says to start before the guides are read (workers,
    the chart process) handed to it; on an error, those are stopped here."""
    if start.edited:
        load_shared(project)
    charts = ChartDrawer.wanted(project, start, options.jobs)  # forked before any thread
    early = None
    try:
        if start.workers:
            whole = start.workers > 1 and not start.edited  # (the whole library to lay out)
            warm_up = partial(prepare_worker, project, whole and undrawn_library(project), whole)
            early = make_executor(options.jobs, warm_up, start.workers, shared=whole)
        discard_early()  # (a worker forked before the command line was read, not taken)
        if charts is not None:
            charts.draw(undrawn(project, today, start.edited))
        if library is None:
            store = Store(project.cache_dir / "store") if options.cache else None
            parsed = ParsedGuides(store, today) if store else None
            library = load_library(project, today, read=parsed.load if parsed else None)
            for entry in library.entries:  # (read, checked and kept: the build never needs
                entry.raw = None  # the guides' text again, some 20 MB at 500 careers)
        return Session(project, library, options, progress, executor=early, charts=charts)
    except BaseException:
        if charts is not None:
            charts.stop()
        if early is not None:
            discard(early)
        raise
