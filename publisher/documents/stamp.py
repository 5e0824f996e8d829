"""A booklet spread from a handout's pages: the career is laid out once, not twice.

A career's two pages are the same in its handout and in a booklet except for what sits around
the body: the handout's footer and page count, and the related-careers line (a booklet adds
page numbers and links). So a booklet spread is the handout's pages with those blanked, under
a "furniture" page laid out for the booklet that carries its running heads, folio and related
line. The handout is a tagged PDF, which says what to blank: the related line is the last
paragraph of the front page's section, and the footer is content that the structure tree does
not reach (WeasyPrint's margin boxes). Blanking drops what a sequence paints (text, paths,
images) and keeps its graphics-state changes, so the content after it is drawn as before.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from publisher.documents import tags
from publisher.errors import BuildError

# What a blanked sequence loses: text showing, path construction and painting, XObjects,
# shadings and inline images. Everything else (state, matrices, text state) is kept.
TEXT = ["Tj", "TJ", "'", '"']
PATHS = ["m", "l", "c", "v", "y", "h", "re", "W", "W*"]
PAINT = ["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"]
IMAGES = ["Do", "sh", "BI", "ID", "EI", "INLINE IMAGE"]
PAINTING = frozenset([*TEXT, *PATHS, *PAINT, *IMAGES])
MARKS = (b"BDC", b"BMC", b"EMC")


class NotComposableError(BuildError):
    """The handout's pages cannot be reused; the spread is laid out on its own instead."""


def compose_spread(
    handout: bytes, furniture: bytes, related: bool, place: tags.TreePlace | None = None
) -> bytes:
    """A career's booklet pages (two; in large print, its handout's even count): the handout's
    body (footer and, when `related`, the related line blanked) drawn under the furniture
    pages, at their trim box; tagged (see `_tag_spread`), its tree in its `place` in the
    booklet's (see `publisher.documents.tags.place_part`)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(handout)) as body, pikepdf.open(io.BytesIO(furniture)) as top:
        if len(body.pages) != len(top.pages) or len(body.pages) % 2:
            raise NotComposableError("a spread is its handout's pages, an even number of them")
        keep = _sequences_to_keep(body, related)
        out = pikepdf.new()
        out.pages.extend(top.pages)
        forms = []
        for index, page in enumerate(body.pages):
            _blank(body, page, keep[index])
            forms.append(out.copy_foreign(page.as_form_xobject()))
            _underlay(out, out.pages[index], forms[index], index)
        _tag_spread(out, body, top, forms, related, place)
        buffer = io.BytesIO()  # (object streams: a booklet's merge parses them faster)
        out.save(
            buffer,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return buffer.getvalue()


def _tag_spread(  # noqa: PLR0917 -- the documents, and how the spread is tagged
    out: Any, body: Any, top: Any, forms: list[Any], related: bool, place: tags.TreePlace | None
) -> None:
    """The spread's structure tree: the handout's, its content now in the forms drawn on the
    booklet's pages, with the furniture's related line (page numbers, links) in place of the
    handout's. The rest of the furniture (running heads, folios) is marked as artifacts."""
    import pikepdf

    body_root = tags.tree_root(body, "the handout")
    copied = out.copy_foreign(body_root)  # (objects copied again map to the same copies)
    if related:
        old = _related_line(body_root, pages_of(body))
        line = _related_line(tags.tree_root(top, "the furniture"), pages_of(top))
        parent, new = out.copy_foreign(old.P), out.copy_foreign(line)
        parent.K = pikepdf.Array(
            [new if _same(kid, out.copy_foreign(old)) else kid for kid in tags.items(parent)]
        )
        new.P = parent
    moved = {
        out.copy_foreign(page.obj).objgen: (out.pages[index].obj, forms[index])
        for index, page in enumerate(body.pages)
    }
    root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    root.K = pikepdf.Array(tags.kids(copied))
    for element in tags.kids(root):
        element.P = root
    reach = tags.walk(root, moved)
    if place is not None:
        tags.place_part(out, root, reach, place)
    tags.tidy(out, root, reach)
    tags.mark_tagged(out, root)


def pages_of(pdf: Any) -> dict[Any, int]:
    return {page.objgen: index for index, page in enumerate(pdf.pages)}


def _same(a: Any, b: Any) -> bool:
    import pikepdf

    return isinstance(a, pikepdf.Object) and a.is_indirect and a.objgen == b.objgen


def _underlay(pdf: Any, page: Any, form: Any, index: int) -> None:
    """Draw `form` (a page of the same size) under `page`, at its trim box. Unlike pikepdf's
    `add_underlay`, the resource name is fixed, so the bytes are the same on every build."""
    import pikepdf

    trim, box = pikepdf.Rectangle(page.trimbox), pikepdf.Rectangle(form.BBox)
    if abs(trim.width - box.width) > 0.01 or abs(trim.height - box.height) > 0.01:
        raise NotComposableError("the handout's pages are not the booklet's page size")
    resources = _copy(page.obj.get("/Resources"))
    xobjects = _copy(resources.get("/XObject"))
    name = pikepdf.Name(f"/CareerBody{index}")
    xobjects[name] = form
    resources.XObject = xobjects
    page.obj.Resources = resources  # a copy: WeasyPrint shares one dictionary between pages
    dx, dy = trim.llx - box.llx, trim.lly - box.lly
    head = pdf.make_stream(f"q 1 0 0 1 {dx:g} {dy:g} cm {name} Do Q\n".encode())
    page.contents_coalesce()
    page.obj.Contents = pikepdf.Array([head, page.obj.Contents])


def _copy(dictionary: Any) -> Any:
    """A shallow copy of a PDF dictionary (its values still shared), or a new one."""
    import pikepdf

    return pikepdf.Dictionary() if dictionary is None else pikepdf.Dictionary(dictionary)


def _sequences_to_keep(pdf: Any, related: bool) -> list[set[int]]:
    """Per page, the marked-content ids to keep: those the structure tree reaches, but the
    related line's; the others (the footer's, the line's) are blanked."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        raise NotComposableError("the handout is not tagged")
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    reached: list[set[int]] = [set() for _ in pdf.pages]
    for element, page in _elements(root, None, pages):
        reached[page] |= _own_ids(element)
    if related:
        line = _related_line(root, pages)
        for element, page in _elements(line, pages.get(line.Pg.objgen), pages):
            reached[page] -= _own_ids(element)
    return reached


def _elements(element: Any, page: int | None, pages: dict[Any, int]) -> Iterator[Any]:
    """Every structure element under `element` (itself included) with its page index."""
    import pikepdf

    if "/Pg" in element:
        page = pages.get(element.Pg.objgen, page)
    if page is not None and element.get("/S") is not None:
        yield element, page
    for kid in _items(element):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
            yield from _elements(kid, page, pages)


def _own_ids(element: Any) -> set[int]:
    import pikepdf

    items = _items(element)
    ids = {int(kid) for kid in items if isinstance(kid, int)}
    ids |= {
        int(kid.MCID)
        for kid in items
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR"
    }
    return ids


def _related_line(root: Any, pages: dict[Any, int]) -> Any:
    """The front page's related line: the last element of its section (see spread.html)."""
    import pikepdf

    for document in _kids(root):
        for child in _kids(document):
            if child.get("/S") != "/Art" or pages.get(child.Pg.objgen) != 0:
                continue
            sections = [kid for kid in _kids(child) if kid.get("/S") == "/Sect"]
            last = _kids(sections[0])[-1] if sections else None
            if isinstance(last, pikepdf.Dictionary) and last.get("/S") == "/P":
                return last
    raise NotComposableError("the related-careers line was not found in the handout's tags")


def _kids(element: Any) -> list[Any]:
    """The structure elements (dictionaries) among `element`'s kids."""
    import pikepdf

    return [kid for kid in _items(element) if isinstance(kid, pikepdf.Dictionary)]


def _items(element: Any) -> list[Any]:
    """`element`'s /K as a list: it may be one kid or an array of them."""
    import pikepdf

    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _blank(pdf: Any, page: Any, keep: set[int]) -> None:
    """Drop what the marked-content sequences with an id not in `keep` and the pagination
    artifacts (the footer, see `publisher.documents.tags.tidy`) paint; keep their state
    changes. Read in the stream's bytes where they are plain (`_blank_in_bytes`), else parsed."""
    page.contents_coalesce()
    data = _blank_in_bytes(pdf, page.obj.Contents.read_bytes(), keep)
    page.Contents = pdf.make_stream(data if data is not None else _blank_parsed(page, keep))


def _blank_parsed(page: Any, keep: set[int]) -> bytes:
    """`_blank` by parsing the whole stream."""
    import pikepdf

    return pikepdf.unparse_content_stream(_state_only(pikepdf.parse_content_stream(page), keep))


_MARK_NAMES = frozenset(mark.decode() for mark in MARKS)
_NOT_KEPT = PAINTING | _MARK_NAMES


def _unpainted(stream: Any) -> list[Any]:
    """What a blanked sequence's content (`stream`) keeps: its state changes, not its marks."""
    import pikepdf

    return [
        instruction
        for instruction in pikepdf.parse_content_stream(stream)
        if str(instruction.operator) not in _NOT_KEPT
    ]


def _state_only(instructions: Iterable[Any], keep: set[int]) -> list[Any]:
    """The instructions, less what the blanked sequences among them paint (and their marks)."""
    kept: list[Any] = []
    depth = 0  # nesting inside a blanked sequence (0: not blanking)
    for instruction in instructions:
        name = str(instruction.operator)
        if depth:
            if name in _MARK_NAMES:
                depth += -1 if name == "EMC" else 1
            elif name not in PAINTING:
                kept.append(instruction)
            continue
        if name == "BDC" and _blanked(instruction.operands, keep):
            depth = 1
            continue
        kept.append(instruction)
    return kept


# A stream's marked-content operators, found in its bytes (a parse of a handout's page takes
# some 5 ms: a spread's two pages were a sixth of the spread's own work). A mark is a token of
# its own: what comes before it is white space or a delimiter (but `/`, which would make it a
# name), and after it the same or `/`. A `BDC` takes the two operands before it, a tag and a
# plain dictionary (names and whole numbers) or a resource's name; a hex string cannot hide a
# mark behind such operands. Literal strings and comments could hide anything, inline images
# any bytes: a stream with `(`, `%` or `BI` is parsed.
_SPACE = b" \t\r\n\f\x00"
_BEFORE = frozenset(_SPACE + b"[]<>(){}%")
_ENDS = frozenset([b"", *(bytes([byte]) for byte in _SPACE + b"[]<>(){}%/")])
_OPERANDS = re.compile(rb"(" + tags.NAME + rb")\s*(<<[^<>]*>>|" + tags.NAME + rb")\s*\Z")
_PLAIN = re.compile(rb"<<\s*(?:/[A-Za-z]+\s*(?:/[A-Za-z]+|\d+)\s*)*>>")
_ENTRY = re.compile(rb"/([A-Za-z]+)\s*(/[A-Za-z]+|\d+)")
_LOOK_BACK = 512  # bytes before a `BDC` its operands must lie in


def _blank_in_bytes(pdf: Any, data: bytes, keep: set[int]) -> bytes | None:
    """`_blank` of the stream `data`, its bytes kept as they are but for the blanked sequences
    (whose state changes alone are parsed and written again); None when only a parse can be
    sure (see `_OPERANDS`) or the marks do not nest."""
    import pikepdf

    if b"(" in data or b"%" in data or b"BI" in data:
        return None
    pieces: list[bytes] = []
    end = 0  # of the last blanked sequence
    start = depth = 0  # where the blanked sequence's content starts; its nesting
    for at, after, mark in _marks(data):
        if depth:
            depth += -1 if mark == b"EMC" else 1
            if not depth:
                inside = pikepdf.Stream(pdf, data[start:at])
                pieces.append(pikepdf.unparse_content_stream(_unpainted(inside)))
                end = after
            continue
        if mark != b"BDC":
            continue  # (a sequence kept: its marks too)
        operands = _OPERANDS.search(data, max(0, at - _LOOK_BACK), at)
        if operands is None:
            return None
        tag, properties = operands.groups()
        entries: dict[bytes, bytes] = {}
        if properties.startswith(b"<<"):
            if not _PLAIN.fullmatch(properties):
                return None
            entries = dict(_ENTRY.findall(properties))
        mcid = int(entries[b"MCID"]) if b"MCID" in entries else None
        pagination = tag == b"/Artifact" and entries.get(b"Type") == b"/Pagination"
        if _blanks(mcid, pagination, keep):
            pieces.append(data[end : operands.start()])
            start, depth = after, 1
    if depth:
        return None
    return b"\n".join([*pieces, data[end:]])


def _marks(data: bytes) -> list[tuple[int, int, bytes]]:
    """Where each marked-content operator of `data` starts and ends, and which it is, in order."""
    found = []
    for mark in MARKS:
        at = data.find(mark)
        while at >= 0:
            after = at + len(mark)
            alone = (at == 0 or data[at - 1] in _BEFORE) and data[after : after + 1] in _ENDS
            if alone:
                found.append((at, after, mark))
            at = data.find(mark, after)
    return sorted(found)


def _blanked(operands: Any, keep: set[int]) -> bool:
    """Whether a BDC with these operands starts a sequence to blank."""
    return _blanks(tags.mcid_of(operands), tags.is_pagination(operands), keep)


def _blanks(mcid: int | None, pagination: bool, keep: set[int]) -> bool:
    """Whether a sequence with this id (or none), a pagination artifact or not, is blanked."""
    return (mcid is not None and mcid not in keep) or pagination
