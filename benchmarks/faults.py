"""Kill -9 a big build at random moments (issue 20): whatever the moment, output/ holds only
whole PDFs, nothing of the build lives on, and the next build ends with a clean build's
bytes.

    .venv/bin/python benchmarks/faults.py [--size 100] [--points 10] [--seed 20] [--out FILE]

A synthetic library of SIZE careers (as `run.py` makes them) is built cold once, for the
reference bytes and the time a build takes. Then, POINTS times, from a cold start again
(no `.cache/`, no `output/`), a build is killed with SIGKILL at a random moment of that time:
its whole process group, or (every other point) its own process only, as `kill -9 PID` does,
leaving its workers to end by themselves. After each kill it checks that every file in
output/ opens as a PDF with all its pages, that no process of the build is left (a marker in
its environment), and counts the temporary files a write in progress left (`.NAME.PID.*.tmp`,
swept by the next build) and what is left in its own TMPDIR. Then the build runs again with
the same TMPDIR; it must exit 0, leave no temporary file, no process and an empty TMPDIR, and
write every output byte for byte as the clean build did.

Exit codes: 0 every point passed, 1 a point failed, 2 no publisher command.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

if not __package__:  # run as a script: make `benchmarks` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.measure import leftover_processes
from benchmarks.scenarios import cluster_count
from benchmarks.synth import generate_library

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Point:
    """One kill and the build after it."""

    at_s: float
    killed: bool  # the build was still running at that moment (else it is drawn again)
    kind: str  # "group" (the build and its workers) or "parent" (the build's process only)
    outputs: int  # PDFs in output/ right after the kill
    broken: list[str]  # of those, files that do not open as whole PDFs
    temp_after_kill: int  # temporary files (.NAME.PID.*.tmp) in the project after the kill
    tmpdir_after_kill: int  # entries left in the build's TMPDIR after the kill
    processes_after_kill: int
    rebuild_s: float
    rebuild_exit: int
    temp_after_rebuild: int
    tmpdir_after_rebuild: int
    processes_after_rebuild: int
    identical: bool  # the rebuild's outputs are the clean build's, byte for byte
    differing: list[str]

    @property
    def ok(self) -> bool:
        return (
            not self.broken
            and self.processes_after_kill == 0
            and self.rebuild_exit == 0
            and self.temp_after_rebuild == 0
            and self.tmpdir_after_rebuild == 0
            and self.processes_after_rebuild == 0
            and self.identical
        )


class Build:
    """`publisher build` of one project, with its own TMPDIR and a marker in its environment."""

    def __init__(self, publisher: Path, root: Path, tmp: Path, today: str) -> None:
        self.marker = f"PUBLISHER_FAULT_RUN={uuid.uuid4().hex}"
        env = {**os.environ, "PUBLISHER_TODAY": today, "TMPDIR": str(tmp)}
        env[self.marker.split("=")[0]] = self.marker.split("=")[1]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [str(publisher), "build", "-C", str(root)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def finish(self) -> tuple[int, float, str]:
        _, err = self.process.communicate(timeout=900)
        return self.process.returncode, time.perf_counter() - self.started, err


def outputs(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root / "output")): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((root / "output").rglob("*"))
        if path.is_file()
    }


def broken_pdfs(root: Path) -> list[str]:
    import pikepdf

    broken = []
    for path in sorted((root / "output").rglob("*")):
        if not path.is_file():
            continue
        try:
            with pikepdf.open(path) as pdf:
                if len(pdf.pages) == 0:
                    broken.append(f"{path.name}: no pages")
                for page in pdf.pages:  # every page's content is there to read
                    page.obj.get("/Contents")
        except Exception as exc:  # (any failure to open is what this looks for)
            broken.append(f"{path.name}: {exc}")
    return broken


def temp_files(root: Path) -> int:
    return sum(1 for _ in root.rglob(".*.tmp"))


def cold(root: Path) -> None:
    for folder in (".cache", "output"):
        shutil.rmtree(root / folder, ignore_errors=True)


def run_point(
    args: argparse.Namespace, root: Path, at: float, kind: str, clean: dict[str, str]
) -> Point:
    cold(root)
    tmp = Path(tempfile.mkdtemp(prefix="publisher-fault-tmp-"))
    try:
        build = Build(args.publisher, root, tmp, args.today)
        time.sleep(at)
        killed = build.process.poll() is None
        if killed:
            if kind == "group":
                os.killpg(build.process.pid, signal.SIGKILL)
            else:
                os.kill(build.process.pid, signal.SIGKILL)
        build.finish()
        left_kill = leftover_processes(build.marker, grace=5.0)
        found = (root / "output").is_dir()
        made = len(list((root / "output").rglob("*.pdf"))) if found else 0
        broken = broken_pdfs(root) if found else []
        temp_kill, tmpdir_kill = temp_files(root), len(list(tmp.iterdir()))
        again = Build(args.publisher, root, tmp, args.today)
        code, seconds, err = again.finish()
        if code != 0:
            print(err, file=sys.stderr)
        now = outputs(root)
        differing = sorted(name for name in {*now, *clean} if now.get(name) != clean.get(name))
        return Point(
            at_s=round(at, 2), killed=killed, kind=kind, outputs=made, broken=broken,
            temp_after_kill=temp_kill, tmpdir_after_kill=tmpdir_kill,
            processes_after_kill=len(left_kill), rebuild_s=round(seconds, 2), rebuild_exit=code,
            temp_after_rebuild=temp_files(root), tmpdir_after_rebuild=len(list(tmp.iterdir())),
            processes_after_rebuild=len(leftover_processes(again.marker)),
            identical=not differing, differing=differing[:5],
        )  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if not os.access(args.publisher, os.X_OK):
        print(f"no publisher command at {args.publisher}; run ./dev build first", file=sys.stderr)
        return 2
    workspace = Path(tempfile.mkdtemp(prefix="publisher-faults-"))
    try:
        root = workspace / f"careers-{args.size}"
        generate_library(REPO, root, args.size, 7, cluster_count(args.size))
        tmp = Path(tempfile.mkdtemp(prefix="publisher-fault-tmp-"))
        code, wall, err = Build(args.publisher, root, tmp, args.today).finish()
        shutil.rmtree(tmp, ignore_errors=True)
        if code != 0:
            print(f"the clean build failed:\n{err}", file=sys.stderr)
            return 1
        clean = outputs(root)
        print(f"clean cold build of {args.size} careers: {wall:.1f} s, {len(clean)} files")
        rng = random.Random(args.seed)
        points: list[Point] = []
        for _attempt in range(3 * args.points):
            if len(points) == args.points:
                break
            at = rng.uniform(0.03, 0.9) * wall
            kind = "group" if len(points) % 2 == 0 else "parent"
            point = run_point(args, root, at, kind, clean)
            if not point.killed:  # (a build runs faster than the clean one did: draw again)
                print(f"the build had finished by {at:.1f} s; another moment", flush=True)
                continue
            points.append(point)
            print(
                f"kill -9 ({kind}) at {point.at_s:5.1f} s: {point.outputs} PDFs, "
                f"{len(point.broken)} broken, {point.temp_after_kill} temp files, "
                f"{point.tmpdir_after_kill} in TMPDIR, {point.processes_after_kill} processes | "
                f"rebuild {point.rebuild_s:.1f} s exit {point.rebuild_exit}: "
                f"{point.temp_after_rebuild} temp files, {point.tmpdir_after_rebuild} in TMPDIR, "
                f"{point.processes_after_rebuild} processes, "
                f"{'identical' if point.identical else 'DIFFERENT ' + str(point.differing)}"
                f" → {'ok' if point.ok else 'FAIL'}",
                flush=True,
            )
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    passed = sum(point.ok for point in points)
    print(f"{passed} of {len(points)} kill points passed")
    record = {
        "size": args.size, "seed": args.seed, "clean_build_s": round(wall, 2),
        "clean_files": len(clean), "passed": passed, "points": [asdict(p) for p in points],
    }  # fmt: skip
    args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0 if passed == len(points) else 1


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100, help="careers (default 100)")
    parser.add_argument("--points", type=int, default=10, help="kill points (default 10)")
    parser.add_argument("--seed", type=int, default=20, help="seed of the kill moments")
    parser.add_argument("--today", default="2026-11-24", help="PUBLISHER_TODAY for the builds")
    parser.add_argument(
        "--publisher", type=Path, default=REPO / ".venv" / "bin" / "publisher",
        help="the command to kill (default .venv/bin/publisher)",
    )  # fmt: skip
    parser.add_argument(
        "--out", type=Path, default=REPO / "benchmarks" / "faults.json", help="JSON results"
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
