"""What the last whole build read, wrote and showed: the same build again, with nothing
changed, is answered from it without loading the pipeline.

A build that finds every output current still reads the settings, every guide and every
layout to make its keys: half a second at 100 careers, most of it importing the libraries
that validate and lay out. Make and ninja decide from files' stats instead; so does this, for
`publisher build` run again exactly as before, after a build that succeeded:

- as it starts, before reading anything, the build notes the stats (size, modification and
  change times, inode) of everything it may read: the project's files (not output/, nor what
  is hidden at its top: .cache/, .git/), the tool's own code, the fonts, the folders its
  libraries are installed in and the system's library cache;
- once it has succeeded, it notes the stats of everything in output/ and of the record of
  output/ (`.cache/manifest.json`), and what it showed of each output;
- the same command line, from the same folder, with the same Python, on the same day, and
  every one of those stats unchanged: the build shows the same outputs as current and ends.
  Anything else, and it is a build like any other (which notes all this afresh).

A file given new bytes gets new modification and change times (the change time no tool sets
back), so an edit is not missed, and a file edited while a build reads it differs from what
was noted before, so the next build is a real one. Only a change within the same tick of the
file system's clock as the change noted leaves the stats as they were (a tick is a few
milliseconds; 2 s on a FAT memory stick). So, as git does, a file modified less than 2 s
before the build began is "racy": the notes keep its bytes, and the build is answered only if
they are still its bytes.

Keys (`publisher.builder.keys`) still decide every output of a real build: this only repeats
a whole build whose every input and output is as it left them.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from publisher.builder.report import BuildReport, Outcome
from publisher.errors import BuildError, PublisherError
from publisher.output import write_atomic
from publisher.project.root import CACHE_NAME, GUIDES_NAME, OUTPUT_NAME, find_project

NAME = "last-build.json"  # in .cache/
FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # publisher/: the tool's own code
LINKER_CACHE = "/etc/ld.so.cache"  # which system libraries (the layout engine's) load
RECORD = "manifest.json"  # the record of output/ (`publisher.builder.store.Manifest`)
GUIDE_SUFFIX = ".yaml"
RACY_NS = 2_000_000_000  # a file this recent when noted may change again unseen (see below)
RACY_MOST, RACY_BYTES = 64, 4_000_000  # what the notes keep of such files' bytes, at most

Progress = Callable[[Outcome, int], None]


@dataclass(frozen=True)
class Shown:
    """What a build answered from its last run shows: each output as it was shown, the
    verbosity it was shown with, and the project's root (for the summary's paths)."""

    root: Path
    outputs: list[tuple[Outcome, int]]  # (outcome, outputs planned in all)
    quiet: bool
    verbose: bool

    @property
    def report(self) -> BuildReport:
        """Every output current, as a build that wrote nothing reports it."""
        built = [outcome for outcome, _ in self.outputs]
        return BuildReport(built=built, reused=len(built))


@dataclass(frozen=True)
class Look:
    """What the notes say of a command line: what to show when nothing changed (`shown`);
    otherwise, when only guides were changed or added since, which (`edited`, a guess for
    what to start early, like `publisher.builder.warmup.plan_start`: never what is current)."""

    root: Path | None = None
    shown: Shown | None = None
    edited: tuple[str, ...] = ()


def answer(argv: Sequence[str], cwd: Path) -> Shown | None:
    """What the last build showed, if `argv` (a command line, without the program) repeats it
    and nothing it read or wrote has changed since; None otherwise."""
    return look(argv, cwd).shown


def look(argv: Sequence[str], cwd: Path) -> Look:
    """What the last build's notes say of `argv` (see `Look`)."""
    if "build" not in argv:
        return Look()
    try:
        root = find_project(_project_dir(argv, cwd))
        record = json.loads((root / CACHE_NAME / NAME).read_bytes())
        if record["invocation"] != _invocation(argv, cwd, root):
            return Look(root)
        inputs = _inputs(root, record["extras"])
        if record["inputs"] != inputs:
            return Look(root, edited=_edited(root, record["inputs"], inputs))
        if record["outputs"] != _outputs(root) or not _still(record["racy"]):
            return Look(root)
        outputs = [(Outcome(name, note=note), total) for name, note, total in record["shown"]]
        quiet, verbose = (bool(flag) for flag in record["verbosity"])
    except (PublisherError, OSError, ValueError, KeyError, TypeError):
        return Look()  # (no record, or one of another shape: a real build writes a new one)
    return Look(root, Shown(root, outputs, quiet, verbose))


def _edited(root: Path, noted: list[str], now: list[str]) -> tuple[str, ...]:
    """The guides changed or added since `noted`, when nothing else changed or went."""
    gone, new = set(noted) - set(now), set(now) - set(noted)
    guides = str(root / GUIDES_NAME) + os.sep
    changed = {line.split("\0", 1)[0] for line in new}
    if {line.split("\0", 1)[0] for line in gone} - changed:
        return ()  # (something was removed)
    if not all(path.startswith(guides) and path.endswith(GUIDE_SUFFIX) for path in changed):
        return ()
    if any(os.sep in path.removeprefix(guides) for path in changed):
        return ()  # (a translation, in a folder of its own)
    return tuple(sorted(changed))


@dataclass
class Noting:
    """A whole build's notes, begun before it reads anything (`begin`), written when it has
    succeeded (`finish`)."""

    root: Path
    invocation: str
    extras: list[str]
    inputs: list[str]
    racy: dict[str, str] | None  # the bytes of the racy files, by path; None: too many
    shown: list[tuple[str, str | None, int]] = field(default_factory=list)

    @classmethod
    def begin(cls, argv: Sequence[str], cwd: Path, root: Path, extras: list[str]) -> Noting:
        """Forget the last build (this one may change anything) and note what this one may
        read, as it is now."""
        (root / CACHE_NAME / NAME).unlink(missing_ok=True)
        extras = [path for path in extras if Path(path) != root]  # (`python -m` in it: its
        # own stats change as a first build makes output/; what it holds is listed anyway)
        begun = time.time_ns()
        inputs = _inputs(root, extras)
        invocation = _invocation(argv, cwd, root)
        return cls(root, invocation, extras, inputs, _racy(inputs, begun - RACY_NS))

    def showing(self, progress: Progress) -> Progress:
        """`progress`, noting each output it is shown."""

        def show(outcome: Outcome, total: int) -> None:
            self.shown.append((outcome.name, outcome.note, total))
            progress(outcome, total)

        return show

    def finish(self, report: BuildReport, quiet: bool, verbose: bool) -> None:
        """Write the notes, if the build succeeded; a failed build is never repeated."""
        if not report.ok:
            return
        record = {
            "invocation": self.invocation,
            "extras": self.extras,
            "inputs": self.inputs,
            "racy": self.racy,
            "outputs": _outputs(self.root),
            "shown": self.shown,
            "verbosity": [quiet, verbose],
        }
        data = json.dumps(record, separators=(",", ":")).encode()
        with contextlib.suppress(BuildError):  # (.cache/ unwritable: the next build is real)
            write_atomic(self.root / CACHE_NAME / NAME, data, durable=False)


def installed(fonts: Sequence[Path]) -> list[str]:
    """What outside the project and the tool's code a build may read, to note: the folders
    on Python's path (installing, upgrading or removing a library changes its folder), the
    font files, and the system's library cache."""
    folders = [entry for entry in sys.path if entry and os.path.isdir(entry)]
    return [*folders, *(str(path) for path in fonts), LINKER_CACHE]


def _project_dir(argv: Sequence[str], cwd: Path) -> Path:
    """The folder `-C`/`--project` names (relative to `cwd`), or `cwd`. (A wrong guess only
    finds no record that matches: the record names the root its build used.)"""
    for number, word in enumerate(argv):
        if word in ("-C", "--project") and number + 1 < len(argv):
            return cwd / argv[number + 1]
        if word.startswith("--project="):
            return cwd / word.removeprefix("--project=")
        if word.startswith("-C") and len(word) > 2:
            return cwd / word[2:]
    return cwd


def _invocation(argv: Sequence[str], cwd: Path, root: Path) -> str:
    """The command line and everything around it that a build reads besides files: its
    folder, the day (`PUBLISHER_TODAY`, as the command reads it), the Python and its path."""
    today = os.environ.get("PUBLISHER_TODAY") or date.today().isoformat()
    context = [FORMAT, list(argv), str(cwd), str(root), today, sys.executable, sys.version]
    return json.dumps([*context, sys.path])


def _inputs(root: Path, extras: Any) -> list[str]:
    """The stats of what a build may read: the project's files (not output/, nor what is
    hidden at its top: .cache/, .git/, a .venv/), the tool's code, `extras`."""
    if not isinstance(extras, list) or not all(isinstance(path, str) for path in extras):
        raise TypeError("extras: a list of paths")
    top, output = str(root), str(root / OUTPUT_NAME)

    def kept(entry: os.DirEntry[str]) -> bool:
        if os.path.dirname(entry.path) == top:
            return entry.path != output and not entry.name.startswith(".")
        return True

    lines = [*_tree(root, kept), *_tree(PACKAGE_DIR, lambda entry: entry.name != "__pycache__")]
    return [*lines, *(_stat(path) for path in extras)]


def _outputs(root: Path) -> list[str]:
    """The stats of what a build wrote: every file in output/, and the record of them."""
    return [*_tree(root / OUTPUT_NAME), _stat(str(root / CACHE_NAME / RECORD))]


def _tree(
    folder: Path, kept: Callable[[os.DirEntry[str]], bool] = lambda entry: True
) -> Iterator[str]:
    """Each file and folder under `folder` that is `kept`, with each file's stats, in a stable
    order, through symbolic links (each folder once)."""
    seen: set[tuple[int, int]] = set()
    folders = [str(folder)]
    while folders:
        current = folders.pop()
        try:
            identity = os.stat(current)
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError:
            yield f"{current}\0absent"
            continue
        if (identity.st_dev, identity.st_ino) in seen:
            continue  # (a link back to a folder already listed)
        seen.add((identity.st_dev, identity.st_ino))
        yield current
        for entry in reversed(entries):
            if not kept(entry):
                continue
            if entry.is_dir():
                folders.append(entry.path)
            else:
                yield _stat(entry.path)


def _racy(inputs: list[str], since: int) -> dict[str, str] | None:
    """The bytes of each file in `inputs` modified at `since` or later (read after its stats,
    before the build reads it: a change in between makes the notes differ, never agree
    wrongly); None when there are more than the notes keep."""
    kept: dict[str, str] = {}
    size = 0
    for line in inputs:
        fields = line.split("\0")
        if len(fields) == 5 and int(fields[2]) >= since:
            try:
                data = Path(fields[0]).read_bytes()
            except OSError:
                return None
            size += len(data)
            if len(kept) >= RACY_MOST or size > RACY_BYTES:
                return None
            kept[fields[0]] = data.decode("utf-8", "surrogateescape")
    return kept


def _still(racy: Any) -> bool:
    """Whether each racy file still holds the bytes the notes keep."""
    if not isinstance(racy, dict):
        return False
    for path, text in racy.items():
        try:
            if Path(path).read_bytes() != text.encode("utf-8", "surrogateescape"):
                return False
        except (OSError, AttributeError, UnicodeError):
            return False
    return True


def _stat(path: str) -> str:
    try:
        found = os.stat(path)
    except OSError:
        return f"{path}\0absent"
    return f"{path}\0{found.st_size}\0{found.st_mtime_ns}\0{found.st_ctime_ns}\0{found.st_ino}"
