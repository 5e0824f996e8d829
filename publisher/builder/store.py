"""The store: what the build made, by key, so an unchanged input is never made twice.

An entry's key is a hash of everything that shapes its bytes (see `publisher.builder.keys`) and
its file is named by the key and what it holds (`.pdf`, `.json`);
entries are written atomically, so a killed build leaves whole entries or none, and each ends
with a checksum of its bytes, so one damaged on disk (a power cut: entries are not flushed to
disk one by one) reads as missing, and is dropped. Reading the
store imports nothing heavy: a no-op rebuild never loads WeasyPrint or matplotlib.

An entry found is marked used (its file's modification time), and a whole build that made
something forgets what none of the last `KEPT_BUILDS` such builds used (`Store.prune`): an edit
keeps a new booklet and its sheets, some megabytes, and the store would grow with every edit.
A missing entry is only made again, as a damaged one is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal, get_args

from publisher.output import save_atomic, write_atomic

# what an entry holds (its file's suffix): a booklet's part is kept as a PDF, relocated
# (`publisher.documents.relocate`) and as written into its booklet and sheets
# (`publisher.documents.pdfwrite.Segment`)
Kind = Literal["pdf", "json", "relocated", "segment"]


CHECKSUM = 32  # bytes of SHA-256 after each entry
KINDS = frozenset(get_args(Kind))
KEY = 64  # characters of a key (SHA-256, hex); an entry kept beside a part adds to its key
KEPT_BUILDS = 5  # whole builds that stored something, whose entries a prune keeps
SLACK = 2.0  # seconds: a file system may keep times to the second or two
BUILDS = "builds.json"  # when those builds started (in the store's folder)


class Store:
    """Bytes by key under one folder: PDFs (handouts, parts, booklets, sheets) and JSON
    (layout facts, sheet scales, guides as read). With no folder, kept in memory. A build
    without a cache keeps one for itself only (`for_one_build`): then only what a later step
    of the build reads back (handouts, parts), not whole booklets and their sheets
    (`put_file`)."""

    def __init__(self, folder: Path | None, *, files: bool = True) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}
        self.files = files  # whether it keeps whole booklets and sheets (`put_file`)
        self.stored = False  # whether this process stored an entry (`prune`)

    @classmethod
    def for_one_build(cls) -> Store:
        """A store in the build's own temporary folder (`publisher.builder.scratch`, gone
        with it), not in memory: a 500-career booklet's parts, handouts and relocated parts
        are some 150 MB that the build process would otherwise hold to its end."""
        return cls(Path(tempfile.mkdtemp(prefix="store-")), files=False)

    def _path(self, key: str, kind: Kind) -> Path:
        return Path(self._file(key, kind))

    def _file(self, key: str, kind: Kind) -> str:
        """The entry's file, as a string: a build asks the store thousands of times (a
        booklet's writer at 500 careers reads two entries a part), and pathlib's joins and
        checks took some 8 % of a writer's time, profiled."""
        assert self.folder is not None
        return os.path.join(self.folder, key[:2], f"{key}.{kind}")

    def get(self, key: str, kind: Kind = "pdf") -> bytes | None:
        if self.folder is None:
            return self.memory.get(key)
        path = self._file(key, kind)
        try:
            with open(path, "rb") as stream:
                raw = stream.read()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None
        data, check = raw[:-CHECKSUM], raw[-CHECKSUM:]
        if hashlib.sha256(data).digest() == check:
            _touch(path)
            return data
        with contextlib.suppress(FileNotFoundError):  # damaged: made again (`put`, anew)
            os.unlink(path)
        return None

    def has(self, key: str, kind: Kind = "pdf") -> bool:
        if self.folder is None:
            return key in self.memory
        return _touch(self._file(key, kind))

    def put(self, key: str, data: bytes, kind: Kind = "pdf", *, anew: bool = False) -> None:
        """Keep `data` under `key`, unless the store has it (`anew`: whatever it has, which
        may be damaged: what is made again because another entry read as missing)."""
        if self.folder is None:
            self.memory[key] = data
        elif anew or not self.has(key, kind):
            check = hashlib.sha256(data).digest()
            write_atomic(self._path(key, kind), data, durable=False, trailer=check)
            self.stored = True

    def put_file(self, key: str, source: Path, digest: bytes | None = None) -> None:
        """Store the file `source` (a booklet: copied in chunks, never read whole; not held
        in memory, as nothing reads it back in the same build). Its `digest` (`Summed`), when
        the process that wrote it knows it, saves reading it: it is copied by the kernel."""
        if self.folder is not None and self.files and not self.has(key):
            path = self._path(key, "pdf")
            save_atomic(path, lambda stream: _copy_summed(source, stream, digest), False)
            self.stored = True

    def prune(self, started: float) -> tuple[int, int]:
        """After a whole build (every output of the project) that started at `started`
        (`time.time()`) and stored something, forget each entry that none of the last
        `KEPT_BUILDS` such builds used (this one among them). The entries and bytes gone.

        An entry kept beside another (a spread's marks, a part relocated: named by the part's
        key and more) goes with it, and is kept with it: which of them a build reads varies.
        The one whose presence vouches for the others goes first (`_in_deleting_order`), so
        that an interrupted prune leaves no entry without what it vouches for."""
        if self.folder is None or not self.files or not self.stored:
            return 0, 0
        starts = sorted([*self._starts(), started])[-KEPT_BUILDS:]
        write_atomic(self.folder / BUILDS, json.dumps(starts).encode(), durable=False)
        if len(starts) < KEPT_BUILDS:
            return 0, 0
        since = starts[0] - SLACK
        groups: dict[str, list[os.DirEntry[str]]] = {}
        for entry in _entries(self.folder):
            groups.setdefault(entry.name[:KEY], []).append(entry)
        dropped, freed = 0, 0
        for group in groups.values():
            found = [(entry, entry.stat()) for entry in group]
            if max(stat.st_mtime for _, stat in found) >= since:
                continue
            for entry, stat in _in_deleting_order(found):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    dropped, freed = dropped + 1, freed + stat.st_size
        return dropped, freed

    def _starts(self) -> list[float]:
        """When the last whole builds that stored something started (`prune`)."""
        assert self.folder is not None
        try:
            kept = json.loads((self.folder / BUILDS).read_bytes())
        except (OSError, ValueError):
            return []
        if not isinstance(kept, list):
            return []
        return [float(start) for start in kept if isinstance(start, int | float)]


def _touch(path: str) -> bool:
    """Whether the entry `path` is there, marking it used now (see `Store.prune`)."""
    try:
        os.utime(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:  # (a store this user may read, not change: kept as it is)
        return os.path.isfile(path)
    return True


def _entries(folder: Path) -> Iterator[os.DirEntry[str]]:
    """The store's entries: files `KEY[:2]/KEY….KIND` (not a half-written one's temporary
    file, which starts with a dot)."""
    with os.scandir(folder) as tops:
        shelves = [top.path for top in tops if len(top.name) == 2 and top.is_dir()]
    for shelf in shelves:
        with os.scandir(shelf) as found:
            for entry in found:
                stem, _, kind = entry.name.rpartition(".")
                if kind in KINDS and len(stem) >= KEY and not entry.name.startswith("."):
                    yield entry


def _in_deleting_order(
    found: list[tuple[os.DirEntry[str], os.stat_result]],
) -> list[tuple[os.DirEntry[str], os.stat_result]]:
    """A group's entries, those that vouch for others first: the part itself (its key alone:
    a spread there without its `-names` mark has page numbers), then a relocated part's head
    (a head has its objects), then the rest."""

    def rank(item: tuple[os.DirEntry[str], os.stat_result]) -> int:
        stem = item[0].name.rpartition(".")[0]
        return 0 if len(stem) == KEY else 1 if stem.endswith("-head") else 2

    return sorted(found, key=rank)


class Summed:
    """A binary stream written through to `stream`, keeping the checksum the store keeps of
    what was written (`digest`)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.hasher = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.hasher.update(data)
        return self.stream.write(data)

    def digest(self) -> bytes:
        return self.hasher.digest()


def _copy_summed(source: Path, stream: BinaryIO, digest: bytes | None) -> None:
    with source.open("rb") as read:
        if digest is not None:  # (known: copied without passing through this process)
            stream.flush()
            if not _sendfile(read, stream):
                shutil.copyfileobj(read, stream)
            stream.write(digest)
            return
        hasher = hashlib.sha256()
        while chunk := read.read(1 << 20):
            hasher.update(chunk)
            stream.write(chunk)
    stream.write(hasher.digest())


def _sendfile(source: BinaryIO, target: BinaryIO) -> bool:
    """Copy `source` to the end of `target` in the kernel (os.sendfile); False where it
    cannot (then nothing was copied)."""
    size, offset = os.fstat(source.fileno()).st_size, 0
    try:
        while offset < size:
            sent = os.sendfile(target.fileno(), source.fileno(), offset, size - offset)
            if sent == 0:
                break
            offset += sent
    except (OSError, AttributeError):  # (not supported here: nothing was sent yet)
        if offset:
            raise
        return False
    target.seek(0, os.SEEK_END)
    return True


class Manifest:
    """Which key each file in output/ was last written from, so unchanged files are skipped."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, str] = {}
        if path is not None and path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                self.entries = {str(k): str(v) for k, v in loaded.items()}
            except (ValueError, AttributeError):
                self.entries = {}  # a damaged manifest only costs a rebuild

    def current(self, name: str, key: str, output: Path) -> bool:
        return self.entries.get(name) == key and output.is_file()

    def record(self, name: str, key: str) -> None:
        self.entries[name] = key

    def save(self) -> None:
        if self.path is not None:
            text = json.dumps(self.entries, indent=1, sort_keys=True)
            write_atomic(self.path, text.encode("utf-8"))
