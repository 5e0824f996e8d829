"""Stage 6 (assemble), booklets: relocated parts → the booklet PDF and its print sheets,
written part after part.

Each part comes as `publisher.documents.relocate` keeps it (packed), its objects numbered
from 0 with what only the booklet knows left open. Here the booklet's own objects are numbered
first (catalog, page tree, structure tree root and its `Document`, parent tree, ids, document
information, bookmarks; for sheets, each sheet and its content), then each part's objects
after the last part's, and every part is read, filled in and written in turn
(`publisher.documents.pdfwrite`): a 500-career booklet is written holding one part at a time.
Each part is written as a segment of its own, which the build keeps (`Segments`): a part in
the same place (the same numbers, the same pages to link to) is placed as it was written,
without being read, so an edit reads and fills in only the parts it changed.

The booklet reads as `publisher.documents.merge` makes it: its pages in order, one structure
tree under one `Document` (each part's parent-tree keys after the last part's), `booklet:`
links turned into page links, bookmarks and document information from the plan. Its sheets
are those of `publisher.documents.impose`: each side draws two pages as form XObjects, in
saddle-stitch order, and the structure tree reads the pages in the booklet's order over those
forms, on the sheets they are printed on.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from publisher.documents.booklet import BookletView
from publisher.documents.impose import SheetLayout, common_size, saddle_order
from publisher.documents.merge import document_info, language, outline
from publisher.documents.pdfwrite import PdfFile, Segment, segment, streams_for
from publisher.documents.relocate import (
    BLOCK,
    Relocated,
    Variant,
    blocks,
    fill,
    unpack,
    unpack_head,
)
from publisher.errors import BuildError
from publisher.project.labels import Labels
from publisher.project.settings import Project

Lookup = Callable[[bytes, bytes], bytes]


class Segments(Protocol):
    """Where the parts written before are kept as written (`publisher.documents.pdfwrite.
    Segment`): part n (from 0) written in the place `context` describes (bytes that tell
    apart every place that writes it otherwise) is the same segment again."""

    def get(self, number: int, context: bytes) -> bytes | None: ...

    def put(self, number: int, context: bytes, segment: bytes) -> None: ...


@dataclass(frozen=True)
class Kept:
    """A booklet's parts in page order, as `publisher.documents.relocate.pack` keeps them:
    every part's head (all read first, to number the document) and a way to read a part's
    objects (`objects(n)`, part n from 0: read once, as the part is written, unless
    `segments` keeps it written as it is to be written again)."""

    heads: Sequence[bytes]
    objects: Callable[[int], bytes]
    segments: Segments | None = None


@dataclass
class _Part:
    """What the booklet knows of a part before writing it: where its objects, pages and
    parent-tree keys start, and what its tree gives the booklet's."""

    block: int  # its first block (see `publisher.documents.relocate.BLOCK`)
    first_page: int  # its first page's index in the booklet (from 0)
    first_key: int
    variant: Variant  # (its head: its objects' text is read as the part is written)

    @property
    def base(self) -> int:
        """The number of its object 0."""
        return self.block * BLOCK


class _Plan:
    """The numbering of one document over relocated `parts` (their `kind`: booklet or sheets):
    its own objects 1 to `own`, then each part's from a block of its own on, followed by the
    numbers of its object streams (`publisher.documents.pdfwrite.segment`)."""

    def __init__(self, parts: Kept, kind: str, own: int) -> None:
        self.kept = parts
        self.kind = kind
        self.parts: list[_Part] = []
        self.trims: list[tuple[float, float, float, float]] = []
        self.role_map: dict[bytes, bytes] = {}
        versions: list[str] = ["1.5"]
        block, page, key = blocks(own + 1), 0, 0
        self.objects = own
        for number, head in enumerate(parts.heads):
            part = _checked(unpack_head(head), number)
            variant = _variant(part, kind)
            self.parts.append(_Part(block, page, key, variant))
            self.trims += part.trims
            for name, value in part.role_map:
                self.role_map.setdefault(name, value)
            versions.append(part.version)
            block += blocks(_numbers(len(variant.objects)))
            page += len(variant.pages)
            key += variant.next_key
            self.objects += len(variant.objects)
        last = self.parts[-1] if self.parts else None
        self.top = own if last is None else last.base + _numbers(len(last.variant.objects)) - 1
        self.pages = page
        self.next_key = key
        self.version = max(versions, key=lambda v: tuple(int(n) for n in v.split(".")))

    def page_objects(self) -> list[int]:
        """The object of each page of the booklet (in the sheets: its form), in order."""
        return [part.base + n for part in self.parts for n in part.variant.pages]

    def known(self, part: _Part, globals_: dict[bytes, bytes]) -> dict[bytes, bytes]:
        """The open references of `part` known before it is read: the document's own objects
        (`globals_`) and its parent-tree keys."""
        keys = range(part.variant.next_key)
        return globals_ | {b"\x00K%d\x00" % k: b"%d" % (part.first_key + k) for k in keys}

    def write_parts(
        self,
        out: PdfFile,
        known: Callable[[_Part], dict[bytes, bytes]],
        lookup: Lookup,
        links: bytes,
    ) -> None:
        """Write each part's objects to `out`: as kept written in the same place (`Segments`),
        or read again and filled in. `links`: what `lookup` gives, as bytes."""
        kept = self.kept.segments
        for number, part in enumerate(self.parts):
            filled = known(part)
            context = marshal.dumps((self.kind, part.block, sorted(filled.items()), links))
            found = kept.get(number, context) if kept is not None else None
            piece = Segment.loads(found) if found is not None else None
            if piece is None:
                piece = self._segment(number, part, filled, lookup)
                if kept is not None:
                    kept.put(number, context, piece.dumps())
            out.place(piece)

    def _segment(
        self, number: int, part: _Part, known: dict[bytes, bytes], lookup: Lookup
    ) -> Segment:
        """Part `number`'s objects, read again and filled in, as a segment."""
        read = unpack(self.kept.heads[number], self.kept.objects(number))
        objects = _variant(_checked(read, number), self.kind).objects
        place = (part.block, len(objects))
        texts = fill([text for text, _ in objects], place, known, lookup)
        numbers = range(part.base, part.base + len(objects))
        spare = range(numbers.stop, part.base + _numbers(len(objects)))
        return segment(numbers, texts, [stream for _, stream in objects], spare)

    def tree(
        self, known: Callable[[_Part], dict[bytes, bytes]], lookup: Lookup
    ) -> tuple[list[int], bytes, bytes]:
        """The booklet tree's top elements, its parent tree's /Nums and its /IDTree's /Names."""
        top: list[int] = []
        nums: list[bytes] = []
        ids: dict[str, int] = {}
        for part in self.parts:
            top += [part.base + n for n in part.variant.top]
            values = [value for _, value in part.variant.parents]
            filled = fill(values, (part.block, len(part.variant.objects)), known(part), lookup)
            keys = [part.first_key + key for key, _ in part.variant.parents]
            nums += [b"%d %s" % (key, value) for key, value in zip(keys, filled, strict=True)]
            ids.update((name, part.base + n) for name, n in part.variant.ids)
        names = b" ".join(_string(name) + b" %d 0 R" % ids[name] for name in sorted(ids))
        return top, b" ".join(nums), names


def _checked(part: Relocated | None, number: int) -> Relocated:
    if part is None:
        raise BuildError(f"the booklet's part {number + 1} was kept in another format; build again")
    return part


def _variant(part: Relocated, kind: str) -> Variant:
    return part.booklet if kind == "booklet" else part.sheets


def _numbers(count: int) -> int:
    """The numbers a part of `count` objects takes: its objects', then its object streams'."""
    return count + streams_for(count)


# The booklet's (and its sheets') own objects.
CATALOG, PAGES, ROOT, DOCUMENT, PARENTS, INFO, IDS = range(1, 8)
GLOBAL = {
    b"\x00G%s\x00" % name: b"%d 0 R" % number
    for name, number in (
        (b"catalog", CATALOG),
        (b"pages", PAGES),
        (b"root", ROOT),
        (b"document", DOCUMENT),
    )
}


def write_booklet(
    parts: Kept, view: BookletView, project: Project, labels: Labels, stream: BinaryIO
) -> None:
    """Write the booklet of relocated `parts` to `stream`."""
    marks = outline(view, labels)
    items = len(marks) + sum(len(careers) for _, _, careers in marks)
    outlines = IDS + 1
    plan = _Plan(parts, "booklet", outlines + items)
    pages = plan.page_objects()

    def lookup(kind: bytes, value: bytes) -> bytes:
        if kind == b"A":
            anchor = bytes.fromhex(value.decode("ascii")).decode()
            target = view.pages.get(anchor)
            if target is None or target > len(pages):
                raise BuildError(f"booklet '{view.name}': a link points at unknown {anchor!r}")
            return b"%d 0 R" % pages[target - 1]
        raise BuildError(f"booklet '{view.name}': a part holds a sheet's reference")

    def known(part: _Part) -> dict[bytes, bytes]:
        return plan.known(part, GLOBAL)

    # (where each anchor's page is: all `lookup` knows, for `Segments`)
    links = marshal.dumps(
        sorted((a, pages[n - 1] if n <= len(pages) else 0) for a, n in view.pages.items())
    )
    out = PdfFile(stream, plan.version, plan.top)
    reading = b"/Outlines %d 0 R /PageLayout /TwoPageRight /PageMode /UseOutlines" % outlines
    facts = (language(project), document_info(view, project, labels))
    filling = (known, lookup, links)
    _write_document(out, plan, filling, pages=pages, reading=reading, facts=facts)
    for number, text in _bookmarks(marks, outlines, pages):
        out.add(number, text)
    out.finish(CATALOG, INFO, expected=plan.objects)


def write_sheets(
    parts: Kept,
    view: BookletView,
    project: Project,
    labels: Labels,
    *,
    sheet: tuple[float, float] | None,
    stream: BinaryIO,
) -> float:
    """Write the print sheets of relocated `parts` in size `sheet` (None: twice the trim) to
    `stream` (see `publisher.documents.impose.place_sheets`); returns their scale."""
    plan = _Plan(parts, "sheets", IDS)
    sides = saddle_order(plan.pages)
    width, height = common_size(plan.trims)
    layout = SheetLayout.of(sheet, width, height, 0.0)
    first_side = plan.top + 1  # each side: its page, then its content, after the parts
    sheets = [first_side + 2 * index for index in range(len(sides))]
    forms = plan.page_objects()
    side_of = {number: index for index, pair in enumerate(sides) for number in pair}

    def lookup(kind: bytes, value: bytes) -> bytes:
        raise BuildError(f"booklet '{view.name}': its sheets hold a link of a page")

    def known(part: _Part) -> dict[bytes, bytes]:
        on = {
            b"\x00S%d\x00" % n: b"%d 0 R" % sheets[side_of[part.first_page + n + 1]]
            for n in range(len(part.variant.pages))
        }
        return plan.known(part, GLOBAL | on)

    out = PdfFile(stream, plan.version, first_side + 2 * len(sides) - 1)
    facts = (language(project), document_info(view, project, labels))
    reading = b"/PageMode /UseNone"
    _write_document(out, plan, (known, lookup, b""), pages=sheets, reading=reading, facts=facts)
    box = b"[ 0 0 %s %s ]" % (_number(layout.width), _number(layout.height))
    for page, pair in zip(sheets, sides, strict=True):
        xobjects = b" ".join(b"/P%d %d 0 R" % (n, forms[n - 1]) for n in pair)
        out.add(
            page,
            b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Resources << /XObject << %s >> >>"
            b" /Contents %d 0 R >>" % (PAGES, box, xobjects, page + 1),
        )
        content = zlib.compress(layout.side(pair, plan.trims))
        out.add(page + 1, b"<< /Filter /FlateDecode >>", content)
    out.finish(CATALOG, INFO, expected=plan.objects + 2 * len(sides))
    return layout.scale


def _write_document(
    out: PdfFile,
    plan: _Plan,
    filling: tuple[Callable[[_Part], dict[bytes, bytes]], Lookup, bytes],
    *,
    pages: list[int],
    reading: bytes,
    facts: tuple[str, dict[str, str]],
) -> None:
    """Write the parts (filled in by `filling`), then what the document says of itself: its
    catalog (how a viewer opens it: `reading`), structure tree, page tree (`pages`) and
    document information (`facts`: its language and information)."""
    known, lookup, links = filling
    plan.write_parts(out, known, lookup, links)
    top, nums, names = plan.tree(known, lookup)
    language, info = facts
    catalog = (
        b"<< /Type /Catalog /Pages %d 0 R /Lang %s /MarkInfo << /Marked true >> %s"
        b" /StructTreeRoot %d 0 R /ViewerPreferences << /DisplayDocTitle true >> >>"
    ) % (PAGES, _string(language), reading, ROOT)
    out.add(CATALOG, catalog)
    _write_tree(out, plan, top, nums, names)
    out.add(PAGES, _page_tree(pages))
    out.add(INFO, _info(info))


def _write_tree(out: PdfFile, plan: _Plan, top: list[int], nums: bytes, names: bytes) -> None:
    role_map = b" ".join(name + b" " + value for name, value in plan.role_map.items())
    extra = b" /RoleMap << %s >>" % role_map if plan.role_map else b""
    if names:
        extra += b" /IDTree %d 0 R" % IDS
        out.add(IDS, b"<< /Names [ %s ] >>" % names)
    else:
        out.add(IDS, b"null")
    out.add(
        ROOT,
        b"<< /Type /StructTreeRoot /K [ %d 0 R ] /ParentTree %d 0 R /ParentTreeNextKey %d%s >>"
        % (DOCUMENT, PARENTS, plan.next_key, extra),
    )
    kids = b" ".join(b"%d 0 R" % n for n in top)
    out.add(DOCUMENT, b"<< /Type /StructElem /S /Document /P %d 0 R /K [ %s ] >>" % (ROOT, kids))
    out.add(PARENTS, b"<< /Nums [ %s ] >>" % nums)


def _page_tree(kids: list[int]) -> bytes:
    listed = b" ".join(b"%d 0 R" % n for n in kids)
    return b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(kids), listed)


@dataclass(eq=False)
class _Bookmark:
    number: int
    title: str
    page: int  # its page's index in the booklet (from 0)
    parent: int
    kids: list[_Bookmark]


def _bookmarks(
    marks: list[tuple[str, int, list[tuple[str, int]]]], first: int, pages: list[int]
) -> Iterator[tuple[int, bytes]]:
    """The outline's objects: its root (object `first`), then each bookmark followed by the
    careers under it, all open (as pikepdf writes an outline)."""
    numbers = iter(range(first + 1, first + 1 + 2**31))
    heads: list[_Bookmark] = []
    for title, page, careers in marks:
        head = _Bookmark(next(numbers), title, page, first, [])
        head.kids = [_Bookmark(next(numbers), n, at, head.number, []) for n, at in careers]
        heads.append(head)
    count = len(heads) + sum(len(head.kids) for head in heads)
    root = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
    yield first, root % (heads[0].number, heads[-1].number, count)
    for head in heads:
        yield head.number, _bookmark(head, heads, pages)
        for kid in head.kids:
            yield kid.number, _bookmark(kid, head.kids, pages)


def _bookmark(mark: _Bookmark, siblings: list[_Bookmark], pages: list[int]) -> bytes:
    text = b"<< /Title %s /Parent %d 0 R /Dest [ %d 0 R /Fit ] /Count %d" % (
        _string(mark.title),
        mark.parent,
        pages[mark.page],
        len(mark.kids),
    )
    index = siblings.index(mark)
    if index > 0:
        text += b" /Prev %d 0 R" % siblings[index - 1].number
    if index + 1 < len(siblings):
        text += b" /Next %d 0 R" % siblings[index + 1].number
    if mark.kids:
        text += b" /First %d 0 R /Last %d 0 R" % (mark.kids[0].number, mark.kids[-1].number)
    return text + b" >>"


def _info(info: dict[str, str]) -> bytes:
    return b"<< %s >>" % b" ".join(
        key.encode("ascii") + b" " + _string(value) for key, value in info.items()
    )


def _string(text: str) -> bytes:
    import pikepdf

    return bytes(pikepdf.String(text).unparse())


def _number(value: float) -> bytes:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return (text if text not in {"-0", ""} else "0").encode("ascii")
