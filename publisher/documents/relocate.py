"""Stage 6 (assemble), booklets: one laid-out part → its objects, ready to be written into the
booklet and into its print sheets by `publisher.documents.bind`.

Merging a booklet in memory (`publisher.documents.merge`) copies every object of every part
into one document: a 500-career booklet holds 150,000 objects and 600 MB, and one edited guide
meant merging them all again. Here each part is read once, as it is laid out, and its objects
are kept as PDF text, numbered from 0 within the part, with what only the booklet knows left
open (`Token`): where its objects start, the page tree and the `Document` element its pages and
top elements hang from, the keys of the parent tree, the pages its `booklet:` links go to, and
the sheets its pages are printed on. `bind` then writes a booklet (or its sheets) part after
part, filling those in, and holds one part at a time.

Each part is kept twice (`Relocated`): as booklet pages, and as what its sheets need, its pages
as form XObjects with its structure tree pointed at them (`publisher.documents.tags.place_tree`,
the same step `publisher.documents.impose` takes over a merged booklet).
"""

from __future__ import annotations

import io
import marshal
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from publisher.documents.impose import Box, page_form, trim_box
from publisher.documents.merge import LINK_SCHEME
from publisher.documents.tags import kids, place_tree, top_elements, tree_root
from publisher.errors import BuildError

FORMAT = 2  # of `pack`: bump when what it writes changes

# An open reference in an object's text: NUL, a kind, a value, NUL (PDF text as qpdf writes
# it holds no control character but white space: strings with one are written escaped or in
# hex, names with #).
#   G<name>  one of the booklet's objects (pages, document, catalog)
#   K<n>     the part's parent-tree key n
#   A<hex>   the page a `booklet:` link goes to
#   S<n>     the sheet the part's page n is printed on
TOKEN = re.compile(rb"\x00([GKAS])([^\x00]*)\x00")
# The part's own object n is written as its number in the booklet, but for its leading
# digits: the part's objects are numbered from a multiple of BLOCK on (its first block), so
# object n is block n // BLOCK after the first and n % BLOCK in it, written as BLOCK_MARK,
# then a byte that counts the blocks from 1, then n % BLOCK in three digits. Filled in by
# `fill`, a part takes a few replacements, not one Python call a reference.
BLOCK = 1000
BLOCK_MARK = b"\x01"
MAX_BLOCKS = 255
SEPARATOR = b"\x00\x00"  # (between a part's objects' texts, as `fill` joins them)

# What the text of an object holds that `relocate` opens: a literal or hex string (skipped:
# what looks like a reference in one is text), a reference, a parent-tree key.
_TEXT = re.compile(
    rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f]*>"
    rb"|(?<![\w./#+-])(\d+) (\d+) R(?![\w])"
    rb"|(/StructParents?) (\d+)(?![\w.])",
    re.DOTALL,
)


@dataclass(frozen=True)
class Variant:
    """A part's objects as one document needs them (the booklet, or its sheets).

    `objects`: each object's text, and a stream's raw (encoded) data; `pages`: the object of
    each page (in the sheets: of each page's form); `top`: its top structure elements;
    `parents`: its parent tree, key → value text; `next_key`: the keys it takes; `ids`: its
    structure elements by id. Objects are counted from 0 (their numbers: see `BLOCK`)."""

    objects: list[tuple[bytes, bytes | None]]
    pages: list[int]
    top: list[int]
    parents: list[tuple[int, bytes]]
    next_key: int
    ids: list[tuple[str, int]]


@dataclass(frozen=True)
class Relocated:
    """One part, ready for the booklet and for its sheets."""

    booklet: Variant
    sheets: Variant
    trims: list[Box]  # each page's trim box (what the sheets place)
    role_map: list[tuple[bytes, bytes]]  # the part's structure types → standard ones
    version: str  # its PDF version


def relocate(data: bytes, what: str) -> Relocated:
    """The part `data` (a tidy, placed part: see `publisher.documents.tags.tidy_pdf`) as
    booklet pages and as sheets' forms."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        trims = [trim_box(page, number) for number, page in enumerate(pdf.pages, 1)]
        role_map = [
            (bytes(name.encode()), value.unparse())
            for name, value in (tree_root(pdf, what).get("/RoleMap") or {}).items()
        ]
        booklet = _booklet(pdf, what)
        version = str(pdf.pdf_version)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        sheets = _sheets(pdf, what, trims)
    return Relocated(booklet, sheets, trims, role_map, version)


def _booklet(pdf: Any, what: str) -> Variant:
    """The part as booklet pages: its links to other parts left open."""
    import pikepdf

    stand_ins: dict[tuple[int, int], bytes] = {}
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", ()):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if not uri.startswith(LINK_SCHEME):
                continue
            anchor = uri[len(LINK_SCHEME) :]
            target = pdf.make_indirect(pikepdf.Dictionary())
            stand_ins[target.objgen] = b"A" + anchor.encode().hex().encode()
            del annotation["/A"]
            annotation.Dest = pikepdf.Array([target, pikepdf.Name.Fit])
    pages = [page.obj for page in pdf.pages]
    return _variant(pdf, what, pages, stand_ins)


def _sheets(pdf: Any, what: str, trims: list[Box]) -> Variant:
    """The part as its sheets need it: each page a form XObject, drawn on a sheet left open,
    and its structure tree pointed at the forms and sheets (annotations stay behind)."""
    import pikepdf

    pages = list(pdf.pages)
    forms = [page_form(page, trim) for page, trim in zip(pages, trims, strict=True)]
    for form in forms:  # (its content as the sheets keep it: compressed)
        form.write(zlib.compress(form.read_bytes()), filter=pikepdf.Name.FlateDecode)
    moved = {page.obj.objgen: form for page, form in zip(pages, forms, strict=True)}
    del pdf.pages[:]
    sheets = [pdf.add_blank_page(page_size=(3, 3)).obj for _ in pages]  # (stand-ins)
    stand_ins = {sheet.objgen: b"S%d" % number for number, sheet in enumerate(sheets)}
    if "/StructTreeRoot" in pdf.Root:
        on = {form.objgen: sheet for form, sheet in zip(forms, sheets, strict=True)}
        place_tree(pdf, moved, on)
    return _variant(pdf, what, forms, stand_ins)


def _variant(
    pdf: Any, what: str, pages: list[Any], stand_ins: dict[tuple[int, int], bytes]
) -> Variant:
    """`pages` and the structure tree, with all they reach, as open text (see `_Writer`)."""
    import pikepdf

    root = tree_root(pdf, what)
    writer = _Writer(pdf, stand_ins)
    writer.stand_ins[root.objgen] = b"Gdocument"
    for element in [e for e in kids(root) if e.get("/S") == "/Document"]:
        writer.stand_ins[element.objgen] = b"Gdocument"  # (its kids hang from the booklet's)
    page_numbers = [writer.number(page) for page in pages]
    top = [writer.number(element) for element in top_elements(root)]
    parents: list[tuple[int, bytes]] = []
    tree = root.get("/ParentTree")
    for key, value in pikepdf.NumberTree(tree).items() if tree is not None else ():
        parents.append((int(key), writer.text(value)))
    ids = root.get("/IDTree")
    named = [(str(key), writer.number(value)) for key, value in _names(ids)]
    writer.drain()
    next_key = max((key for key, _ in parents), default=-1) + 1
    return Variant(writer.objects, page_numbers, top, parents, next_key, named)


def _names(tree: Any) -> Iterable[tuple[str, Any]]:
    import pikepdf

    return pikepdf.NameTree(tree).items() if tree is not None else ()


class _Writer:
    """Numbers the objects a part's pages and tree reach, from 0, in the order they are met,
    and writes each one's text with its references open."""

    def __init__(self, pdf: Any, stand_ins: dict[tuple[int, int], bytes]) -> None:
        self.pdf = pdf
        self.stand_ins = dict(stand_ins)
        for name, key in (("catalog", pdf.Root), ("pages", pdf.Root.Pages)):
            self.stand_ins[key.objgen] = b"G" + name.encode()
        self.numbers: dict[tuple[int, int], int] = {}
        self.queue: list[Any] = []
        self.objects: list[tuple[bytes, bytes | None]] = []

    def number(self, obj: Any) -> int:
        objgen = obj.objgen
        if objgen == (0, 0):
            raise BuildError("a part's structure tree holds a direct element")
        found = self.numbers.get(objgen)
        if found is None:
            found = self.numbers[objgen] = len(self.numbers)
            self.queue.append(obj)
        return found

    def text(self, value: Any) -> bytes:
        """A value's text, its references open (a value held by reference: its own)."""
        if getattr(value, "is_indirect", False):
            return self._reference(*value.objgen)
        import pikepdf

        return self.open(pikepdf.Array([value]).unparse()[1:-1].strip())

    def open(self, text: bytes) -> bytes:
        return _TEXT.sub(self._replace, text)

    def _replace(self, match: re.Match[bytes]) -> bytes:
        if match.group(1) is not None:
            return self._reference(int(match.group(1)), int(match.group(2)))
        if match.group(3) is not None:
            return match.group(3) + b" \x00K" + match.group(4) + b"\x00"
        return match.group(0)

    def _reference(self, number: int, generation: int) -> bytes:
        objgen = (number, generation)
        stand_in = self.stand_ins.get(objgen)
        if stand_in is not None:
            return b"\x00" + stand_in + b"\x00"
        found = self.numbers.get(objgen)
        if found is None:
            obj = self.pdf.get_object(objgen)
            kind = obj.get("/Type") if hasattr(obj, "get") else None
            if kind in ("/Pages", "/Catalog", "/StructTreeRoot"):
                name = {"/Pages": b"Gpages", "/Catalog": b"Gcatalog"}.get(str(kind), b"Gdocument")
                self.stand_ins[objgen] = name
                return b"\x00" + name + b"\x00"
            found = self.number(obj)
        return _local(found)

    def drain(self) -> None:
        """Write every object numbered so far, and those they reach."""
        import pikepdf

        done = len(self.objects)
        while done < len(self.queue):
            obj = self.queue[done]
            done += 1
            if isinstance(obj, pikepdf.Stream):
                data = obj.read_raw_bytes()
                details = obj.stream_dict
                if "/Length" in details:
                    del details["/Length"]
                self.objects.append((self.open(details.unparse(resolved=True)), data))
            else:
                self.objects.append((self.open(obj.unparse(resolved=True)), None))


def _local(number: int) -> bytes:
    block = number // BLOCK
    if block >= MAX_BLOCKS:
        raise BuildError(f"a booklet's part has more than {MAX_BLOCKS * BLOCK} objects")
    return BLOCK_MARK + bytes([block + 1]) + b"%03d 0 R" % (number % BLOCK)


def blocks(count: int) -> int:
    """The blocks `count` objects of a part take (see `BLOCK`)."""
    return max(1, -(-count // BLOCK))


def fill(
    texts: list[bytes],
    place: tuple[int, int],
    known: dict[bytes, bytes],
    lookup: Callable[[bytes, bytes], bytes],
) -> list[bytes]:
    """Texts of a part with their open references filled in: the part's own objects numbered
    from block `place[0]` on (it has `place[1]` objects), each open reference in `known` (its
    token: `TOKEN`) by its text, and any other by `lookup(kind, value)`."""
    if not texts:
        return []
    first_block, count = place
    joined = SEPARATOR.join(texts)
    for block in range(blocks(count)):
        joined = joined.replace(BLOCK_MARK + bytes([block + 1]), b"%d" % (first_block + block))
    if b"\x00" in joined:

        def filled(match: re.Match[bytes]) -> bytes:
            text = known.get(match.group(0))
            return text if text is not None else lookup(match.group(1), match.group(2))

        joined = TOKEN.sub(filled, joined)
    return joined.split(SEPARATOR)


def pack(part: Relocated) -> tuple[bytes, bytes]:
    """`part` as bytes to keep, in two (see `unpack`): its head, what a document needs to
    number its objects and pages before writing any (`unpack_head`), and its objects (a
    stream the sheets share with the booklet, its fonts and images, is kept once)."""
    shared = {data: n for n, (_, data) in enumerate(part.booklet.objects) if data is not None}
    sheets = [
        (text, data if data is None else shared.get(data, data))
        for text, data in part.sheets.objects
    ]
    variants = [_head(part.booklet), _head(part.sheets)]
    head = marshal.dumps((FORMAT, variants, part.trims, part.role_map, part.version))
    return head, marshal.dumps((FORMAT, part.booklet.objects, sheets))


def unpack_head(head: bytes) -> Relocated | None:
    """A part's head, kept by `pack`: the part without its objects' text (each is empty), or
    None when it was kept in another format."""
    try:
        version, variants, trims, role_map, pdf_version = marshal.loads(head)
        if version != FORMAT:
            return None
        booklet, sheets = (_variant_from(kept, [(b"", None)] * kept[0]) for kept in variants)
        boxes = [(float(a), float(b), float(c), float(d)) for a, b, c, d in trims]
        return Relocated(booklet, sheets, boxes, list(role_map), str(pdf_version))
    except (EOFError, ValueError, TypeError, IndexError):
        return None


def unpack(head: bytes, objects: bytes) -> Relocated | None:
    """A part kept by `pack`; None when it was kept in another format."""
    part = unpack_head(head)
    try:
        version, booklet, sheets = marshal.loads(objects)
    except (EOFError, ValueError, TypeError):
        return None
    if part is None or version != FORMAT or len(booklet) != len(part.booklet.objects):
        return None
    try:
        sheets = [(t, booklet[d][1] if isinstance(d, int) else d) for t, d in sheets]
    except (IndexError, TypeError):
        return None
    return replace(
        part,
        booklet=replace(part.booklet, objects=booklet),
        sheets=replace(part.sheets, objects=sheets),
    )


def _head(variant: Variant) -> tuple[Any, ...]:
    return (
        len(variant.objects),
        variant.pages,
        variant.top,
        variant.parents,
        variant.next_key,
        variant.ids,
    )


def _variant_from(kept: Any, objects: list[tuple[bytes, bytes | None]]) -> Variant:
    _, pages, top, parents, next_key, ids = kept
    return Variant(objects, list(pages), list(top), list(parents), int(next_key), list(ids))
