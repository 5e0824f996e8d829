"""A library size's builds: the scenarios, each one run, checked and summed up as a row.

Scenarios run in the order a person meets them: a cold build (no `.cache/`, no `output/`), a
no-op rebuild, a rebuild after a one-word edit of one guide's summary, and one after moving one
salary median within its range; then, when the CLI has the options, a cold serial build.
"""

from __future__ import annotations

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
)


@dataclass(frozen=True)
class Scenario:
    """One kind of build run: what happens to the project first, and the build's options."""

    name: str
    options: tuple[str, ...] = ()
    cold: bool = False  # delete .cache/ and output/ first
    edit: Callable[[Library, int], None] | None = None  # (library, round) → changes a guide


SCENARIOS = (
    Scenario("cold", cold=True),
    Scenario("no-op"),
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

    def run(self, *args: str) -> Measurement:
        return run_process([*self.command, *args], self.env, self.cwd)


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


def measure_size(bench: Bench, library: Library) -> list[Row]:
    scenarios = [*SCENARIOS] * bench.repeat + ([SERIAL] * bench.repeat if bench.serial else [])
    runs: dict[str, list[tuple[Measurement, Outputs]]] = {}
    for scenario in scenarios:
        done = runs.setdefault(scenario.name, [])
        done.append(_build(bench, library, scenario, len(done)))
        if code_digest(bench.package) != bench.code:
            raise BenchmarkError(
                f"{bench.package} changed since the benchmark started (seen after a "
                f"{len(library.slugs)}-career {scenario.name} build): the cache keys on the "
                "tool's code, so later rebuilds would rebuild everything. Run again when the "
                "code is still, or with --freeze."
            )
    rows = [_row(library, name, measured) for name, measured in runs.items()]
    if bench.serial:
        default_cold, serial = rows[0].wall_s or 1.0, rows[-1]
        serial.note = f"{(serial.wall_s or 0.0) / default_cold:.2f}× the default cold build"
    else:
        note = "skipped: `publisher build` has no --jobs/--no-cache yet"
        rows.append(Row(len(library.slugs), SERIAL.name, note=note))
    return rows


def _build(
    bench: Bench, library: Library, scenario: Scenario, round_: int
) -> tuple[Measurement, Outputs]:
    """One measured build; fail loudly unless it succeeded and rewrote what an edit touched."""
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
    label = f"[{size}] {scenario.name} {round_ + 1}/{bench.repeat}"
    if run.returncode != 0:
        raise BenchmarkError(f"{label}: exit code {run.returncode}\n{run.log}")
    outputs = collect_outputs(root, size, BOOKLET)
    stale = [p.name for p, old in zip(watched, before, strict=True) if digest(p) == old]
    if scenario.edit is not None and stale:
        raise BenchmarkError(f"{label}: the edit did not reach {', '.join(stale)} (stale output)")
    extra = [ln for ln in run.log.splitlines() if ln.strip() and not ln.startswith("built ")]
    memory = f"{run.peak_rss_mb:.0f} MB, tree {run.tree_mb:.0f} MB"
    memory += f", left {run.left_processes} processes and {run.left_temp} temporary files"
    say(f"{label}: {run.wall_s:.2f} s, {memory}; {_summary(run.log)}")
    for line in extra:
        say(f"  {line}")
    return run, outputs


def _row(library: Library, name: str, measured: list[tuple[Measurement, Outputs]]) -> Row:
    walls = [run.wall_s for run, _ in measured]
    return Row(
        size=len(library.slugs),
        scenario=name,
        wall_s=statistics.median(walls),
        walls=walls,
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
