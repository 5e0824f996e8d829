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
LARGE_SIZE = 500  # ... and the size an edit, a no-op and memory are held to as well
MEMORY_MB = 400  # the whole process tree's PSS, at either size
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
    cpu_s: float | None = None  # median CPU of all the run's processes (user + system)
    cpus: list[float] = field(default_factory=list)
    pages: int | None = None  # pages of the handouts and the booklet written (cold, baseline)
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
    def cpu_per_career_s(self) -> float | None:
        return None if self.cpu_s is None else self.cpu_s / self.size

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
        "CPU s",
        "CPU/career",
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
                _num(row.cpu_s, 1),
                _num(row.cpu_per_career_s, 3),
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


def evaluate(rows: list[Row], learnt: dict[str, dict[str, Any]], cores: int) -> list[Target]:
    """Every target of issue 19 against the measured rows, the floors and identity checks."""
    found = {(row.size, row.scenario): row for row in rows if row.wall_s is not None}

    def at(size: int, *scenarios: str) -> list[Row]:
        return [found[(size, s)] for s in scenarios if (size, s) in found]

    edits = ("edit-text", "edit-figure")
    heavy = ("cold", *edits, "cold --jobs 1 --no-cache")
    return [
        _cold(at(REFERENCE_SIZE, "cold"), learnt.get(str(REFERENCE_SIZE), {}), cores),
        _cpu(at(REFERENCE_SIZE, "cold")),
        _limit("one edited guide, 100 careers ≤ 2 s", at(REFERENCE_SIZE, *edits), 2.0),
        _limit("one edited guide, 500 careers ≤ 3 s", at(LARGE_SIZE, *edits), 3.0, LARGE_SIZE),
        _memory(at(REFERENCE_SIZE, *heavy), REFERENCE_SIZE),
        _memory(at(LARGE_SIZE, *heavy), LARGE_SIZE),
        _limit("no-op rebuild, 100 careers ≤ 0.5 s", at(REFERENCE_SIZE, "no-op"), 0.5),
        _limit("no-op rebuild, 500 careers ≤ 1 s", at(LARGE_SIZE, "no-op"), 1.0, LARGE_SIZE),
        _light_noop(learnt),
        _identical(learnt),
        _linear([row for row in rows if row.scenario == "cold" and row.wall_s is not None]),
        _handout_size(rows),
        _nothing_left(rows),
    ]


def floor_seconds(floor: dict[str, Any], size: int, cores: int) -> float:
    """No build of `size` handouts on `cores` cores can be faster (see benchmarks/floor.py)."""
    return float(floor["handout_s"]) * size / cores


def _cold(rows: list[Row], learnt: dict[str, Any], cores: int) -> Target:
    name = "cold full build, 100 careers ≤ 16 s"
    if not rows:
        return Target(name, "SKIP", f"needs --sizes to include {REFERENCE_SIZE}")
    wall = rows[0].wall_s or 0.0
    detail = f"cold: {wall:.2f} s"
    floor = learnt.get("floor")
    if floor:
        seconds = floor_seconds(floor, REFERENCE_SIZE, cores)
        detail += (
            f"; floor {seconds:.1f} s (a handout's layout {floor['layout_s'] * 1000:.0f} ms + "
            f"write {floor['write_s'] * 1000:.0f} ms CPU, warm, × {REFERENCE_SIZE} ÷ {cores} "
            f"cores): {wall / seconds:.2f}× the floor"
        )
    return Target(name, "PASS" if wall <= 16.0 else "FAIL", detail)


def _cpu(rows: list[Row]) -> Target:
    name = "CPU per career, all processes, cold, 100 careers ≤ 0.35 s"
    if not rows or rows[0].cpu_per_career_s is None:
        return Target(name, "SKIP", f"needs --sizes to include {REFERENCE_SIZE}")
    per = rows[0].cpu_per_career_s
    detail = f"{per:.3f} s ({rows[0].cpu_s:.1f} s in all)"
    return Target(name, "PASS" if per <= 0.35 else "FAIL", detail)


def _light_noop(learnt: dict[str, dict[str, Any]]) -> Target:
    """The no-op's imports decide; a build after a guide saved unchanged is reported beside
    it: the worker it starts early for that guide loads the layout engine, by design."""
    name = "a no-op rebuild loads neither WeasyPrint nor matplotlib"
    checked = {
        size: found["noop_imports"] for size, found in learnt.items() if "noop_imports" in found
    }
    if not checked:
        return Target(name, "SKIP", "nothing measured")
    loaded = {size: mods for size, mods in checked.items() if mods}
    if loaded:
        detail = "; ".join(f"{size}: {', '.join(mods)}" for size, mods in loaded.items())
        return Target(name, "FAIL", detail)
    detail = f"none of them at {', '.join(checked)} careers"
    touched = {size: found["touched_imports"] for size, found in learnt.items()}
    touched = {size: mods for size, mods in touched.items() if mods}
    if touched:
        loads = "; ".join(f"{size}: {', '.join(mods)}" for size, mods in touched.items())
        detail += f" (after a guide saved unchanged, the worker started for it loads {loads})"
    return Target(name, "PASS", detail)


def _identical(learnt: dict[str, dict[str, Any]]) -> Target:
    name = "incremental outputs byte-identical to a clean serial build"
    checked = {size: found["identical"] for size, found in learnt.items() if "identical" in found}
    if not checked:
        return Target(name, "SKIP", "no serial build measured")
    ok = all(not found["differ"] for found in checked.values())
    detail = "; ".join(f"{size}: {found['detail']}" for size, found in checked.items())
    return Target(name, "PASS" if ok else "FAIL", detail)


def _nothing_left(rows: list[Row]) -> Target:
    name = "no process and no temporary file left behind by any build"
    measured = [row for row in rows if row.wall_s is not None]
    if not measured:
        return Target(name, "SKIP", "nothing measured")
    processes = sum(row.left_processes for row in measured)
    temp = sum(row.left_temp for row in measured)
    detail = f"{processes} processes, {temp} temporary files over {len(measured)} scenarios"
    return Target(name, "PASS" if processes == temp == 0 else "FAIL", detail)


def _limit(name: str, rows: list[Row], seconds: float, size: int = REFERENCE_SIZE) -> Target:
    if not rows:
        return Target(name, "SKIP", f"needs --sizes to include {size}")
    worst = max(rows, key=lambda row: row.wall_s or 0.0)
    status: Status = "PASS" if (worst.wall_s or 0.0) <= seconds else "FAIL"
    return Target(name, status, f"{worst.scenario}: {worst.wall_s:.2f} s")


def _memory(rows: list[Row], size: int) -> Target:
    name = f"whole process tree's PSS, {size} careers (cold, edits, serial) ≤ {MEMORY_MB} MB"
    if not rows:
        return Target(name, "SKIP", f"needs --sizes to include {size}")
    worst = max(rows, key=lambda row: row.tree_mb or 0.0)
    detail = (
        f"{worst.scenario}: {worst.tree_mb:.0f} MB whole tree ({worst.peak_rss_mb:.0f} MB "
        "largest process)"
    )
    return Target(name, "PASS" if (worst.tree_mb or 0.0) <= MEMORY_MB else "FAIL", detail)


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
            {
                **asdict(row),
                "per_career_s": row.per_career_s,
                "cpu_per_career_s": row.cpu_per_career_s,
                "reused": row.reused,
            }
            for row in rows
        ],
        "targets": [asdict(target) for target in targets],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
