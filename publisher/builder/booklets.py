"""The build of one booklet: which parts to lay out, in what order, in which process.

A booklet is planned and assembled by `publisher.documents` (plan, parts, relocate, bind);
here each part is looked up in the store by its key, the missing ones are laid out in the
workers (and kept relocated, for `publisher.documents.bind`), and the booklet and its print
sheets are written straight to `output/` by the processes that make them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar, cast

from publisher.builder import keys
from publisher.builder.furniture import KeptFurniture
from publisher.builder.libraries import import_layout_engine, import_pdf_library
from publisher.builder.store import Store, Summed
from publisher.builder.workers import give_back_memory, handed_over, handing_over, serial
from publisher.charts.figures import Pictures
from publisher.documents.booklet import (
    OPENER_PAGES,
    BookletView,
    PartSpec,
    closing_parts,
    expected_front_pages,
    heading_levels,
    make_view,
    paginate,
    part_view,
)
from publisher.documents.parts import PartJob, PartResult, render_part
from publisher.documents.pdfx import PressJob
from publisher.errors import BuildError
from publisher.guides.library import Entry
from publisher.guides.models import Guide
from publisher.output import save_atomic
from publisher.project.labels import Labels
from publisher.project.settings import BookletRecipe, Paper, Project

if TYPE_CHECKING:
    from publisher.documents.bind import Kept
    from publisher.documents.handout_pdf import HandoutPDF

# A career's handout, laid out once a build (the session's `handout`): a spread that is not
# in the store is made from its handout's pages.
Handouts = Callable[[Entry], "Future[HandoutPDF]"]


@dataclass(frozen=True)
class BookletInputs:
    """One booklet to bind, and what its parts' keys start from."""

    project: Project
    recipe: BookletRecipe
    entries: list[Entry]
    labels: Labels
    titles: dict[str, str]
    paper: Paper
    print_css: str
    env: str
    pictures: Pictures
    press: PressJob | None = None  # the print shop's set (publisher.builder.printshop)
    variant: str = "standard"  # large print: each career takes its handout's pages
    furniture: KeptFurniture | None = None  # spreads' furniture kept by earlier builds


class Binder:
    """Lays out (or reuses) every part of one booklet and writes them into one PDF.

    `start()` starts the front matter and the cluster openers at once, as planned, so they
    lay out while the handouts do (when all of them are in the store, the plan is known and
    every other part starts too). When one ran longer (a long contents or a big field), the
    pages are numbered again and those parts laid out again with the right numbers. Then every
    other part is laid out at once and the booklet written from them.
    """

    def __init__(
        self, inputs: BookletInputs, executor: Executor, store: Store, handouts: Handouts
    ) -> None:
        careers = [(e.slug, e.guide) for e in inputs.entries if e.guide is not None]
        self.inputs = inputs
        self.base = make_view(inputs.project, inputs.recipe, careers, inputs.labels)
        self.part = _part_tasks(inputs, executor, store, handouts)
        self.executor = executor
        self.spreads = _spread_pages(inputs, handouts)
        self.front_pages = expected_front_pages(self.base, inputs.paper, inputs.variant)
        self.view, self.body = paginate(self.base, self.front_pages, spreads=self.spreads)
        self.front = self.part(self.view, self._front_spec())
        self.openers = {
            spec.group.id: self.part(self.view, spec) for spec in self.body if spec.group
        }
        self.appendix = self.part(self.view, self.body[-1])  # (started with the front: `start`)
        self.parts: list[PartTask] | None = None
        self.note: str | None = None  # what the reader should know of the bound booklet

    def _front_spec(self) -> PartSpec:
        """The front matter as planned: its own pages, then its Notes page if it has one."""
        return PartSpec("front", 1, self.front_pages + self.view.front_fillers)

    def start(self) -> None:
        """Start the front matter and the openers (and, when those are in the store, every
        other part: the plan is known already, so they lay out alongside the handouts).

        A front matter to lay out goes with the appendix as planned, one after the other in
        one worker (`_together`): started once the plan is final, the appendix went to
        whichever worker was free, and at five hundred careers a worker grown by the front
        (some 120 MB, kept to the end) beside one growing by the appendix (160 MB) made the
        build's peak of memory, some 40 MB over the low one. Should the front or an opener
        not take the pages planned, the appendix is laid out again (`_submit_parts`)."""
        if self.front.hit is None:
            _together([self.front, self.appendix])
        self.front.start()
        for opener in self.openers.values():
            opener.start()
        if self.front.hit and all(opener.hit for opener in self.openers.values()):
            self._submit_parts()

    def advance(self) -> None:
        """Start what the plan alone decides as soon as it is final (called as the handouts
        come): once the front matter and the openers are counted, early in a build, the
        appendix (one long layout of every career), unless it went with the front matter
        (`start`), is laid out then, by a worker that has laid out few handouts yet, not
        after the last one. At five hundred careers the appendix laid out at the end, by a
        worker grown through some 250 handouts, was the build's peak of memory. The spreads
        start when the booklet is finished (`finish`)."""
        if self.parts is not None or not self.front.counted():
            return
        if all(opener.counted() for opener in self.openers.values()):
            self._submit_parts(spreads=False)

    def _submit_parts(self, spreads: bool = True) -> None:
        front_pages = self.front.result().pages - self.view.front_fillers  # (laid out with)
        natural = {cluster: opener.result().pages for cluster, opener in self.openers.items()}
        if front_pages != self.front_pages or any(n != OPENER_PAGES for n in natural.values()):
            self.front_pages = front_pages
            self.view, self.body = paginate(self.base, front_pages, natural, self.spreads)
            self.front = self.part(self.view, self._front_spec())
            self.appendix = self.part(self.view, self.body[-1])
        middle = (self.part(self.view, spec) for spec in self.body[:-1])
        self.parts = [self.front, *middle, self.appendix]
        _start(self.parts, spreads)

    def finish(
        self,
        target: Path,
        sheets: list[tuple[Path, tuple[float, float] | None]],
        laid_out: Callable[[], None] | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> tuple[list[float], dict[Path, bytes]]:
        """Lay out what is left, write the booklet to `target`, and its sheets to theirs,
        each in its size (see `publisher.documents.bind`); returns the sheets' scales, and the
        store's checksum (`Summed`) of each file written, where the writer knew it.
        `meanwhile` runs in this process while they are written (this process only waits for
        them then).

        The booklet and its sheets are written side by side, each in a process of its own
        forked once every part is in the store (`handing_over`), which reads the relocated
        parts from the store itself, one at a time: this process never holds them (tens of MB
        at five hundred careers). In a serial build, one process writes one after the other.
        `laid_out` is called first: nothing is left to lay out, the workers can go."""
        project, labels = self.inputs.project, self.inputs.labels
        if self.parts:  # (first the spreads that waited for their handouts: an edited
            _start(self.parts)  # guide's is what the build waits for, not the import below)
        import_binding()  # (while the workers lay out the last parts: the writers inherit it)
        if self.inputs.press is not None:  # the print shop's set (publisher.builder.printshop)
            from publisher.builder.printshop import finish_for_press

            tasks, view = self._parts()
            parts = [task.pdf() for task in tasks]
            press = (self.inputs.press, target, sheets, laid_out)
            return finish_for_press(self.executor, parts, view, project, labels, *press), {}
        inline = serial(self.executor)
        tasks, view = self._parts()
        for task in tasks:  # (parts kept by an older build: relocated now, side by side)
            task.relocate()
        stored = Stored(tasks[0].store, [task.kept() for task in tasks])
        del tasks
        if laid_out is not None:
            laid_out()
        if inline:  # (this process laid everything out: let go of what it no longer needs)
            give_back_memory()
        with handing_over(stored, 1 if inline else 2) as writers:
            booklet = writers.submit(bind_booklet, view, project, labels, target)
            placed = writers.submit(bind_sheets, view, project, labels, sheets)
            if meanwhile is not None:
                meanwhile()
            digests = {target: booklet.result()}
            written = placed.result()
        paths = [path for path, _ in sheets]
        digests.update((path, digest) for path, (_, digest) in zip(paths, written, strict=True))
        return [scale for scale, _ in written], digests

    def _parts(self) -> tuple[list[PartTask], BookletView]:
        """Every part, in order, laid out or in the store, checked against the plan."""
        if self.parts is None:
            self._submit_parts()
        assert self.parts is not None
        view, body = self.view, self.body
        _start(self.parts)  # (spreads that waited for their handouts)
        results, closing = _collect_closing(
            self.parts,
            lambda pages: [self.part(view, spec) for spec in closing_parts(body[-1], pages)],
        )
        tasks = [*self.parts, *closing]
        after = [task.job.spec for task in closing]
        self.parts = []  # (bound once)
        planned = [self._front_spec(), *body, *after]
        _check_lengths(view, planned, results)
        displays = {e.slug: e.display for e in self.inputs.entries}
        numbered = zip(planned, results, strict=True)
        self.note = related_note([displays[spec.slug] for spec, r in numbered if r.names_only])
        return tasks, view


T = TypeVar("T")

AHEAD = 16  # spreads handed to the workers ahead of the one the build waits for


def _start(parts: list[PartTask], spreads: bool = True) -> None:
    """Start `parts`, those that wait for no handout first: the front matter, the openers
    and the appendix are each one long layout, and the workers take tasks in the order they
    come, so started after a hundred spreads the appendix would lay out alone at the end.
    Of the spreads to lay out (unless not `spreads`), only the first `AHEAD`: each holds its
    handout's pages until laid out (the rest start as they are collected, `_collect`), so
    that the build process does not hold every handout at once (some 30 MB at five hundred
    careers)."""
    _together([part for part in parts if part.job.spec.kind in LONG_PARTS])
    for part in parts:
        if part.job.spec.kind != "spread":
            part.start()
    waiting = [part for part in parts if part.job.spec.kind == "spread" and part.hit is None]
    for part in waiting[:AHEAD] if spreads else []:
        part.start()


LONG_PARTS = ("front", "appendix")  # each one long layout, of every career


def _together(parts: list[PartTask]) -> None:
    """Start the long parts (the front matter and the appendix) as one task, laid out one
    after the other by one worker (`lay_out_parts`). Side by side in two workers, each grows
    by what its layout takes (at five hundred careers, 65 and 100 MB) at the same moment:
    the peak of the build's memory. One after the other, the second reuses the first's."""
    waiting = [part for part in parts if part.hit is None and part.future is None]
    if len(waiting) < 2:
        return
    jobs = [(part.job, part.relocating) for part in waiting]
    both = waiting[0].executor.submit(lay_out_parts, jobs)
    for index, part in enumerate(waiting):
        part.future = _one_of(both, index)


def _one_of(future: Future[list[T]], index: int) -> Future[T]:
    """The `index`th of the results that `future` will give, as a future of its own."""
    one: Future[T] = Future()

    def settle(done: Future[list[T]]) -> None:
        if done.cancelled():
            one.cancel()
        elif (error := done.exception()) is not None:
            one.set_exception(error)
        else:
            one.set_result(done.result()[index])

    future.add_done_callback(settle)
    return one


def _collect(parts: list[PartTask], then: Callable[[], None] | None = None) -> list[Laid]:
    """Each part's result, in order, starting those `AHEAD` of it as it goes (`_start`), and
    calling `then` after each."""
    results = []
    for index, part in enumerate(parts):
        for ahead in parts[index + 1 : index + 1 + AHEAD]:
            ahead.start()
        results.append(part.result())
        if then is not None:
            then()
    return results


def _collect_closing(
    parts: list[PartTask], closing: Callable[[int], list[PartTask]]
) -> tuple[list[Laid], list[PartTask]]:
    """Each part's result, in order (`_collect`), and the closing parts', which follow from
    the last part's length (`closing`, given its page count): they are started as soon as
    that is known, to lay out beside the spreads, not after them. Until then the spreads are
    collected, and more of them started: a worker that ran out of spreads while the build
    waited for the last part (the appendix) would stand idle (some 5 s at 500 careers)."""
    last, after = parts[-1], list[PartTask]()

    def close(wait: bool = False) -> None:
        if not after and (wait or last.counted()):
            after.extend(closing(last.result().pages))
            _start(after)

    results = _collect(parts[:-1], close)
    close(wait=True)
    return [*results, last.result(), *_collect(after)], after


NOTE_NAMES = 6  # careers a note names before it counts the rest


def related_note(careers: list[str]) -> str | None:
    """What the reader is told of the spreads whose related line has no page numbers."""
    if not careers:
        return None
    named = ", ".join(careers[:NOTE_NAMES])
    more = f" and {len(careers) - NOTE_NAMES} more" if len(careers) > NOTE_NAMES else ""
    return (
        f"{len(careers)} career(s) list their related careers without page numbers ({named}"
        f"{more}): with the numbers the line runs onto a second line and the front page "
        "overflows; cut a line from that page, or a related career, to get them back"
    )


def _spread_pages(inputs: BookletInputs, handouts: Handouts) -> dict[str, int] | None:
    """How many pages each career takes, when that is not two: its large-print handout's
    count (so the handouts are laid out first; the plan waits for them)."""
    if inputs.variant == "standard":
        return None
    futures = {e.slug: handouts(e) for e in inputs.entries if e.guide is not None}
    return {slug: _page_count(future.result().pdf) for slug, future in futures.items()}


def import_binding() -> None:
    """What writing a booklet imports, loaded ahead of it."""
    import_pdf_library()
    import publisher.documents.bind  # noqa: F401


@dataclass(frozen=True)
class Stored:
    """A booklet's relocated parts in page order, by their keys in the store: what the
    writers are handed (`handing_over`) and read (`read`), not the parts themselves."""

    store: Store
    keys: list[str]  # each part's relocated objects (its head: `_head_key`)

    def read(self, view: BookletView) -> Kept:
        """The parts as `publisher.documents.bind` reads them: their heads now, a part's
        objects as it is written."""
        from publisher.documents.bind import Kept

        def read(number: int, key: str) -> bytes:
            data = self.store.get(key, "relocated")
            if data is None:  # (damaged on disk since it was checked: the store drops it)
                raise BuildError(
                    f"booklet '{view.name}': its part {number + 1} was damaged in the cache"
                    " (.cache/store) before it was written; build again to make it anew"
                )
            return data

        heads = [read(number, _head_key(key)) for number, key in enumerate(self.keys)]
        kept = _KeptSegments(self.store, self.keys) if self.store.files else None
        return Kept(heads, lambda number: read(number, self.keys[number]), kept)


@dataclass(frozen=True)
class _KeptSegments:
    """The parts as last written into a booklet or its sheets, in the store
    (`publisher.documents.bind.Segments`): an edit writes the parts it did not change as
    they were, without reading them again (a 500-career booklet's are some 80 MB relocated,
    read by each writer). Not in a build without a cache: nothing would write them again."""

    store: Store
    keys: list[str]  # each part's relocated objects (`Stored.keys`)

    def get(self, number: int, context: bytes) -> bytes | None:
        return self.store.get(keys.segment(self.keys[number], context), "segment")

    def put(self, number: int, context: bytes, segment: bytes) -> None:
        self.store.put(keys.segment(self.keys[number], context), segment, "segment")


def bind_booklet(view: BookletView, project: Project, labels: Labels, target: Path) -> bytes:
    """Write the booklet of the parts handed over (`handing_over`: `Stored`) to `target`,
    atomically (in a process of its own); return the store's checksum of it (`Summed`)."""
    from publisher.documents.bind import write_booklet

    parts = _handed_parts().read(view)
    summed: list[Summed] = []

    def write(stream: BinaryIO) -> None:
        summed[:] = [Summed(stream)]
        write_booklet(parts, view, project, labels, cast(BinaryIO, summed[0]))

    save_atomic(target, write)
    return summed[0].digest()


def bind_sheets(
    view: BookletView,
    project: Project,
    labels: Labels,
    sheets: list[tuple[Path, tuple[float, float] | None]],
) -> list[tuple[float, bytes]]:
    """Write the sheets of the parts handed over (`Stored`), each size to its file,
    atomically; return their scales and checksums (`Summed`; in a process of its own)."""
    from publisher.documents.bind import write_sheets

    parts = _handed_parts().read(view)
    written: list[tuple[float, bytes]] = []
    for path, size in sheets:

        def write(stream: BinaryIO, size: tuple[float, float] | None = size) -> None:
            summed = Summed(stream)
            out = cast(BinaryIO, summed)
            scale = write_sheets(parts, view, project, labels, sheet=size, stream=out)
            written.append((scale, summed.digest()))

        save_atomic(path, write)
    return written


def _handed_parts() -> Stored:
    stored = handed_over()
    assert isinstance(stored, Stored)
    return stored


def _check_lengths(view: BookletView, specs: list[PartSpec], results: list[Laid]) -> None:
    for spec, result in zip(specs, results, strict=False):
        if spec.pages and result.pages != spec.pages:
            raise BuildError(
                f"booklet '{view.name}': its {spec.kind} took {result.pages} pages where "
                f"{spec.pages} were planned (page numbers changed its length); build again"
            )


def _part_tasks(
    inputs: BookletInputs, executor: Executor, store: Store, handouts: Handouts
) -> Callable[[BookletView, PartSpec], PartTask]:
    """The task of one part of the booklet under a given plan (not started yet)."""
    guides = {e.slug: e for e in inputs.entries}
    plan: list[tuple[BookletView, dict[int, int]]] = []  # the last plan's heading levels

    def level(view: BookletView, start: int) -> int:
        if not plan or plan[0][0] is not view:
            plan[:] = [(view, heading_levels(view))]
        return plan[0][1].get(start, 2)

    def task(view: BookletView, spec: PartSpec) -> PartTask:
        career, handout = None, None
        if spec.kind == "spread":
            entry = guides[spec.slug]
            assert entry.guide is not None
            career = (entry.slug, entry.guide, entry.display, entry.is_draft)
            if inputs.press is None:  # (a print shop's spread is laid out in its inks)
                handout = lambda: handouts(entry)  # noqa: E731 -- asked for only on a miss
        related = tuple(career[1].related) if career else ()
        job = PartJob(
            inputs.project,
            part_view(view, spec, related),
            spec,
            inputs.labels,
            inputs.paper,
            inputs.print_css,
            _titles_for(inputs.titles, career),
            inputs.pictures,
            career,
            variant=inputs.variant,
            headings=level(view, spec.start),
            furniture=inputs.furniture if career else None,
        )
        key = keys.part(inputs.env, job, guides[spec.slug].content if career else "")
        return PartTask(store, key, executor, job, handout, relocating=inputs.press is None)

    return task


def _titles_for(
    titles: dict[str, str], career: tuple[str, Guide, str, bool] | None
) -> dict[str, str]:
    """A spread needs only its related careers' titles (so other edits keep its cache key)."""
    if career is None:
        return {}
    return {slug: titles[slug] for slug in career[1].related if slug in titles}


@dataclass(frozen=True)
class Laid:
    """What a booklet needs of a part before it is bound: its page count, and whether it is a
    spread that kept its handout's related line without page numbers (`PartResult`). The part
    itself stays in the store (`PartTask.pdf`, `PartTask.kept`)."""

    pages: int
    names_only: bool = False
    measured: bool = False  # laid out only to be counted (`PartResult.measured`): no PDF


Packed = tuple[bytes, bytes]  # a part relocated (`publisher.documents.relocate.pack`)


class PartTask:
    """One part: from the store, or laid out by the executor (then stored). A spread is laid
    out from its career's handout, so it is submitted once that handout is ready. Its bytes
    go to the store as they come: the build process holds no part (a 500-career booklet's are
    some 120 MB, PDF and relocated)."""

    def __init__(
        self,
        store: Store,
        key: str,
        executor: Executor,
        job: PartJob,
        handout: Callable[[], Future[HandoutPDF]] | None = None,
        *,
        relocating: bool = True,
    ) -> None:
        self.store, self.key, self.executor, self.job = store, key, executor, job
        self.relocating = relocating  # (not a print shop's part: see `lay_out_part`)
        # A part kept relocated, whole (checked now, while the workers lay out: the writers
        # read it again), is written from that: its PDF is not read (a spread is held to
        # its two pages, another part counted from its head: some 0.25 s of an edit at five
        # hundred careers); what reads it reads it through.
        pages = self._relocated() if relocating else None
        self.hit: Laid | None
        if pages is not None and store.has(key):
            spread = job.spec.kind == "spread"
            self.hit = _spread(store, key, job.spec) if spread else Laid(pages)
        else:
            self.hit = _in_store(store, key, job.spec)
        self.future: Future[tuple[PartResult, Packed | None]] | None = None
        self.wants_handout = handout
        self.handout: Future[HandoutPDF] | None = None
        self.relocation: Future[Packed] | None = None  # (relocated this build: `relocate`)
        self.relocated = self.hit is not None and pages is not None

    def start(self) -> None:
        """Submit the part, unless it is in the store or its handout is still being laid
        out (`result` submits it then)."""
        if self.hit is not None or self.future is not None:
            return
        if self.handout is None and self.wants_handout is not None:
            self.handout = self.wants_handout()
        if self.handout is None or self.handout.done():
            self._submit()

    def _submit(self) -> None:
        job = self.job
        if self.handout is not None:
            job = replace(job, handout=self.handout.result())
            self.handout = None  # the job holds it now, until it is done
        self.future = self.executor.submit(lay_out_part, job, self.relocating)

    def result(self) -> Laid:
        if self.hit is not None:
            return self.hit
        if self.future is None:
            self.start()
        if self.future is None:
            self._submit()
        assert self.future is not None
        result, relocated = self.future.result()
        self.future = None  # (its bytes go to the store, not kept here)
        if result.measured:  # (its count, so the next build need not lay it out to learn it)
            self.store.put(_count_key(self.key), json.dumps(result.pages).encode(), "json")
            self.hit = Laid(result.pages, measured=True)
            return self.hit
        if result.names_only:  # (kept first: a spread in the store without it has numbers)
            self.store.put(_names_key(self.key), b"true", "json")
        if relocated is not None:
            self._keep(relocated)  # (before the part: a part in the store has them)
        self.store.put(self.key, result.pdf)
        self.hit = Laid(result.pages, result.names_only)
        return self.hit

    def counted(self) -> bool:
        """Whether its page count is known without waiting (in the store, or laid out)."""
        return self.hit is not None or (self.future is not None and self.future.done())

    def pdf(self) -> bytes:
        """The part's PDF, from the store (laid out again if the store lost it since)."""
        self.result()
        kept = self.store.get(self.key)
        if kept is None:
            result, _ = self.executor.submit(lay_out_part, self.job, False).result()
            kept = result.pdf
        return kept

    def relocate(self) -> None:
        """Start relocating a part the store keeps without its relocated objects (kept by an
        older build, or damaged since)."""
        if self.relocation is None and not self.relocated:
            self.relocation = self.executor.submit(relocate_part, self.pdf(), _what(self.job))

    def kept(self) -> str:
        """The key of the part relocated (`publisher.documents.relocate.pack`), once the store
        has it (its head: `_head_key`)."""
        self.relocate()
        if self.relocation is not None:
            self._keep(self.relocation.result())
            self.relocation = None
        return _relocated_key(self.key)

    def _relocated(self) -> int | None:
        """The part's pages, if the store keeps it relocated, whole (its entries are read
        through, not kept: damaged, they read as missing)."""
        from publisher.documents.relocate import unpack_head

        key = _relocated_key(self.key)
        objects, head = (self.store.get(entry, "relocated") for entry in (key, _head_key(key)))
        part = unpack_head(head) if objects is not None and head is not None else None
        return None if part is None else len(part.booklet.pages)  # (a damaged one: dropped)

    def _keep(self, packed: Packed) -> None:
        """Store the part relocated (anew: what the store had may be damaged), its head last:
        a part with a head has its objects."""
        head, objects = packed
        key = _relocated_key(self.key)
        self.store.put(key, objects, "relocated", anew=True)
        self.store.put(_head_key(key), head, "relocated", anew=True)
        self.relocated = True


def _in_store(store: Store, key: str, spec: PartSpec) -> Laid | None:
    """What the store knows of a part: a spread is held to its two pages when laid out, other
    parts are counted (from their PDF, or as an earlier build counted them). Its PDF is read
    through (damaged, it reads as missing), not kept."""
    kept = store.get(key)
    if kept is None:
        return _measured(store, key)
    if spec.kind == "spread":
        return _spread(store, key, spec)
    return Laid(_page_count(kept))


def _spread(store: Store, key: str, spec: PartSpec) -> Laid:
    """A spread in the store: held to its two pages when laid out."""
    return Laid(spec.pages, store.has(_names_key(key), "json"))


def _names_key(key: str) -> str:
    """Where the store marks a spread whose related line has no page numbers (see
    `PartResult.names_only`)."""
    return f"{key}-names"


def _count_key(key: str) -> str:
    """Where the store keeps the page count of a part laid out only to be counted."""
    return f"{key}-pages"


def _measured(store: Store, key: str) -> Laid | None:
    """A part counted by an earlier build (`PartResult.measured`), from the store."""
    kept = store.get(_count_key(key), "json")
    try:
        pages = json.loads(kept) if kept is not None else None
    except ValueError:
        return None
    return Laid(pages, measured=True) if isinstance(pages, int) and pages > 0 else None


def lay_out_part(job: PartJob, relocating: bool) -> tuple[PartResult, Packed | None]:
    """A worker's task: one part's PDF (the layout engine loads once per process), and the
    part relocated for its booklet (`publisher.documents.relocate`; not for a print shop's,
    which is merged from the PDFs)."""
    import_layout_engine(job.project.cache_dir)
    result = render_part(job)
    packed = None if result.measured or not relocating else relocate_part(result.pdf, _what(job))
    if job.spec.kind in LONG_PARTS:  # (what it took is free now, most of it in the C heap:
        give_back_memory()  # a worker kept some 20 MB more of it to the end of a build)
    return result, packed


def lay_out_parts(jobs: list[tuple[PartJob, bool]]) -> list[tuple[PartResult, Packed | None]]:
    """A worker's task: `lay_out_part` for each part, one after the other (`_together`)."""
    return [lay_out_part(job, relocating) for job, relocating in jobs]


def relocate_part(pdf: bytes, what: str) -> Packed:
    """A worker's task: a part's PDF relocated and packed (its head, its objects), to keep in
    the store."""
    from publisher.documents.relocate import pack, relocate

    return pack(relocate(pdf, what))


def _what(job: PartJob) -> str:
    return f"booklet '{job.view.name}', its {job.spec.kind} on page {job.spec.start}"


def _relocated_key(key: str) -> str:
    """Where the store keeps a part relocated (see `relocate_part`), in the format it is
    kept in: a build that keeps them otherwise relocates every part again."""
    from publisher.documents.relocate import FORMAT

    return f"{key}-relocated{FORMAT}"


def _head_key(relocated: str) -> str:
    """Where the store keeps the head of the part whose objects it keeps under `relocated`
    (a `_relocated_key`)."""
    return f"{relocated}-head"


def _page_count(pdf: bytes) -> int:
    """Pages of a cached part whose length was measured, not planned."""
    import_pdf_library()
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)
