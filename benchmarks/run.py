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
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if not __package__:  # run as a script: make `benchmarks` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.measure import BenchmarkError, supports_options
from benchmarks.report import (
    Row,
    evaluate,
    format_table,
    format_targets,
    git_state,
    machine_info,
    write_json,
)
from benchmarks.scenarios import (
    CAREERS_PER_CLUSTER,
    SERIAL,
    Bench,
    measure_size,
    prepare_library,
    say,
)
from benchmarks.snapshot import PACKAGE, code_digest, freeze_code
from benchmarks.synth import DEFAULT_CLUSTERS

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    generation: dict[str, dict[str, Any]] = field(default_factory=dict)
    learnt: dict[str, dict[str, Any]] = field(default_factory=dict)  # floor, identity
    failure: str = ""


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    publisher: Path = args.publisher
    python = publisher.parent / "python"
    if not (os.access(publisher, os.X_OK) and os.access(python, os.X_OK)):
        print(f"no publisher command at {publisher}; run ./dev build first", file=sys.stderr)
        return 2
    workspace = args.keep or Path(tempfile.mkdtemp(prefix="publisher-bench-"))
    frozen = Path(tempfile.mkdtemp(prefix="publisher-bench-code-"))
    git = git_state(REPO)  # now, as the code is when it is frozen or first run
    try:
        bench = _bench(args, publisher, python, frozen)
        results = _measure(bench, workspace, args.sizes)
    except BenchmarkError as exc:  # before any build: nothing measured
        say(f"BENCHMARK FAILED: {exc}")
        return 3
    finally:
        shutil.rmtree(frozen, ignore_errors=True)
        if args.keep is None:
            shutil.rmtree(workspace, ignore_errors=True)
        else:
            say(f"synthetic projects kept in {workspace}/careers-N")
    cores = len(os.sched_getaffinity(0))
    targets = evaluate(results.rows, results.learnt, cores)
    print(format_table(results.rows))
    print()
    print(format_targets(targets))
    settings = {
        "sizes": args.sizes,
        "clusters": args.clusters,
        "repeat": args.repeat,
        "seed": args.seed,
        "today": args.today,
        "command": " ".join(bench.command),
        "frozen_code": args.freeze,
        "code_digest": bench.code,
    }
    record = {
        "settings": settings,
        "machine": machine_info(python),
        "git": git,
        "generation": results.generation,
        "sizes": results.learnt,
        "failure": results.failure or None,
    }
    write_json(args.out, record, results.rows, targets)
    print(f"\nwrote {args.out}")
    if results.failure:
        say(f"\nBENCHMARK FAILED: {results.failure}")
        return 3
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
    code = code_digest(package)
    return Bench(
        REPO,
        command,
        env,
        package,
        code,
        frozen,
        args.repeat,
        args.seed,
        args.clusters,
        serial,
        str(python),
    )


def _measure(bench: Bench, workspace: Path, sizes: list[int]) -> Results:
    """Every size in turn; the first failure stops the run but keeps what was measured."""
    results = Results()
    for size in sizes:
        try:
            root = workspace / f"careers-{size}"
            library, results.generation[str(size)] = prepare_library(bench, root, size)
            rows, results.learnt[str(size)] = measure_size(bench, library)
            results.rows.extend(rows)
        except BenchmarkError as exc:
            results.failure = str(exc)
            break
    return results


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes", type=_sizes, default=[10, 100, 500], metavar="N,N", help="default 10,100,500"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, metavar="K", help="runs per scenario; the median counts"
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="leave projects in DIR/careers-N")
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "benchmarks" / "results.json",
        metavar="FILE",
        help="JSON results (default benchmarks/results.json)",
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic libraries")
    parser.add_argument(
        "--clusters",
        type=int,
        metavar="K",
        help=f"clusters the careers spread over (default {DEFAULT_CLUSTERS}, more for sizes "
        f"over {DEFAULT_CLUSTERS * CAREERS_PER_CLUSTER} so each booklet opener fits)",
    )
    parser.add_argument(
        "--today", default="2026-11-24", metavar="DATE", help="PUBLISHER_TODAY for the runs"
    )
    parser.add_argument(
        "--publisher",
        type=Path,
        default=REPO / ".venv" / "bin" / "publisher",
        metavar="PATH",
        help="the command to measure (default .venv/bin/publisher)",
    )
    parser.add_argument(
        "--freeze",
        action="store_true",
        help="measure a copy of publisher/ taken at the start (others may edit meanwhile)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or (args.clusters is not None and args.clusters < 1):
        parser.error("--repeat and --clusters must be at least 1")
    return args


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError("give sizes as numbers, e.g. 10,100") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("each size must be 1 or more")
    return sizes


if __name__ == "__main__":
    sys.exit(main())
