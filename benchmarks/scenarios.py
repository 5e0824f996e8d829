"""A library size's builds: the scenarios, each one run, checked and summed up as a row.

Scenarios run in the order a person meets them: a cold build (no `.cache/`, no `output/`), a
no-op rebuild (answered from the last build's notes), a rebuild after one guide was saved
unchanged (every guide read, every output found current by its key), a rebuild after a
one-word edit of one guide's summary, and one after moving one salary median within its
range. Then, once each (they take minutes): a cold serial build with no cache, whose every
output must be byte for byte what the incremental builds left; the baseline
(`benchmarks/baseline.py`: one document per output, serial, no cache); and the floor
(`benchmarks/floor.py`: the engine's own cost of one handout, warm).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.measure import (
    BenchmarkError,
    Measurement,
    Outputs,
    collect_outputs,
    digest,
    run_process,
)
from benchmarks.report import Row
from benchmarks.snapshot import code_digest
from benchmarks.synth import (
    BOOKLET,
    DEFAULT_CLUSTERS,
    Library,
    edit_figure,
    edit_text,
    generate_library,
    remove_library,
    touch_guide,
)


@dataclass(frozen=True)
class Scenario:
    """One kind of build run: what happens to the project first, and the build's options."""

    name: str
    options: tuple[str, ...] = ()
    cold: bool = False  # delete .cache/ and output/ first
    edit: Callable[[Library, int], None] | None = None  # (library, round) → changes a guide
    rewrites: bool = True  # whether `edit` changes what the guide's outputs hold


SCENARIOS = (
    Scenario("cold", cold=True),
    Scenario("no-op"),
    Scenario("touched", edit=touch_guide, rewrites=False),
    Scenario("edit-text", edit=edit_text),
    Scenario("edit-figure", edit=edit_figure),
)
# A booklet's cluster opener has two pages (publisher/booklet.py): with these guides 18 careers
# fit in one and 19 do not ("took 3 pages where the booklet plans 2"). Keep a margin.
CAREERS_PER_CLUSTER = 15
SERIAL = Scenario("cold --jobs 1 --no-cache", ("--jobs", "1", "--no-cache"), cold=True)


@dataclass(frozen=True)
class Bench:
    """Everything a size's runs share: the command, its environment, and the code it runs."""

    repo: Path  # where the bundled guides, layouts and assets come from
    command: tuple[str, ...]  # `publisher`, or `python -m publisher` for a frozen copy
    env: Mapping[str, str]
    package: Path  # the code the command runs, watched for changes
    code: str  # its digest when the benchmark started
    cwd: Path  # never the repo: `python -m publisher` would import the repo's code from there
    repeat: int
    seed: int
    clusters: int | None  # None: enough for each size (see `cluster_count`)
    serial: bool
    python: str = sys.executable  # the venv's, for the baseline and the floor

    def run(self, *args: str) -> Measurement:
        return run_process([*self.command, *args], self.env, self.cwd)

    def script(self, name: str, *args: str) -> Measurement:
        """One of the benchmark's own programs (`benchmarks/NAME.py`), run by the venv's
        Python on the code measured (the frozen copy with --freeze)."""
        path = self.repo / "benchmarks" / f"{name}.py"
        return run_process([self.python, str(path), *args], self.env, self.cwd)


def cluster_count(size: int) -> int:
    """Eight clusters, or more when a cluster would list more careers than its opener holds."""
    return max(DEFAULT_CLUSTERS, -(-size // CAREERS_PER_CLUSTER))


def prepare_library(bench: Bench, root: Path, size: int) -> tuple[Library, dict[str, Any]]:
    """Generate the library and prove it strict-clean before any timing."""
    if root.exists():
        remove_library(root)
    start = time.perf_counter()
    clusters = bench.clusters or cluster_count(size)
    library = generate_library(bench.repo, root, size, bench.seed, clusters)
    generated = time.perf_counter() - start
    check = bench.run("check", "--strict", "-C", str(root))
    if check.returncode != 0:
        raise BenchmarkError(f"synthetic library of {size} is not strict-clean:\n{check.log}")
    summary = check.log.strip().splitlines()[-1] if check.log.strip() else ""
    say(
        f"[{size}] generated ({clusters} clusters) in {generated:.2f} s; "
        f"check --strict {check.wall_s:.2f} s: {summary}"
    )
    info = {"clusters": clusters, "generate_s": generated, "check_s": check.wall_s}
    return library, {**info, "check": summary}


BASELINE = "baseline: one document per output, serial, no cache"
FLOOR_SAMPLE = 17  # handouts the floor is measured on (one of each bundled guide's copies)


def measure_size(bench: Bench, library: Library) -> tuple[list[Row], dict[str, Any]]:
    """The size's rows, and what it learnt besides: the floor, and whether the serial build
    wrote the same bytes as the incremental ones."""
    scenarios = [*SCENARIOS] * bench.repeat + ([SERIAL] if bench.serial else [])
    runs: dict[str, list[tuple[Measurement, Outputs]]] = {}
    extra: dict[str, Any] = {}
    incremental: dict[str, str] = {}
    for scenario in scenarios:
        done = runs.setdefault(scenario.name, [])
        if scenario is SERIAL:
            incremental = output_digests(library.root)
        done.append(_build(bench, library, scenario, len(done)))
        if scenario is SERIAL:
            extra["identical"] = _compare(incremental, output_digests(library.root))
        if scenario.name == "no-op" and "noop_imports" not in extra:  # (while nothing changed)
            extra["noop_imports"] = _noop_imports(bench, library)
        if scenario.name == "touched" and "touched_imports" not in extra:
            touch_guide(library, 0)  # (so that it is not answered from notes)
            extra["touched_imports"] = _noop_imports(bench, library)
        if code_digest(bench.package) != bench.code:
            raise BenchmarkError(
                f"{bench.package} changed since the benchmark started (seen after a "
                f"{len(library.slugs)}-career {scenario.name} build): the cache keys on the "
                "tool's code, so later rebuilds would rebuild everything. Run again when the "
                "code is still, or with --freeze."
            )
    rows = [_row(library, name, measured) for name, measured in runs.items()]
    cold = rows[0]
    cold.pages = build_pages(library.root)
    if bench.serial:
        default_cold, serial = cold.wall_s or 1.0, rows[-1]
        serial.note = f"{(serial.wall_s or 0.0) / default_cold:.2f}× the default cold build"
        serial.note += "; " + extra["identical"]["detail"]
    else:
        note = "skipped: `publisher build` has no --jobs/--no-cache yet"
        rows.append(Row(len(library.slugs), SERIAL.name, note=note))
    rows.append(_baseline(bench, library, cold))
    extra["floor"] = _floor(bench, library)
    return rows, extra


HEAVY = ("weasyprint", "matplotlib")


def _noop_imports(bench: Bench, library: Library) -> list[str]:
    """Which of the heavy libraries one more no-op rebuild (not timed) imports, from
    Python's own import log (`PYTHONPROFILEIMPORTTIME`)."""
    env = {**bench.env, "PYTHONPROFILEIMPORTTIME": "1"}
    run = run_process([*bench.command, "build", "-C", str(library.root)], env, bench.cwd)
    if run.returncode != 0:
        raise BenchmarkError(f"[{len(library.slugs)}] no-op (imports): exit {run.returncode}")
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.log.splitlines() if "|" in line}
    return [name for name in HEAVY if name in imported]


def output_digests(root: Path) -> dict[str, str]:
    """Every file in output/, by path, and its content hash."""
    out = root / "output"
    return {str(p.relative_to(out)): digest(p) for p in sorted(out.rglob("*")) if p.is_file()}


def _compare(incremental: dict[str, str], serial: dict[str, str]) -> dict[str, Any]:
    differ = sorted(
        name
        for name in incremental.keys() | serial.keys()
        if incremental.get(name) != serial.get(name)
    )
    detail = (
        f"all {len(serial)} outputs byte-identical to the incremental builds'"
        if not differ
        else f"{len(differ)} of {len(serial)} outputs differ from the incremental builds' "
        f"({', '.join(differ[:5])})"
    )
    return {"files": len(serial), "differ": differ, "detail": detail}


def build_pages(root: Path) -> int:
    """Pages of what a reader holds: the handouts and the booklet (not its imposed sheets)."""

    files = [*sorted((root / "output" / "handouts").glob("*.pdf"))]
    files.append(root / "output" / "booklets" / f"{BOOKLET}.pdf")
    return sum(_page_count(path) for path in files)


def _page_count(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _baseline(bench: Bench, library: Library, cold: Row) -> Row:
    """The same library laid out the plain way (`benchmarks/baseline.py`), once."""
    out = library.root / "baseline-output"
    shutil.rmtree(out, ignore_errors=True)
    size = len(library.slugs)
    run = bench.script("baseline", str(library.root), str(out))
    if run.returncode != 0:
        raise BenchmarkError(f"[{size}] baseline: exit code {run.returncode}\n{run.log}")
    handouts = sorted((out / "handouts").glob("*.pdf"))
    pages = sum(_page_count(p) for p in handouts) + _page_count(out / "booklet.pdf")
    shutil.rmtree(out, ignore_errors=True)
    row = Row(
        size,
        BASELINE,
        wall_s=run.wall_s,
        walls=[run.wall_s],
        cpu_s=run.cpu_s,
        cpus=[run.cpu_s],
        peak_rss_mb=run.peak_rss_mb,
        tree_mb=run.tree_mb,
        pages=pages,
        left_processes=run.left_processes,
        left_temp=run.left_temp,
    )
    if cold.wall_s and cold.pages:
        per_page = (run.wall_s / pages) / (cold.wall_s / cold.pages)
        row.note = (
            f"{run.wall_s / pages * 1000:.0f} ms a page against the cold build's "
            f"{cold.wall_s / cold.pages * 1000:.0f} ms: {per_page:.2f}× per page"
        )
    say(f"[{size}] baseline: {run.wall_s:.2f} s, CPU {run.cpu_s:.1f} s, {pages} pages; {row.note}")
    return row


def _floor(bench: Bench, library: Library) -> dict[str, Any]:
    """The engine's own cost of one handout, warm (`benchmarks/floor.py`)."""
    size = len(library.slugs)
    run = bench.script("floor", str(library.root), str(FLOOR_SAMPLE))
    lines = run.log.strip().splitlines()
    if run.returncode != 0 or not lines:
        raise BenchmarkError(f"[{size}] floor: exit code {run.returncode}\n{run.log}")
    found: dict[str, Any] = json.loads(lines[-1])
    say(
        f"[{size}] floor: one handout's layout {found['layout_s'] * 1000:.0f} ms + write "
        f"{found['write_s'] * 1000:.0f} ms CPU, warm ({found['sample']} handouts; the build "
        f"lays each out {found['layouts_per_handout']:.2f} times)"
    )
    return found


def _build(
    bench: Bench, library: Library, scenario: Scenario, round_: int
) -> tuple[Measurement, Outputs]:
    """One measured build; fail loudly unless it succeeded and rewrote what an edit touched
    (and only that: a guide saved unchanged rewrites nothing)."""
    root = library.root
    if scenario.cold:
        shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.rmtree(root / "output", ignore_errors=True)
    watched = [
        root / "output" / "handouts" / f"{library.edit_slug}.pdf",
        root / "output" / "booklets" / f"{BOOKLET}.pdf",
    ]
    before = [digest(path) for path in watched]
    if scenario.edit is not None:
        scenario.edit(library, round_)
    run = bench.run("build", "-C", str(root), *scenario.options)
    size = len(library.slugs)
    rounds = 1 if scenario is SERIAL else bench.repeat
    label = f"[{size}] {scenario.name} {round_ + 1}/{rounds}"
    if run.returncode != 0:
        raise BenchmarkError(f"{label}: exit code {run.returncode}\n{run.log}")
    outputs = collect_outputs(root, size, BOOKLET)
    stale = [p.name for p, old in zip(watched, before, strict=True) if digest(p) == old]
    if scenario.edit is not None and scenario.rewrites and stale:
        raise BenchmarkError(f"{label}: the edit did not reach {', '.join(stale)} (stale output)")
    if scenario.edit is not None and not scenario.rewrites and len(stale) < len(watched):
        raise BenchmarkError(f"{label}: a guide saved unchanged rewrote its outputs")
    extra = [ln for ln in run.log.splitlines() if ln.strip() and not ln.startswith("built ")]
    memory = f"CPU {run.cpu_s:.1f} s, {run.peak_rss_mb:.0f} MB, tree {run.tree_mb:.0f} MB"
    memory += f", left {run.left_processes} processes and {run.left_temp} temporary files"
    say(f"{label}: {run.wall_s:.2f} s, {memory}; {_summary(run.log)}")
    for line in extra:
        say(f"  {line}")
    return run, outputs


def _row(library: Library, name: str, measured: list[tuple[Measurement, Outputs]]) -> Row:
    walls = [run.wall_s for run, _ in measured]
    cpus = [run.cpu_s for run, _ in measured]
    return Row(
        size=len(library.slugs),
        scenario=name,
        wall_s=statistics.median(walls),
        walls=walls,
        cpu_s=statistics.median(cpus),
        cpus=cpus,
        peak_rss_mb=max(run.peak_rss_mb for run, _ in measured),
        tree_mb=max(run.tree_mb for run, _ in measured),
        outputs=measured[-1][1],
        summary=_summary(measured[-1][0].log),
        left_processes=sum(run.left_processes for run, _ in measured),
        left_temp=sum(run.left_temp for run, _ in measured),
    )


def _summary(log: str) -> str:
    """The build's closing line, e.g. 'built 12 (12 unchanged or from the cache), failed 0; …'."""
    return next((ln for ln in reversed(log.splitlines()) if ln.startswith("built ")), "")


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
