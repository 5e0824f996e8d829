"""Stage 6 (assemble): numbered PDF objects → a PDF file, written as they come.

`publisher.documents.bind` writes a booklet part after part and never holds it whole, so it
numbers the objects itself and this module lays them out as a PDF 1.5 file: the objects that
are not streams go into compressed object streams (100 each, in the order they come), streams
are written as they are, and a cross-reference stream ends the file. The /ID is the MD5 of
everything before it, so the same objects in the same order give the same bytes.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from typing import BinaryIO

PASS_ON = 1 << 20  # bytes written to the stream at once
OBJECTS_PER_STREAM = 100
COMPRESSION = 1  # zlib's level for object streams: 2 % larger than its default, 3× as fast


class PdfFile:
    """A PDF being written to `stream`: its objects, numbered from 1 to `top` with gaps
    allowed (`add`), then `finish`."""

    def __init__(self, stream: BinaryIO, version: str, top: int) -> None:
        self.stream = stream
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.position = 0
        self.pending: list[bytes] = []  # written, not yet passed on (`_write`)
        self.pending_size = 0
        self.top = top
        self.next_number = top + 1  # (the object streams', then the cross-reference's)
        self.entries: dict[int, tuple[int, int, int]] = {}
        self.added = 0  # objects added (not the object streams this writes)
        self.batch: list[tuple[int, bytes]] = []
        self._write(b"%PDF-" + version.encode("ascii") + b"\n%\xbf\xf7\xa2\xfe\n")

    def add(self, number: int, text: bytes, data: bytes | None = None) -> None:
        """Object `number`: its text, and for a stream its dictionary's text (no /Length) and
        its data as it is to be stored (filters already applied)."""
        if not 0 < number <= self.top or number in self.entries:
            raise ValueError(f"object {number} is out of range or written twice")
        self.added += 1
        if data is None:
            self.entries[number] = (0, 0, 0)  # (placed when its object stream is written)
            self.batch.append((number, text))
            if len(self.batch) == OBJECTS_PER_STREAM:
                self._flush()
            return
        self._stream(number, text, data)

    def add_all(self, numbers: range, texts: list[bytes], streams: list[bytes | None]) -> None:
        """Objects `numbers` in turn, as `add` takes them (a part's, at once)."""
        if numbers and (numbers[0] <= 0 or numbers[-1] > self.top):
            raise ValueError(f"objects {numbers} are out of range")
        entries, batch = self.entries, self.batch
        for number, text, data in zip(numbers, texts, streams, strict=True):
            if number in entries:
                raise ValueError(f"object {number} is written twice")
            if data is None:
                entries[number] = (0, 0, 0)
                batch.append((number, text))
                if len(batch) == OBJECTS_PER_STREAM:
                    self._flush()
                    batch = self.batch
            else:
                self._stream(number, text, data)
        self.added += len(numbers)

    def finish(self, root: int, info: int | None = None, expected: int | None = None) -> None:
        """Write what is pending and the cross-reference stream that ends the file (checking,
        given `expected`, that as many objects were written)."""
        self._flush()
        if expected is not None and self.added != expected:
            raise ValueError(f"{self.added} objects written where {expected} were expected")
        number = self.next_number
        self._pass_on()
        file_id = self.md5.hexdigest().encode("ascii")
        self.entries[number] = (1, self.position, 0)
        self.entries[0] = (0, 0, 65535)
        runs = _runs(sorted(self.entries))
        row = struct.Struct(">BIH").pack  # (the widths /W gives)
        table = b"".join([row(*self.entries[n]) for n in sorted(self.entries)])
        index = b" ".join(b"%d %d" % run for run in runs)
        about = b"" if info is None else b" /Info %d 0 R" % info
        details = (
            b"<< /Type /XRef /Size %d /Index [ %s ] /W [ 1 4 2 ] /Root %d 0 R%s"
            b" /ID [ <%s> <%s> ] /Filter /FlateDecode >>"
            % (number + 1, index, root, about, file_id, file_id)
        )
        start = self.position
        self._object(number, details, zlib.compress(table))
        self._write(b"startxref\n%d\n%%%%EOF\n" % start)
        self._pass_on()

    def _stream(self, number: int, text: bytes, data: bytes) -> None:
        self.entries[number] = (1, self.position, 0)
        self._object(number, text, data)

    def _object(self, number: int, text: bytes, data: bytes) -> None:
        if not text.endswith(b">>"):
            raise ValueError(f"object {number}: a stream's dictionary must end with >>")
        head = b"%d 0 obj\n%s /Length %d >>\nstream\n" % (number, text[:-2].rstrip(), len(data))
        self._write(b"".join((head, data, b"\nendstream\nendobj\n")))

    def _flush(self) -> None:
        """Write the pending objects as one object stream."""
        if not self.batch:
            return
        number = self.next_number
        self.next_number += 1
        offsets: list[bytes] = []
        body: list[bytes] = []
        at = 0
        for index, (member, text) in enumerate(self.batch):
            offsets.append(b"%d %d" % (member, at))
            body.append(text)
            at += len(text) + 1
            self.entries[member] = (2, number, index)
        header = b" ".join(offsets) + b"\n"
        data = zlib.compress(header + b"\n".join(body) + b"\n", COMPRESSION)
        details = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode >>" % (
            len(self.batch),
            len(header),
        )
        self.batch = []
        self._stream(number, details, data)

    def _write(self, data: bytes) -> None:
        """Write `data` (passed on to the stream and the identifier in runs of about a MB: a
        booklet is tens of thousands of objects)."""
        self.pending.append(data)
        self.pending_size += len(data)
        self.position += len(data)
        if self.pending_size >= PASS_ON:
            self._pass_on()

    def _pass_on(self) -> None:
        data = b"".join(self.pending)
        self.pending, self.pending_size = [], 0
        self.stream.write(data)
        self.md5.update(data)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted `numbers` as runs of consecutive ones: (first, count) each."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][0] + runs[-1][1] == number:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((number, 1))
    return runs
