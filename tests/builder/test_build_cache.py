"""The fast build never trades correctness: parallel, cached and incremental builds give the
same bytes as a clean serial one, stale cache entries are never reused, and a no-op rebuild
loads neither the layout engine nor matplotlib."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, copy_project

from publisher.builder import booklets
from publisher.builder.session import BuildOptions, build
from publisher.builder.store import BUILDS, KEPT_BUILDS
from publisher.output import write_atomic
from publisher.project.settings import load_project

pytestmark = pytest.mark.slow  # lays out real pages

GUIDES = ["music-producer", "sound-designer", "filmmaker", "electrician"]


def _outputs(root: Path) -> dict[str, bytes]:
    output = root / "output"
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.pdf")}


def _build(root: Path, **options: object) -> tuple[dict[str, bytes], int]:
    project = load_project(root)
    report = build(project, TODAY, options=BuildOptions(**options))  # type: ignore[arg-type]
    assert report.failed == [], report.failed
    return _outputs(root), report.reused


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = copy_project(tmp_path_factory.mktemp("serial") / "p", GUIDES)
    outputs, reused = _build(root, jobs=1, cache=False)
    assert reused == 0
    assert sorted(outputs) == [
        "booklets/career-fair-imposed.pdf",
        "booklets/career-fair.pdf",
        *(f"handouts/{slug}.pdf" for slug in sorted(GUIDES)),
    ]
    return outputs


def test_parallel_cached_build_matches_a_clean_serial_build(
    serial: dict[str, bytes], tmp_path: Path
) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    parallel, _ = _build(root, jobs=2)
    assert parallel == serial
    again, reused = _build(root, jobs=2)  # no-op: everything current
    assert again == serial
    assert reused == len(serial)


def test_cache_alone_rebuilds_the_same_bytes(serial: dict[str, bytes], tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    _build(root, jobs=1)
    for path in (root / "output").rglob("*.pdf"):
        path.unlink()
    from_cache, reused = _build(root, jobs=1)
    assert from_cache == serial
    assert reused == len(serial)


def test_one_edited_guide_rebuilds_its_outputs_only(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    first, _ = _build(root, jobs=1)
    guide = root / "guides" / "electrician.yaml"
    text = guide.read_text()
    assert "\nclosing: " in text
    guide.write_text(text.replace("\nclosing: ", "\nclosing: Honestly, ", 1))
    second, reused = _build(root, jobs=1)
    changed = sorted(name for name in first if first[name] != second[name])
    assert changed == [
        "booklets/career-fair-imposed.pdf",
        "booklets/career-fair.pdf",
        "handouts/electrician.pdf",
    ]
    assert reused == 3  # the other handouts


def test_a_layout_change_is_never_served_from_the_cache(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["music-producer"])
    first, _ = _build(root, jobs=1)
    css = root / "layouts" / "css" / "spread.css"
    css.write_text(css.read_text() + "\n.lead { font-size: 11pt; }\n")
    second, reused = _build(root, jobs=1)
    assert reused == 0
    assert second["handouts/music-producer.pdf"] != first["handouts/music-producer.pdf"]


def test_no_op_rebuild_loads_no_layout_engine(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["music-producer"])
    _build(root, jobs=1)
    script = (
        "import sys\n"
        "from publisher.cli import app\n"
        "try:\n"
        "    app(['build', '-C', sys.argv[1]])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "heavy = sorted(m for m in ('weasyprint', 'matplotlib', 'pikepdf') if m in sys.modules)\n"
        "print('loaded:', heavy)\n"
    )
    env = {**os.environ, "PUBLISHER_TODAY": TODAY.isoformat()}
    result = subprocess.run(
        [sys.executable, "-c", script, str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "loaded: []" in result.stdout, result.stdout + result.stderr
    assert "unchanged" in result.stderr


def test_a_killed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "store" / "entry.pdf"
    write_atomic(target, b"old")

    def killed(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new bytes that never land")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["entry.pdf"]


def test_a_damaged_manifest_only_costs_a_rebuild(serial: dict[str, bytes], tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", GUIDES)
    _build(root, jobs=1)
    (root / ".cache" / "manifest.json").write_text("{not json")
    outputs, _ = _build(root, jobs=1)
    assert outputs == serial


def test_outputs_are_readable_by_everyone(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", ["music-producer"])
    _build(root, jobs=1, cache=False)
    mode = (root / "output" / "handouts" / "music-producer.pdf").stat().st_mode
    assert mode & 0o044 == 0o044


def test_editing_a_summary_lays_out_only_the_parts_that_print_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    root = copy_project(tmp_path / "p", GUIDES)
    _build(root, jobs=1)
    laid_out: list[str] = []
    render = booklets.render_part

    def counting(job: booklets.PartJob) -> object:
        laid_out.append(f"{job.spec.kind}:{job.spec.slug or job.spec.start}")
        return render(job)

    monkeypatch.setattr(booklets, "render_part", counting)
    guide = root / "guides" / "electrician.yaml"
    text = guide.read_text()
    guide.write_text(text.replace("summary: >-\n", "summary: >-\n  Truly,\n", 1))
    _build(root, jobs=1)
    # Its spread, and the part that quotes its summary: in a booklet this small (four
    # careers, fields too small for openers of their own) the contents page does; not the
    # other spreads, the appendix or the covers.
    assert sorted(item.split(":")[0] for item in laid_out) == ["front", "spread"]
    assert "spread:electrician" in laid_out


def test_a_wrong_plan_of_the_front_costs_a_layout_not_a_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The front matter's planned length only saves work: planned wrong, the front is counted
    (not written), the booklet numbered again, the front laid out again, and every output is
    the same as when the plan was right."""
    root = copy_project(tmp_path / "p", GUIDES)
    right, _ = _build(root, jobs=1, cache=False)
    fronts: list[int] = []
    render = booklets.render_part

    def counting(job: booklets.PartJob) -> booklets.PartResult:
        result = render(job)
        if job.spec.kind == "front":
            fronts.append(job.spec.pages)
            assert result.measured is (job.spec.pages == 7)
        return result

    monkeypatch.setattr(booklets, "render_part", counting)
    monkeypatch.setattr(booklets, "expected_front_pages", lambda *_: 6)
    wrong, _ = _build(root, jobs=1, cache=False)
    assert fronts == [7, 3]  # (planned six pages and a Notes page; three, as laid out)
    assert wrong == right


def test_the_appendix_lays_out_beside_the_spreads_not_after_them(
    serial: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers take parts in the order they are started: the appendix (one long layout,
    seconds at hundreds of careers) goes before the spreads, which are many short ones, so
    that it never lays out alone at the end. The order changes no byte."""
    root = copy_project(tmp_path / "p", GUIDES)
    order: list[str] = []
    render = booklets.render_part

    def recording(job: booklets.PartJob) -> booklets.PartResult:
        order.append(job.spec.kind)
        return render(job)

    monkeypatch.setattr(booklets, "render_part", recording)
    outputs, _ = _build(root, jobs=1, cache=False)  # (serial: laid out in the order started)
    assert order.count("spread") == len(GUIDES)
    assert order.index("appendix") < order.index("spread")
    assert order[-1] == "back"
    assert outputs == serial


def test_a_cached_part_reports_its_real_length(tmp_path: Path) -> None:
    """A cached opener that took three pages must say so, whatever the plan assumed."""
    import io

    import pikepdf

    from publisher.builder.booklets import PartTask
    from publisher.builder.store import Store
    from publisher.builder.workers import InlineExecutor
    from publisher.documents.booklet import Group, PartSpec

    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    store = Store(tmp_path)
    store.put("k" * 64, buffer.getvalue())
    job = type("Job", (), {"spec": PartSpec("opener", 4, 2, group=Group("g", "G", ()))})()
    cached = PartTask(store, "k" * 64, InlineExecutor(), job)  # type: ignore[arg-type]
    assert cached.result().pages == 3


def test_a_part_laid_out_only_to_be_counted_keeps_its_count_not_a_pdf(tmp_path: Path) -> None:
    """A front matter or opener that took another count than planned has no PDF (it is laid
    out again under the new plan): the store keeps its count, so the next build knows it
    without laying it out, and never takes it for a part to merge."""
    from concurrent.futures import Future

    from publisher.builder.booklets import Laid, PartTask
    from publisher.builder.store import Store
    from publisher.builder.workers import InlineExecutor
    from publisher.documents.booklet import PartSpec
    from publisher.documents.parts import PartResult

    class Counted(InlineExecutor):
        def submit(
            self, fn: object, /, *args: object, **kwargs: object
        ) -> Future[tuple[PartResult, None]]:
            future: Future[tuple[PartResult, None]] = Future()
            future.set_result((PartResult(b"", 4), None))  # (nothing relocated: no PDF)
            return future

    store = Store(tmp_path)
    job = type("Job", (), {"spec": PartSpec("front", 1, 3)})()
    task = PartTask(store, "c" * 64, Counted(), job)  # type: ignore[arg-type]
    assert task.hit is None
    assert task.result() == Laid(4, measured=True)
    assert store.get("c" * 64) is None  # no PDF under the part's key
    again = PartTask(store, "c" * 64, InlineExecutor(), job)  # type: ignore[arg-type]
    assert again.hit is not None and again.hit.measured and again.hit.pages == 4


def test_a_damaged_cache_entry_reads_as_missing(tmp_path: Path) -> None:
    """Cache entries are not flushed to disk one by one; one cut short reads as a miss."""
    from publisher.builder.store import Store

    store = Store(tmp_path)
    store.put("a" * 64, b"%PDF-1.7 whole entry")
    assert store.get("a" * 64) == b"%PDF-1.7 whole entry"
    (entry,) = tmp_path.rglob("*.pdf")
    entry.write_bytes(entry.read_bytes()[:-5])
    assert store.get("a" * 64) is None


def test_a_booklet_and_its_sheets_are_written_side_by_side_after_the_workers_to_the_same_bytes(
    serial: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The booklet and its sheets are written from the relocated parts in two processes
    forked afresh, handed the parts' keys in the store, once the layout workers have gone.
    The bytes are the serial build's."""
    from concurrent.futures import Executor

    import publisher.builder.session as build_module
    from publisher.builder.workers import handing_over
    from publisher.documents.relocate import unpack

    events: list[str] = []

    class Recording(Executor):
        def __init__(self, pool: Executor) -> None:
            self.pool = pool

        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            events.append(f"writers: {fn.__name__}")
            return self.pool.submit(fn, *args, **kwargs)

    @contextmanager
    def recording(payload: Any, count: int) -> Iterator[Executor]:
        store, keys = payload.store, payload.keys  # (the parts' keys, read by the writers)
        head = booklets._head_key
        parts = [(store.get(head(key), "relocated"), store.get(key, "relocated")) for key in keys]
        relocated = all(unpack(*part) is not None for part in parts) and len(parts) > 4
        events.append(f"{count} writers started with the relocated parts: {relocated}")
        with handing_over(payload, count) as pool:
            yield Recording(pool)

    stop = build_module.Session.stop_workers

    def stopping(session: build_module.Session) -> None:
        events.append("workers stopped")
        stop(session)

    monkeypatch.setattr(booklets, "handing_over", recording)
    monkeypatch.setattr(build_module.Session, "stop_workers", stopping)
    root = copy_project(tmp_path / "p", GUIDES)
    outputs, _ = _build(root, jobs=2)
    writing = [event for event in events if "writers" in event]
    assert writing == [
        "2 writers started with the relocated parts: True",
        "writers: bind_booklet",
        "writers: bind_sheets",
    ], events
    assert events.index("workers stopped") < events.index(writing[0])
    assert outputs == serial


def test_workers_started_for_a_touched_guide_are_stopped_when_nothing_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A guide newer than the last build starts the workers early; when its content turns out
    unchanged, nothing is laid out and the workers are stopped, not waited for."""
    import multiprocessing

    import publisher.builder.session as build_module

    stopped: list[object] = []
    real = build_module.discard
    monkeypatch.setattr(build_module, "discard", lambda pool: (stopped.append(pool), real(pool)))
    root = copy_project(tmp_path / "p", ["music-producer"])
    first, _ = _build(root, jobs=2)
    guide = root / "guides" / "music-producer.yaml"
    later = guide.stat().st_mtime_ns + 10**9
    os.utime(root / ".cache" / "manifest.json", ns=(later - 2 * 10**9, later - 2 * 10**9))
    os.utime(guide, ns=(later, later))
    second, reused = _build(root, jobs=2)
    assert second == first
    assert reused == len(first)
    assert len(stopped) == 1
    assert multiprocessing.active_children() == []


def test_a_cached_booklet_whose_sheets_are_gone_is_bound_again_to_the_same_bytes(
    serial: dict[str, bytes], tmp_path: Path
) -> None:
    """Sheets are only ever made from the booklet's parts, so a cache that lost them (but not
    the booklet) binds the booklet again from its cached parts and gives the same bytes."""
    import io

    import pikepdf

    root = copy_project(tmp_path / "p", GUIDES)
    _build(root, jobs=1)
    removed = 0
    for entry in (root / ".cache" / "store").rglob("*.pdf"):
        data = entry.read_bytes()[:-32]
        if not data.startswith(b"%PDF"):
            continue
        with pikepdf.open(io.BytesIO(data)) as pdf:
            landscape = pdf.pages[0].mediabox[2] > pdf.pages[0].mediabox[3]
        if landscape:  # the imposed sheets
            entry.unlink()
            removed += 1
    assert removed == 1
    for path in (root / "output").rglob("*.pdf"):
        path.unlink()
    again, reused = _build(root, jobs=2)
    assert again == serial
    assert reused == len(serial) - 2  # the booklet and its sheets were made again


def _touch_after_build(root: Path, path: Path) -> None:
    """Make `path` newer than the last build's record, as an edit made after it would be."""
    built = (root / ".cache" / "manifest.json").stat().st_mtime_ns
    os.utime(path, ns=(built + 10**9, built + 10**9))


def test_the_workers_started_early_follow_what_changed(tmp_path: Path) -> None:
    from publisher.builder.warmup import plan_start

    root = copy_project(tmp_path / "p", GUIDES)
    project = load_project(root)
    guide = root / "guides" / "electrician.yaml"
    assert plan_start(project, 2, cache=True).workers == 2  # no previous build
    _build(root, jobs=2)
    assert plan_start(project, 2, cache=True).workers == 0  # nothing changed since
    assert plan_start(project, 2, cache=False).workers == 2
    _touch_after_build(root, guide)
    assert plan_start(project, 2, cache=True).workers == 1  # one edited guide: one worker
    assert plan_start(project, 2, cache=True).edited == [guide]
    assert plan_start(project, 1, cache=True).workers == 0  # serial: no pool at all
    _touch_after_build(root, root / "guides" / "filmmaker.yaml")
    assert plan_start(project, 2, cache=True).workers == 2
    _build(root, jobs=2)
    _touch_after_build(root, root / "layouts" / "css" / "spread.css")
    assert plan_start(project, 2, cache=True).workers == 2  # every handout may change
    assert plan_start(project, 2, cache=True).edited == []


def test_a_figure_edit_draws_its_charts_beside_one_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After one guide's figure changed, one worker loads the layout engine while a process
    of its own draws the changed charts, and this one reads the guides (then merges the
    sheets); the bytes are a clean serial build's."""
    import multiprocessing

    from publisher.builder.warmup import CHARTS_PROCESS
    from publisher.charts.chart import ChartPlan

    root = copy_project(tmp_path / "p", GUIDES)
    _build(root, jobs=2)
    guide = root / "guides" / "electrician.yaml"
    # A figure a chart draws (pay figures are BLS's: the data holds them to the series).
    text = guide.read_text().replace("percent: 45", "percent: 40", 1)
    guide.write_text(text.replace("percent: 15", "percent: 20", 1))
    _touch_after_build(root, guide)

    pools = _recorded_pools(monkeypatch)
    drawn = tmp_path / "drawn-by"
    real_draw = ChartPlan.draw

    def draw(plan: ChartPlan, fmt: str = "svg") -> bytes:
        with drawn.open("a") as log:  # (a child's list would not come back here)
            log.write(f"{multiprocessing.current_process().name}\n")
        return real_draw(plan, fmt)  # type: ignore[arg-type]

    monkeypatch.setattr(ChartPlan, "draw", draw)
    edited, reused = _build(root, jobs=2)
    # Its warm-up in the worker (this process reads the guides), without matplotlib or the
    # booklet's stylesheet (the spread's furniture is in the store).
    assert pools == [(1, False, (False, False))]
    assert set(drawn.read_text().split()) == {CHARTS_PROCESS}
    assert reused == len(GUIDES) - 1
    assert multiprocessing.active_children() == []

    clean = copy_project(tmp_path / "clean", GUIDES)
    (clean / "guides" / "electrician.yaml").write_text(guide.read_text())
    serial, _ = _build(clean, jobs=1, cache=False)
    assert edited == serial


def test_a_first_build_forks_its_workers_warm_to_a_clean_serial_build_s_bytes(
    serial: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that lays out the whole library loads the layout engine (and, with no chart
    drawn yet, matplotlib) once, here, and forks its workers from this warm process."""
    pools = _recorded_pools(monkeypatch)
    root = copy_project(tmp_path / "p", GUIDES)
    outputs, _ = _build(root, jobs=2)
    assert pools == [(2, True, (True, True))]
    assert outputs == serial


def test_a_handout_read_from_the_cache_is_not_held_by_the_build(tmp_path: Path) -> None:
    """Once written, a handout is let go; a booklet's spread that asks for it again reads it
    from the cache and this process does not keep it (500 handouts are some 30 MB)."""
    from publisher.builder.session import Session
    from publisher.guides.library import load_library

    project = load_project(copy_project(tmp_path / "p", GUIDES[:1]))
    session = Session(project, load_library(project, TODAY), BuildOptions(jobs=1), print)
    try:
        session.handouts()
        (entry,) = session.library.entries
        written = project.output_dir / "handouts" / f"{entry.slug}.pdf"
        assert session._handouts == {}
        again = session.handout(entry)
        assert again.result().pdf == written.read_bytes()
        assert session._handouts == {}  # (read from the cache, not kept)
        assert session.handout(entry) is not again
    finally:
        session.close()


def _recorded_pools(
    monkeypatch: pytest.MonkeyPatch,
) -> list[tuple[int | None, bool, tuple[object, ...]]]:
    """The worker pools the build makes early: how many workers, whether shared, and the
    warm-up's arguments after the project (matplotlib too? the booklet's stylesheet too?)."""
    from functools import partial

    import publisher.builder.session as build_module

    pools: list[tuple[int | None, bool, tuple[object, ...]]] = []
    real_pool = build_module.make_executor

    def pool(jobs: int, warm_up: partial[None], workers: int | None = None, **kw: bool) -> object:
        pools.append((workers, kw.get("shared", False), warm_up.args[1:]))
        return real_pool(jobs, warm_up, workers, **kw)

    monkeypatch.setattr(build_module, "make_executor", pool)
    return pools


def test_a_front_page_edit_lays_its_handout_out_once_to_a_clean_build_s_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The room on a handout's back page, measured by the build before, is not measured again
    when only its front page changed: the handout is laid out once, and its bytes are those of
    a clean build of the edited guide."""
    from publisher.documents import handout

    slug = "registered-nurse"

    root = copy_project(tmp_path / "p", [slug])
    only = {"slugs": [slug], "booklets": []}
    build(load_project(root), TODAY, options=BuildOptions(jobs=1), **only)  # type: ignore[arg-type]
    _begin_summary(root, slug)
    laid_out = _laid_out(monkeypatch, handout)
    report = build(load_project(root), TODAY, options=BuildOptions(jobs=1), **only)  # type: ignore[arg-type]
    assert report.failed == []
    assert len(laid_out) == 1 and f'id="{slug}-work"' in laid_out[0]
    assert "Truly," in laid_out[0]
    monkeypatch.undo()

    clean = copy_project(tmp_path / "clean", [slug])
    _begin_summary(clean, slug)
    options = BuildOptions(jobs=1, cache=False)
    report = build(load_project(clean), TODAY, options=options, **only)  # type: ignore[arg-type]
    assert report.failed == []
    name = f"handouts/{slug}.pdf"
    assert _outputs(root)[name] == _outputs(clean)[name]


def test_the_appendix_is_laid_out_with_the_front_matter_not_after_the_last_handout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The appendix (one long layout of every career) is laid out as planned, right after the
    front matter and by the same worker (`Binder.start`), before the handouts: not after the
    last of them, and not by the other worker at the same moment (the peak of a cold build's
    memory). The handouts are handed to the workers a few at a time (`HANDOUTS_AHEAD`), so a
    part started meanwhile waits for a few of them. Serial here, so the order is the order of
    the calls; the bytes are a clean build's."""
    from publisher.builder import session

    guides = [*GUIDES, "chef", "musician", "writer", "animator", "registered-nurse"]
    root = copy_project(tmp_path / "p", guides)
    order: list[str] = []
    render, lay_out = session.render_handout, booklets.lay_out_part
    write = session.Session._write

    def handout(*args: Any, **kwargs: Any) -> Any:
        order.append(f"handout {kwargs['slug']}")
        return render(*args, **kwargs)

    def written(self: session.Session, name: str, *args: Any, **kwargs: Any) -> None:
        order.append(f"write {name}")
        write(self, name, *args, **kwargs)

    def part(job: Any, relocating: bool) -> Any:
        order.append(job.spec.kind)
        return lay_out(job, relocating)

    monkeypatch.setattr(session, "render_handout", handout)
    monkeypatch.setattr(booklets, "lay_out_part", part)
    monkeypatch.setattr(session.Session, "_write", written)
    outputs, _ = _build(root, jobs=1)
    handouts = [n for n, step in enumerate(order) if step.startswith("handout")]
    assert len(handouts) == len(guides) and order.count("appendix") == 1, order
    assert order[:2] == ["front", "appendix"] and order.index("appendix") < handouts[0], order
    first = next(n for n, step in enumerate(order) if step.startswith("write handouts/"))
    assert len([n for n in handouts if n < first]) == session.HANDOUTS_AHEAD, order
    monkeypatch.undo()
    clean = copy_project(tmp_path / "clean", guides)
    assert _build(clean, jobs=1, cache=False)[0] == outputs


def test_a_part_kept_relocated_is_written_from_that_without_reading_its_pdf(
    serial: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A booklet is written from its parts relocated: a part kept that way, whole, is not
    laid out again even when its PDF in the store was damaged since (the build does not read
    it: a spread is held to its two pages, another part counted from what it keeps
    relocated); the bytes are a clean build's."""
    root = copy_project(tmp_path / "p", GUIDES)
    _build(root, jobs=1)
    store = root / ".cache" / "store"
    parts = {p.name.split("-relocated")[0] for p in store.rglob("*.relocated")}
    damaged = [path for path in store.rglob("*.pdf") if path.stem in parts]
    for path in damaged:
        path.write_bytes(b"\x00garbage")
    written = {path.stat().st_size + 32 for path in (root / "output" / "booklets").iterdir()}
    for path in store.rglob("*.pdf"):  # (the booklet and its sheets, so that they are bound)
        if path.stat().st_size in written:
            path.unlink()
    for path in (root / "output" / "booklets").iterdir():
        path.unlink()
    laid: list[str] = []
    lay_out = booklets.lay_out_part

    def part(job: Any, relocating: bool) -> Any:
        laid.append(job.spec.kind)
        return lay_out(job, relocating)

    monkeypatch.setattr(booklets, "lay_out_part", part)
    outputs, _ = _build(root, jobs=1)
    assert outputs == serial
    assert len(damaged) > len(GUIDES) and laid == [], laid


def test_an_edit_writes_the_parts_it_left_alone_as_they_were_written(tmp_path: Path) -> None:
    """The booklet and its sheets keep each part as they wrote it (`Segments`): after a
    summary edit the writers make anew only the parts it changed (its spread, and the contents
    that quote it) and place the others as kept; the bytes are a clean build's of the edit."""
    root = copy_project(tmp_path / "p", GUIDES)
    _build(root, jobs=1)
    store = root / ".cache" / "store"
    written = {path.name for path in store.rglob("*.segment")}
    parts = {p.name.split("-relocated")[0] for p in store.rglob("*.relocated")}
    assert len(written) == 2 * len(parts)  # (each part: in the booklet, in its sheets)
    clean = copy_project(tmp_path / "clean", GUIDES)
    for project in (root, clean):
        guide = project / "guides" / "electrician.yaml"
        text = guide.read_text()
        guide.write_text(text.replace("summary: >-\n", "summary: >-\n  Truly,\n", 1))
    outputs, _ = _build(root, jobs=2)
    made = {path.name for path in store.rglob("*.segment")} - written
    assert len(made) == 2 * 2, sorted(made)  # the spread and the front, in both documents
    assert outputs == _build(clean, jobs=1, cache=False)[0]


def test_an_edited_guide_s_spread_takes_its_furniture_from_the_store_to_clean_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spread is its handout's pages under the booklet's furniture (running heads, folios,
    the related line). After an edit of a guide's summary its handout is laid out again, but
    its furniture, the same HTML over a related line in the same place, is the one the last
    build kept: of the booklet's parts only the contents, which quote the summary, go to the
    layout engine. Every output is a clean build's bytes."""
    from publisher.documents import parts

    root = copy_project(tmp_path / "p", GUIDES)
    _build(root, jobs=1)
    _begin_summary(root, "electrician")
    laid_out = _laid_out(monkeypatch, parts)
    edited, _ = _build(root, jobs=1)
    assert len(laid_out) == 1 and "Truly," in laid_out[0]
    monkeypatch.undo()

    clean = copy_project(tmp_path / "clean", GUIDES)
    _begin_summary(clean, "electrician")
    assert _build(clean, jobs=1, cache=False)[0] == edited


def _begin_summary(root: Path, slug: str) -> None:
    """Start `slug`'s summary with a word more."""
    guide = root / "guides" / f"{slug}.yaml"
    guide.write_text(guide.read_text().replace("summary: >-\n", "summary: >-\n  Truly,\n", 1))


def _laid_out(monkeypatch: pytest.MonkeyPatch, module: Any) -> list[str]:
    """The HTML of every document `module` sends to the layout engine from now on."""
    laid_out: list[str] = []
    real = module.render_html

    def counting(html: str, *args: Any, **kwargs: Any) -> Any:
        laid_out.append(html)
        return real(html, *args, **kwargs)

    monkeypatch.setattr(module, "render_html", counting)
    return laid_out


def test_a_store_that_forgot_what_recent_builds_did_not_use_rebuilds_a_clean_build_s_bytes(
    serial: dict[str, bytes], tmp_path: Path
) -> None:
    """After a whole build that stored something, the store forgets what none of the last
    KEPT_BUILDS such builds used (an edit's old booklet and sheets, some megabytes each). A
    build of some outputs only (`publisher handout`) forgets nothing. What was forgotten is
    made again, to the same bytes."""
    root = copy_project(tmp_path / "p", GUIDES)
    store = root / ".cache" / "store"
    first, _ = _build(root, jobs=1)
    assert first == serial
    entries = {path for path in store.rglob("*") if path.is_file()} - {store / BUILDS}
    long_ago = time.time() - 30 * 86400
    for path in entries:
        os.utime(path, (long_ago, long_ago))
    starts = [time.time() - 3600 * (20 - number) for number in range(KEPT_BUILDS - 1)]
    (store / BUILDS).write_text(json.dumps(starts))
    guide = root / "guides" / "electrician.yaml"
    text = guide.read_text()
    guide.write_text(text.replace("\nclosing: ", "\nclosing: Honestly, ", 1))

    report = build(load_project(root), TODAY, slugs=["electrician"], booklets=[])
    assert report.failed == [] and [o.name for o in report.built] == ["handouts/electrician.pdf"]
    assert entries <= {path for path in store.rglob("*") if path.is_file()}  # (nothing forgot)
    assert len(json.loads((store / BUILDS).read_text())) == KEPT_BUILDS - 1

    edited, _ = _build(root, jobs=1)
    kept = {path for path in store.rglob("*") if path.is_file()} - {store / BUILDS}
    assert entries - kept, "nothing was forgotten"
    assert all(path.stat().st_mtime > long_ago + 86400 for path in kept)  # (all used since)
    assert len(json.loads((store / BUILDS).read_text())) == KEPT_BUILDS
    for path in (root / "output").rglob("*.pdf"):
        path.unlink()
    assert _build(root, jobs=1) == (edited, len(edited))  # (every output in the store)

    guide.write_text(text)  # (the edit undone: its outputs were forgotten, and are made again)
    undone, reused = _build(root, jobs=1)
    assert undone == serial
    assert reused == len(GUIDES) - 1
