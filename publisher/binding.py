"""Stage 6 (assemble), booklets, part 2: laid-out parts → one booklet PDF.

Orders the work (measure the front matter, then lay out every other part at once, in worker
processes, taking unchanged parts from the cache), then merges the parts with pikepdf:
`booklet:` links become page links, and the outline (clusters, careers under them) and
document metadata are written from the plan.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from publisher.booklet import (
    OPENER_PAGES,
    BookletView,
    PartSpec,
    Row,
    closing_parts,
    make_view,
    paginate,
)
from publisher.booklet_parts import PartJob, PartResult, render_part
from publisher.errors import BuildError
from publisher.jobs import fresh_process
from publisher.labels import Labels
from publisher.library import Entry
from publisher.project import BookletRecipe, Paper, Project
from publisher.store import Store, digest
from publisher.template import branding_line
from publisher.write import save_atomic

if TYPE_CHECKING:
    from publisher.handout import HandoutPDF

Handouts = Callable[[Entry], "Future[HandoutPDF]"]  # a career's handout, laid out once a build

LINK_SCHEME = "booklet:"
ASSUMED_FRONT_PAGES = 3  # cover, how to read, contents


@dataclass(frozen=True)
class BookletInputs:
    """One booklet to bind, and where to cache its parts."""

    project: Project
    recipe: BookletRecipe
    entries: list[Entry]
    labels: Labels
    titles: dict[str, str]
    paper: Paper
    print_css: str
    env: str


class Binder:
    """Lays out (or reuses) every part of one booklet and merges them into one PDF.

    `Binder(...)` starts the front matter and the cluster openers at once, as planned, so they
    lay out while the handouts do (when all of them are in the cache, the plan is known and
    every other part starts too). When one ran longer (a long contents or a big field), the
    pages are numbered again and those parts laid out again with the right numbers. Then every
    other part is laid out at once and the parts are merged.
    """

    def __init__(
        self, inputs: BookletInputs, executor: Executor, store: Store, handouts: Handouts
    ) -> None:
        careers = [(e.slug, e.guide) for e in inputs.entries if e.guide is not None]
        self.inputs = inputs
        self.base = make_view(inputs.project, inputs.recipe, careers, inputs.labels)
        self.run = _runner(inputs, executor, store, handouts)
        self.executor = executor
        self.view, self.body = paginate(self.base, ASSUMED_FRONT_PAGES)
        self.front = self.run(self.view, PartSpec("front", 1, ASSUMED_FRONT_PAGES))
        self.openers = {
            spec.group.id: self.run(self.view, spec) for spec in self.body if spec.group
        }
        self.parts: list[Any] | None = None
        self.front_pages = ASSUMED_FRONT_PAGES
        if self.front.hit and all(opener.hit for opener in self.openers.values()):
            self._submit_parts()  # the plan is known already: lay out alongside the handouts

    def _submit_parts(self) -> None:
        front_pages = self.front.result().pages
        natural = {cluster: opener.result().pages for cluster, opener in self.openers.items()}
        self.front_pages = front_pages
        if front_pages != ASSUMED_FRONT_PAGES or any(n != OPENER_PAGES for n in natural.values()):
            self.view, self.body = paginate(self.base, front_pages, natural)
            self.front = self.run(
                self.view, PartSpec("front", 1, front_pages + self.view.front_fillers)
            )
        self.parts = [self.front, *(self.run(self.view, spec) for spec in self.body)]

    def finish(
        self,
        target: Path,
        sheets: list[tuple[Path, tuple[float, float] | None]],
        laid_out: Callable[[], None] | None = None,
    ) -> list[float]:
        """Lay out what is left, write the merged booklet to `target`, and its sheets to
        theirs, each in its size (see `publisher.impose`); returns the sheets' scales.

        The booklet is merged and written in a worker while its sheets are merged here, side
        by side (the workers may be fewer than the cores: one, after one edited guide). A big
        booklet's take a few hundred MB each (500 careers): they are merged one after the
        other, each in a process started afresh, which gives the memory back when done; and
        `laid_out` is called first (nothing is left to lay out: the workers can go)."""
        parts, view = self._parts()
        project, labels = self.inputs.project, self.inputs.labels
        # (each gets its own list of parts: merging empties it)
        if is_big(parts):
            if laid_out is not None:
                laid_out()
            with fresh_process() as first:
                first.submit(bind, list(parts), view, project, labels, target).result()
            with fresh_process() as second:
                return second.submit(impose_parts, parts, view, project, labels, sheets).result()
        bound = self.executor.submit(bind, list(parts), view, project, labels, target)
        scales = impose_parts(parts, view, project, labels, sheets)  # here, meanwhile
        bound.result()
        return scales

    def _parts(self) -> tuple[list[bytes], BookletView]:
        """Every part's PDF, in order, laid out or from the cache, checked against the plan."""
        if self.parts is None:
            self._submit_parts()
        assert self.parts is not None
        view, body = self.view, self.body
        for part in self.parts:  # spreads waiting for their handouts
            part.start()
        results = [part.result() for part in self.parts]
        self.parts = []  # the parts' bytes go with them, as they are merged
        closing = closing_parts(body[-1], results[-1].pages)
        results += [self.run(view, spec).result() for spec in closing]
        planned = [PartSpec("front", 1, self.front_pages + view.front_fillers), *body]
        _check_lengths(view, planned, results)
        return [r.pdf for r in results], view


def bind(
    parts: list[bytes], view: BookletView, project: Project, labels: Labels, target: Path
) -> None:
    """Merge the parts and write the booklet to `target`, atomically (runs in a worker)."""
    with merge_parts(parts, view, project, labels) as merged:
        save_atomic(target, lambda stream: save_booklet(merged, stream))


def impose_parts(
    parts: list[bytes],
    view: BookletView,
    project: Project,
    labels: Labels,
    sheets: list[tuple[Path, tuple[float, float] | None]],
) -> list[float]:
    """The booklet's sheets, each size written to its file, atomically, from its parts merged
    in memory (beside `bind`); returns their scales (see `publisher.impose`)."""
    from publisher.impose import place_sheets, save_sheets

    if not sheets:
        return []
    with merge_parts(parts, view, project, labels) as merged:
        sizes = [size for _, size in sheets]
        scales = []
        for (target, _), scale in zip(sheets, place_sheets(merged, sizes), strict=True):
            save_atomic(target, lambda stream: save_sheets(merged, stream))
            scales.append(scale)
        return scales


def _check_lengths(view: BookletView, specs: list[PartSpec], results: list[PartResult]) -> None:
    for spec, result in zip(specs, results, strict=False):
        if spec.pages and result.pages != spec.pages:
            raise BuildError(
                f"booklet '{view.name}': its {spec.kind} took {result.pages} pages where "
                f"{spec.pages} were planned (page numbers changed its length); build again"
            )


def _runner(
    inputs: BookletInputs, executor: Executor, store: Store, handouts: Handouts
) -> Callable[..., Any]:
    guides = {e.slug: e for e in inputs.entries}

    def run(view: BookletView, spec: PartSpec) -> Any:
        career, handout = None, None
        if spec.kind == "spread":
            entry = guides[spec.slug]
            assert entry.guide is not None
            career = (entry.slug, entry.guide, entry.display)
            handout = lambda: handouts(entry)  # noqa: E731 -- asked for only on a cache miss
        related = tuple(career[1].related) if career else ()
        job = PartJob(
            inputs.project,
            reduce_view(view, spec, related),
            spec,
            inputs.labels,
            inputs.paper,
            inputs.print_css,
            _titles_for(inputs.titles, career),
            career,
        )
        key = part_key(inputs.env, job)
        return _Cached(store, key, executor, job, handout)

    return run


def _titles_for(titles: dict[str, str], career: Any) -> dict[str, str]:
    """A spread needs only its related careers' titles (so other edits keep its cache key)."""
    if career is None:
        return {}
    return {slug: titles[slug] for slug in career[1].related if slug in titles}


def part_key(env: str, job: PartJob) -> str:
    """What a part's bytes depend on: its reduced view (below), spec, and for a spread its
    career. Parts only ever see their reduced view, so nothing else can change their bytes."""
    career = ""
    if job.career is not None:
        _, guide, display = job.career
        career = json.dumps([display, guide.model_dump(mode="json")], sort_keys=True)
    subject = [repr(job.spec), repr(job.view), repr(sorted(job.titles.items())), career]
    return digest(env, "part-v4", job.paper, job.print_css, *subject)


def reduce_view(view: BookletView, spec: PartSpec, related: tuple[str, ...] = ()) -> BookletView:
    """The part of the booklet's view that one part shows, so that editing one career lays
    out again only the parts that print something of it."""
    if spec.kind == "spread":
        wanted = {f"career-{slug}" for slug in related}
        return replace(view, groups=(), pages={k: v for k, v in view.pages.items() if k in wanted})
    if spec.kind == "front":  # titles and page numbers only
        groups = tuple(
            replace(group, rows=tuple(_title_only(row) for row in group.rows))
            for group in view.groups
        )
        return replace(view, groups=groups)
    if spec.kind == "opener" and spec.group is not None:
        wanted = {f"career-{row.slug}" for row in spec.group.rows}
        pages = {k: v for k, v in view.pages.items() if k in wanted}
        return replace(view, groups=(spec.group,), pages=pages)
    if spec.kind == "appendix":  # the table and sources, no summaries
        groups = tuple(
            replace(group, rows=tuple(replace(row, summary="") for row in group.rows))
            for group in view.groups
        )
        return replace(view, groups=groups, pages={})
    return replace(view, groups=(), pages={})  # notes, back cover


def _title_only(row: Row) -> Row:
    return Row(row.slug, row.title, "", "", "", "", "", "", ())


class _Cached:
    """A part result from the cache, or from the executor (then stored). A spread is laid out
    from its career's handout, so it starts once that handout is ready (`start`)."""

    def __init__(
        self,
        store: Store,
        key: str,
        executor: Executor,
        job: PartJob,
        handout: Callable[[], Future[HandoutPDF]] | None = None,
    ) -> None:
        self.store, self.key, self.executor, self.job = store, key, executor, job
        hit = store.get(key)
        # A spread is held to its two pages when laid out; other parts are counted.
        spread = job.spec.kind == "spread"
        pages = 0 if hit is None else (job.spec.pages if spread else _page_count(hit))
        self.hit = None if hit is None else PartResult(hit, pages)
        self.future: Future[PartResult] | None = None
        self.handout = None if self.hit or handout is None else handout()
        if self.hit is None and (self.handout is None or self.handout.done()):
            self.start()

    def start(self) -> None:
        """Submit the part (after its handout, which this waits for)."""
        if self.hit is not None or self.future is not None:
            return
        job = self.job
        if self.handout is not None:
            job = replace(job, handout=self.handout.result())
            self.handout = None  # the job holds it now, until it is done
        self.future = self.executor.submit(render_part, job)

    def result(self) -> PartResult:
        if self.hit is not None:
            return self.hit
        self.start()
        assert self.future is not None
        result: PartResult = self.future.result()
        self.store.put(self.key, result.pdf)
        return result


def _page_count(pdf: bytes) -> int:
    """Pages of a cached part whose length was measured, not planned."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


BIG_BOOKLET = 16 * 2**20  # bytes of parts above which each part is let go once copied


def is_big(parts: list[bytes]) -> bool:
    """A booklet whose merge takes hundreds of MB: its parts add up to over BIG_BOOKLET."""
    return sum(len(part) for part in parts) > BIG_BOOKLET


def merge_parts(parts: list[bytes], view: BookletView, project: Project, labels: Labels) -> Any:
    """Concatenate the parts, resolve `booklet:` links, write outline and metadata.

    Returns the booklet open in memory: `with merge_parts(...) as pdf:` (closing it closes
    the parts it still reads from).
    Copied pages read their stream data from the part they came from until the booklet is
    saved, so every part stays open until then; for a big booklet that would double its
    memory, so there each part's stream data is copied too and the part closed at once
    (slower by a third; the bytes are the same). `parts` is emptied as it is read.
    """
    import pikepdf

    big = is_big(parts)
    merged = pikepdf.new()
    merged_from: list[Any] = []  # the parts still open
    top = 0  # the highest object number copied so far
    try:
        while parts:
            source = pikepdf.open(io.BytesIO(parts.pop(0)))
            merged.pages.extend(source.pages)
            if big:
                top = _own_stream_data(merged, top)
                source.close()
            else:
                merged_from.append(source)
        _resolve_links(merged, view)
        _write_outline(merged, view, labels)
        _write_metadata(merged, view, project, labels)
        return _Merged(merged, merged_from)
    except BaseException:
        for source in merged_from:
            source.close()
        merged.close()
        raise


class _Merged:
    """The merged booklet with the parts it still reads from; closing it closes them too."""

    def __init__(self, pdf: Any, sources: list[Any]) -> None:
        self.pdf, self.sources = pdf, sources

    def __enter__(self) -> Any:
        return self.pdf

    def __exit__(self, *_: object) -> None:
        self.pdf.close()
        for source in self.sources:
            source.close()


def _own_stream_data(pdf: Any, top: int) -> int:
    """Give the streams copied since object `top` their data (until then they read it from the
    part they came from); returns the new highest object number."""
    import pikepdf

    while (obj := pdf.get_object(top + 1, 0)) is not None:
        top += 1
        if isinstance(obj, pikepdf.Stream):
            raw, filters, parms = obj.read_raw_bytes(), obj.get("/Filter"), obj.get("/DecodeParms")
            if filters is None:
                obj.write(raw)
            else:  # written as read: still encoded
                obj.write(raw, filter=cast(Any, filters), decode_parms=cast(Any, parms))
    return top


def save_booklet(pdf: Any, stream: BinaryIO) -> None:
    """Write the merged booklet: content-derived /ID, compressed, object streams."""
    import pikepdf

    pdf.save(
        stream,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )


def _resolve_links(pdf: Any, view: BookletView) -> None:
    import pikepdf

    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if not uri.startswith(LINK_SCHEME):
                continue
            target = view.pages.get(uri[len(LINK_SCHEME) :])
            if target is None or target > len(pdf.pages):
                raise BuildError(f"booklet '{view.name}': a link points at unknown {uri!r}")
            del annot["/A"]
            annot.Dest = pikepdf.Array([pdf.pages[target - 1].obj, pikepdf.Name.Fit])


def _write_outline(pdf: Any, view: BookletView, labels: Labels) -> None:
    from pikepdf import OutlineItem

    def item(title: str, anchor: str) -> Any:
        return OutlineItem(title, view.pages[anchor] - 1)

    with pdf.open_outline() as outline:
        outline.root.append(item(labels["contents"], "contents"))
        for group in view.groups:
            careers = [item(row.title, f"career-{row.slug}") for row in group.rows]
            if view.grouped:
                heading = item(group.name, f"cluster-{group.id}")
                heading.children.extend(careers)
                outline.root.append(heading)
            else:
                outline.root.extend(careers)
        outline.root.append(item(labels["appendix_title"], "appendix"))


def _write_metadata(pdf: Any, view: BookletView, project: Project, labels: Labels) -> None:
    import pikepdf

    from publisher import __version__

    info = {
        "/Title": view.title,
        "/Subject": view.subtitle or view.title,
        "/Author": project.config.branding.organisation or labels["author_default"],
        "/Keywords": ", ".join([view.title, *(g.name for g in view.groups if g.name)]),
        "/Creator": f"career-publisher {__version__}",
    }
    if branding_line(project):
        info["/Subject"] = f"{info['/Subject']} — {branding_line(project)}"
    for key, value in info.items():
        pdf.docinfo[key] = pikepdf.String(value)
    pdf.Root.Lang = pikepdf.String(project.config.locale.replace("_", "-"))
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    pdf.Root.PageLayout = pikepdf.Name.TwoPageRight
