"""Results → the printed table, the targets with PASS/FAIL, and the JSON record."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from benchmarks.measure import Outputs

REFERENCE_SIZE = 100  # the library size the time targets are stated for
LINEAR_SLACK = 1.25  # seconds per career may grow this much from one size to the next
Status = Literal["PASS", "FAIL", "SKIP"]
SUMMARY = re.compile(r"built (\d+)(?: \((\d+) [^)]*\))?")


@dataclass
class Row:
    """One library size × scenario: the median wall time and the worst memory over repeats."""

    size: int
    scenario: str
    wall_s: float | None = None
    walls: list[float] = field(default_factory=list)
    peak_rss_mb: float | None = None
    tree_mb: float | None = None
    outputs: Outputs | None = None
    summary: str = ""  # the build's closing line, which says how much it reused
    note: str = ""
    left_processes: int = 0  # over all repeats: processes alive after the build exited
    left_temp: int = 0  # ... and entries left in the build's own temporary folder

    @property
    def reused(self) -> str:
        """'reused/written' outputs as the build reports them, e.g. '3/3' for a no-op."""
        found = SUMMARY.match(self.summary)
        return f"{found[2] or 0}/{found[1]}" if found else "—"

    @property
    def per_career_s(self) -> float | None:
        return None if self.wall_s is None else self.wall_s / self.size

    @property
    def memory_mb(self) -> float:
        return max(self.peak_rss_mb or 0.0, self.tree_mb or 0.0)


@dataclass(frozen=True)
class Target:
    name: str
    status: Status
    detail: str


def format_table(rows: list[Row]) -> str:
    header = (
        "N",
        "scenario",
        "wall s",
        "s/career",
        "reused",
        "RSS MB",
        "tree MB",
        "left",
        "outputs",
    )
    lines = [header]
    for row in rows:
        lines.append(
            (
                str(row.size),
                row.scenario,
                _num(row.wall_s, 2),
                _num(row.per_career_s, 3),
                row.reused if row.wall_s is not None else "—",
                _num(row.peak_rss_mb, 0),
                _num(row.tree_mb, 0),
                f"{row.left_processes}p {row.left_temp}t" if row.wall_s is not None else "—",
                "; ".join(filter(None, [row.outputs.describe() if row.outputs else "", row.note])),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    text = []
    for line in lines:
        cells = [
            cell.rjust(w) if i != 1 else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=False))
        ]
        text.append("  ".join([*cells, line[-1]]).rstrip())
    text.insert(1, "-" * max(len(t) for t in text))
    return "\n".join(text)


def _num(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def evaluate(rows: list[Row]) -> list[Target]:
    """Every target of issue 7 against the measured rows."""
    found = {(row.size, row.scenario): row for row in rows if row.wall_s is not None}

    def at(size: int, *scenarios: str) -> list[Row]:
        return [found[(size, s)] for s in scenarios if (size, s) in found]

    return [
        _limit("cold full build, 100 careers ≤ 10 s", at(REFERENCE_SIZE, "cold"), 10.0),
        _limit("no-op rebuild, 100 careers ≤ 0.5 s", at(REFERENCE_SIZE, "no-op"), 0.5),
        _limit(
            "rebuild after editing one guide, 100 careers ≤ 2 s",
            at(REFERENCE_SIZE, "edit-text", "edit-figure"),
            2.0,
        ),
        _memory(rows),
        _linear([row for row in rows if row.scenario == "cold" and row.wall_s is not None]),
        _handout_size(rows),
        _nothing_left(rows),
    ]


def _nothing_left(rows: list[Row]) -> Target:
    name = "no process and no temporary file left behind by any build"
    measured = [row for row in rows if row.wall_s is not None]
    if not measured:
        return Target(name, "SKIP", "nothing measured")
    processes = sum(row.left_processes for row in measured)
    temp = sum(row.left_temp for row in measured)
    detail = f"{processes} processes, {temp} temporary files over {len(measured)} scenarios"
    return Target(name, "PASS" if processes == temp == 0 else "FAIL", detail)


def _limit(name: str, rows: list[Row], seconds: float) -> Target:
    if not rows:
        return Target(name, "SKIP", f"needs --sizes to include {REFERENCE_SIZE}")
    worst = max(rows, key=lambda row: row.wall_s or 0.0)
    status: Status = "PASS" if (worst.wall_s or 0.0) <= seconds else "FAIL"
    return Target(name, status, f"{worst.scenario}: {worst.wall_s:.2f} s")


def _memory(rows: list[Row]) -> Target:
    name = "peak memory at 500 careers ≤ 400 MB"
    measured = [row for row in rows if row.wall_s is not None]
    if not measured:
        return Target(name, "SKIP", "nothing measured")
    largest = max(row.size for row in measured)
    worst = max((row for row in measured if row.size == largest), key=lambda row: row.memory_mb)
    detail = (
        f"{largest} careers, {worst.scenario}: {worst.peak_rss_mb:.0f} MB largest process, "
        f"{worst.tree_mb:.0f} MB whole tree"
    )
    if largest < 500:
        return Target(name, "SKIP", f"500 not measured; at {detail}")
    return Target(name, "PASS" if worst.memory_mb <= 400 else "FAIL", detail)


def _linear(cold: list[Row]) -> Target:
    name = "time grows roughly linearly with N (cold build)"
    cold = sorted(cold, key=lambda row: row.size)
    per_career = ", ".join(f"{row.size}: {row.per_career_s:.3f} s/career" for row in cold)
    if len(cold) < 2:
        return Target(name, "SKIP", f"needs two sizes or more; {per_career}")
    steps, ok = [], True
    for small, large in pairwise(cold):
        marginal = ((large.wall_s or 0.0) - (small.wall_s or 0.0)) / (large.size - small.size)
        steps.append(f"{small.size}→{large.size}: {marginal:.3f} s per added career")
        ok &= (large.per_career_s or 0.0) <= LINEAR_SLACK * (small.per_career_s or 0.0)
    return Target(name, "PASS" if ok else "FAIL", f"{per_career}; {'; '.join(steps)}")


def _handout_size(rows: list[Row]) -> Target:
    name = "every handout PDF ≤ 120 KB"
    sizes = [(row.outputs.largest_handout_kb, row) for row in rows if row.outputs]
    if not sizes:
        return Target(name, "SKIP", "nothing measured")
    largest, row = max(sizes, key=lambda item: item[0])
    detail = f"largest {largest:.0f} KB ({row.size} careers, {row.scenario})"
    return Target(name, "PASS" if largest <= 120 else "FAIL", detail)


def format_targets(targets: list[Target]) -> str:
    return "\n".join(f"{t.status:4}  {t.name}: {t.detail}" for t in targets)


def machine_info(python: Path) -> dict[str, Any]:
    """What the numbers were measured on: CPUs, memory, the venv's Python and WeasyPrint."""
    probe = (
        "import json, platform, importlib.metadata as m;"
        "print(json.dumps({'python': platform.python_version(),"
        " 'weasyprint': m.version('weasyprint')}))"
    )
    venv = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True)
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "cpu_model": _proc_field("/proc/cpuinfo", "model name"),
        "memory_total": _proc_field("/proc/meminfo", "MemTotal"),
        "platform": platform.platform(),
        **json.loads(venv.stdout),
    }


def _proc_field(path: str, key: str) -> str:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return "unknown"
    return next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith(key)), "unknown")


def git_state(repo: Path) -> dict[str, Any]:
    """The commit measured, and any uncommitted changes on top of it (others edit concurrently)."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
        )
        return result.stdout.strip() if result.returncode == 0 else ""

    changes = git("status", "--porcelain").splitlines()
    return {
        "commit": git("rev-parse", "HEAD") or "unknown",
        "dirty": bool(changes),
        "changes": changes,
    }


def write_json(path: Path, record: dict[str, Any], rows: list[Row], targets: list[Target]) -> None:
    data = {
        **record,
        "rows": [
            {**asdict(row), "per_career_s": row.per_career_s, "reused": row.reused} for row in rows
        ],
        "targets": [asdict(target) for target in targets],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
