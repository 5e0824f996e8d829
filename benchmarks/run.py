"""Benchmark `publisher build` over synthetic libraries of N careers (issue 7).

    .venv/bin/python benchmarks/run.py --sizes 10,100 [--repeat 3] [--keep DIR] [--out FILE]

For each size: generate a library, check it with `publisher check --strict`, then time whole
build processes: a cold build (no cache, no output), a no-op rebuild, a rebuild after a one-word
edit of one guide's summary, one after moving one salary median, and (when the CLI has the
options) a cold `--jobs 1 --no-cache` build. Prints one table and the targets; writes JSON.

Exit codes: 0 every target passed or was skipped, 1 a target failed, 2 a usage error,
3 a build failed or wrote the wrong outputs (the numbers would mean nothing).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

if not __package__:  # run as a script: make `benchmarks` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.measure import (
    BenchmarkError,
    Measurement,
    Outputs,
    collect_outputs,
    digest,
    run_process,
    supports_options,
)
from benchmarks.report import (
    Row,
    evaluate,
    format_table,
    format_targets,
    git_state,
    machine_info,
    write_json,
)
from benchmarks.snapshot import PACKAGE, code_digest, freeze_code
from benchmarks.synth import (
    BOOKLET,
    Library,
    edit_figure,
    edit_text,
    generate_library,
    remove_library,
)

REPO = Path(__file__).resolve().parents[1]


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
SERIAL = Scenario("cold --jobs 1 --no-cache", ("--jobs", "1", "--no-cache"), cold=True)


@dataclass(frozen=True)
class Bench:
    """Everything a size's runs share: the command, its environment, and the code it runs."""

    command: tuple[str, ...]  # `publisher`, or `python -m publisher` for a frozen copy
    env: Mapping[str, str]
    package: Path  # the code the command runs, watched for changes
    cwd: Path  # never the repo: `python -m publisher` would import the repo's code from there
    repeat: int
    seed: int
    serial: bool

    def run(self, *args: str) -> Measurement:
        return run_process([*self.command, *args], self.env, self.cwd)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    publisher: Path = args.publisher
    python = publisher.parent / "python"
    if not (os.access(publisher, os.X_OK) and os.access(python, os.X_OK)):
        print(f"no publisher command at {publisher}; run ./dev build first", file=sys.stderr)
        return 2
    workspace = args.keep or Path(tempfile.mkdtemp(prefix="publisher-bench-"))
    frozen = Path(tempfile.mkdtemp(prefix="publisher-bench-code-"))
    try:
        bench = _bench(args, publisher, python, frozen)
        rows, generation = _measure(bench, workspace, args.sizes)
    except BenchmarkError as exc:
        print(f"\nBENCHMARK FAILED: {exc}", file=sys.stderr)
        return 3
    finally:
        shutil.rmtree(frozen, ignore_errors=True)
        if args.keep is None:
            shutil.rmtree(workspace, ignore_errors=True)
        else:
            print(f"synthetic projects kept in {workspace}/careers-N", file=sys.stderr)
    targets = evaluate(rows)
    print(format_table(rows))
    print()
    print(format_targets(targets))
    settings = {
        "sizes": args.sizes,
        "repeat": args.repeat,
        "seed": args.seed,
        "today": args.today,
        "command": " ".join(bench.command),
        "frozen_code": args.freeze,
        "code_digest": code_digest(bench.package),
    }
    record = {
        "settings": settings,
        "machine": machine_info(python),
        "git": git_state(REPO),
        "generation": generation,
    }
    write_json(args.out, record, rows, targets)
    print(f"\nwrote {args.out}")
    return 1 if any(target.status == "FAIL" for target in targets) else 0


def _bench(args: argparse.Namespace, publisher: Path, python: Path, frozen: Path) -> Bench:
    env: dict[str, str] = {**os.environ, "PUBLISHER_TODAY": args.today}
    command: tuple[str, ...] = (str(publisher),)
    package = REPO / PACKAGE
    if args.freeze:
        env = freeze_code(REPO, frozen, python, env)
        command, package = (str(python), "-m", PACKAGE), frozen / PACKAGE
    flags = [option for option in SERIAL.options if option.startswith("--")]
    serial = supports_options(command, flags, env, frozen)
    return Bench(command, env, package, frozen, args.repeat, args.seed, serial)


def _measure(
    bench: Bench, workspace: Path, sizes: list[int]
) -> tuple[list[Row], dict[str, dict[str, float | str]]]:
    rows: list[Row] = []
    generation: dict[str, dict[str, float | str]] = {}
    for size in sizes:
        library, generation[str(size)] = _prepare(bench, workspace / f"careers-{size}", size)
        rows.extend(_measure_size(bench, library))
    return rows, generation


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=_sizes, default=[10, 100, 500], help="e.g. 10,100")
    parser.add_argument("--repeat", type=int, default=1, help="runs per scenario (median)")
    parser.add_argument("--keep", type=Path, help="leave the projects in DIR/careers-N")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.json")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic libraries")
    parser.add_argument("--today", default="2026-11-24", help="PUBLISHER_TODAY for the runs")
    parser.add_argument("--publisher", type=Path, default=REPO / ".venv" / "bin" / "publisher")
    parser.add_argument(
        "--freeze",
        action="store_true",
        help="measure a copy of publisher/ taken at the start (others may edit meanwhile)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError("give sizes as numbers, e.g. 10,100") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("each size must be 1 or more")
    return sizes


def _prepare(bench: Bench, root: Path, size: int) -> tuple[Library, dict[str, float | str]]:
    """Generate the library and prove it strict-clean before any timing."""
    if root.exists():
        remove_library(root)
    start = time.perf_counter()
    library = generate_library(REPO, root, size, bench.seed)
    generated = time.perf_counter() - start
    check = bench.run("check", "--strict", "-C", str(root))
    if check.returncode != 0:
        raise BenchmarkError(f"synthetic library of {size} is not strict-clean:\n{check.log}")
    summary = check.log.strip().splitlines()[-1] if check.log.strip() else ""
    _say(f"[{size}] generated in {generated:.2f} s; check --strict {check.wall_s:.2f} s: {summary}")
    return library, {"generate_s": generated, "check_s": check.wall_s, "check": summary}


def _measure_size(bench: Bench, library: Library) -> list[Row]:
    scenarios = [*SCENARIOS] * bench.repeat + ([SERIAL] * bench.repeat if bench.serial else [])
    runs: dict[str, list[tuple[Measurement, Outputs]]] = {}
    code = code_digest(bench.package)
    for scenario in scenarios:
        done = runs.setdefault(scenario.name, [])
        done.append(_build(bench, library, scenario, len(done)))
        if code_digest(bench.package) != code:
            raise BenchmarkError(
                f"{bench.package} changed while measuring {len(library.slugs)} careers: the "
                "cache keys on the tool's code, so the rebuilds after it rebuilt everything. "
                "Run again when the code is still, or with --freeze."
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
    _say(f"{label}: {run.wall_s:.2f} s, {memory}; {_summary(run.log)}")
    for line in extra:
        _say(f"  {line}")
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
    )


def _summary(log: str) -> str:
    """The build's closing line, e.g. 'built 12 (12 unchanged or from the cache), failed 0; …'."""
    return next((ln for ln in reversed(log.splitlines()) if ln.startswith("built ")), "")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
