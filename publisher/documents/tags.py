"""Stage 6 (assemble), structure trees: tagged parts → one tagged booklet.

Every PDF the tool writes is tagged (PDF/UA-1: a structure tree in reading order, every piece
of content either in it or marked as an artifact). The layout engine tags each document it
lays out, but a booklet is made of many (front matter, openers, each career's spread, the
appendix), and a spread draws its handout's pages as form XObjects. So here:

- `walk` reads a tree: every element in reading order and what it reaches (per content
  stream, marked-content id → element; per annotation, its element). Given `moved`, it also
  points elements copied from another document at their new page, and content that now sits
  in a form XObject at that form (`/MCR` with `/Stm`). Elements that only group (a `/Span`,
  `/Div` or `/NonStruct` with no attributes, which the layout engine writes for every
  `<span>` and `<div>` and for boxes it has no role for: two thirds of a booklet's elements)
  give way to their content, which reads the same without them; every step after (parts,
  merge, sheets, the saved files) then handles a third as many elements.
- `tidy` marks what no element reaches as a pagination artifact (`/Artifact <</Type
  /Pagination>> BDC`: the layout engine's margin boxes, footers, running heads and folios, are
  marked content the tree never reaches) and writes the parent tree again from what the tree
  reaches.
- `place_part` gives a booklet's part, as it is laid out, its place in the booklet's tree:
  its headings at their level, its ids the booklet's own. `BookletTree` then grafts each
  part's tree under one `Document`, in the parts' order (`graft`), and writes the structure
  tree root (`finish`). A number key of the parent tree belongs to one content stream or
  annotation, so each part's keys follow the last part's; marked-content ids are per
  content stream and stay as they are.

pikepdf is imported inside the functions that use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from publisher.errors import BuildError

HEADINGS = {f"/H{level}": level for level in range(1, 7)}
NAMED_ID = re.compile(rb"/MCID\s+(\d+)")  # a marked-content id, as content streams write it
NAME = rb"/[^\s/<>\[\]()%{}]+"  # a name, as content streams write it (a tag, a resource)
# a marked sequence that opens with a tag and an id alone, as the layout engine writes one
MARKED = re.compile(NAME + rb"\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC(?=\s)")
PAGINATION = b"/Artifact <</Type /Pagination>> BDC"
ObjGen = tuple[int, int]


@dataclass
class Reach:
    """What a structure tree reaches, in reading order."""

    streams: dict[ObjGen, tuple[Any, dict[int, Any]]] = field(default_factory=dict)
    objects: dict[ObjGen, tuple[Any, Any]] = field(default_factory=dict)  # annotation, element
    elements: list[Any] = field(default_factory=list)
    headings: list[Any] = field(default_factory=list)
    named: list[Any] = field(default_factory=list)  # elements with an /ID or attributes

    def mark(self, owner: Any, mcid: int, element: Any) -> None:
        self.streams.setdefault(owner.objgen, (owner, {}))[1][mcid] = element


def items(element: Any) -> list[Any]:
    """`element`'s /K as a list: it may be one kid, an array of them, or none."""
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def kids(element: Any) -> list[Any]:
    """The structure elements among `element`'s kids (not content items)."""
    import pikepdf

    return [
        kid
        for kid in items(element)
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR")
    ]


def top_elements(root: Any) -> list[Any]:
    """The elements a part's tree (`root`) hangs under its booklet's `Document`: its top
    elements, those of a `Document` of its own in its place."""
    found: list[Any] = []
    for element in kids(root):
        found.extend(kids(element) if element.get("/S") == "/Document" else [element])
    return found


def tree_root(pdf: Any, what: str) -> Any:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        raise BuildError(f"{what} is not tagged: it has no structure tree")
    return root


def walk(root: Any, moved: dict[ObjGen, tuple[Any, Any]] | None = None) -> Reach:
    """Every element under `root` (a structure tree root or element) and what it reaches.

    `moved` maps a page (by object number) to its new page and, when its content is now
    drawn as a form XObject of that page, the form: elements and content items are pointed
    there (integer kids become `/MCR` dictionaries with `/Stm`). Link annotations of a page
    that moved into a form are not on any page: their `/OBJR` is dropped."""
    reach = Reach()
    for kid in kids(root):
        _visit(kid, (None, None), reach, moved or {})
    return reach


def _visit(
    element: Any, place: tuple[Any, Any], reach: Reach, moved: dict[ObjGen, tuple[Any, Any]]
) -> None:
    """Visit `element` and its kids; `place` is the page (and form) its content is on.

    Kids that only group (`_grouping`) give way to their own kids, which `element` takes in
    their place: a content item that is on another page (or form) than `element`'s then
    names it (`_named`)."""
    import pikepdf

    place = _place(element, place, moved)
    reach.elements.append(element)
    if str(element.get("/S")) in HEADINGS:
        reach.headings.append(element)
    if "/ID" in element or "/A" in element:
        reach.named.append(element)
    new: list[Any] = []
    found, changed = _spliced(element, place, moved)
    for kid, where, spliced in found:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
            if spliced:
                kid.P = element
                if "/Pg" not in kid and where[0] is not None and not _same_place(where, place):
                    kid.Pg = where[0]  # (its page was its old parent's)
            _visit(kid, where, reach, moved)
            new.append(kid)
            continue
        item = _content(kid, element, where, reach, moved)
        if item is not None and spliced and not _same_place(where, place):
            item = _named(item, where)
        changed = changed or item is not kid
        if item is not None:
            new.append(item)
    if changed:
        element.K = pikepdf.Array(new)


GROUPING = frozenset({"/Span", "/NonStruct", "/Div"})
PLAIN_KEYS = frozenset({"/Type", "/S", "/P", "/K", "/Pg"})


def _grouping(kid: Any) -> bool:
    """Whether `kid` is an element that only groups its kids: a `/Span`, `/Div` or
    `/NonStruct` with no attributes, id, language, title or alternate text. Its kids read the
    same without it."""
    import pikepdf

    return (
        isinstance(kid, pikepdf.Dictionary)
        and str(kid.get("/S")) in GROUPING
        and kid.get("/Type") not in ("/MCR", "/OBJR")
        and all(key in PLAIN_KEYS for key in kid)
    )


def _spliced(
    element: Any, place: tuple[Any, Any], moved: dict[ObjGen, tuple[Any, Any]]
) -> tuple[list[tuple[Any, tuple[Any, Any], bool]], bool]:
    """`element`'s kids with the kids of its grouping kids (`_grouping`, at any depth) in
    their place, each with its page (and form) and whether it came from a grouping kid; and
    whether there was any."""
    found: list[tuple[Any, tuple[Any, Any], bool]] = []
    grouped = False
    for kid in items(element):
        if _grouping(kid):
            inner, _ = _spliced(kid, _place(kid, place, moved), moved)
            found += [(item, where, True) for item, where, _ in inner]
            grouped = True
        else:
            found.append((kid, place, False))
    return found, grouped


def _place(
    element: Any, place: tuple[Any, Any], moved: dict[ObjGen, tuple[Any, Any]]
) -> tuple[Any, Any]:
    """The page (and form) of `element`'s content: its own `/Pg` (pointed at the page's new
    place when it `moved`), else its parent's (`place`)."""
    if "/Pg" not in element:
        return place
    page, stm = element.Pg, None
    if page.objgen in moved:
        page, stm = moved[page.objgen]
        element.Pg = page
    return page, stm


def _same_place(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    return all(
        (x is None and y is None) or (x is not None and y is not None and x.objgen == y.objgen)
        for x, y in zip(a, b, strict=True)
    )


def _named(item: Any, where: tuple[Any, Any]) -> Any:
    """A content item taken from a grouping kid, naming the page it is on (its new parent's
    may differ): a marked-content id becomes an `/MCR`."""
    import pikepdf

    page, _ = where
    if isinstance(item, int):
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=item, Pg=page)
    if "/Pg" in item or page is None:
        return item
    named = _copy(item)
    named.Pg = page
    return named


def _copy(item: Any) -> Any:
    """A new direct dictionary with `item`'s entries (a content item to change without
    changing the one it came from)."""
    import pikepdf

    return pikepdf.Dictionary({str(k): v for k, v in item.items()})


def _content(
    kid: Any,
    element: Any,
    place: tuple[Any, Any],
    reach: Reach,
    moved: dict[ObjGen, tuple[Any, Any]],
) -> Any:
    """A content item of `element` (a marked-content id, `/MCR` or `/OBJR`) as it is now
    (None: dropped), noted in `reach`."""
    import pikepdf

    page, stm = place
    if isinstance(kid, int):
        if page is None:
            raise BuildError("a structure element marks content but names no page")
        reach.mark(stm if stm is not None else page, int(kid), element)
        if stm is None:
            return kid
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=int(kid), Pg=page, Stm=stm)
    if kid.get("/Type") == "/MCR":
        item, owner = _mcr(kid, page, moved)
        reach.mark(owner, int(item.MCID), element)
        return item
    target = kid.get("/Pg", page)
    if target is not None and target.objgen in moved:
        return None  # the annotation stayed behind with the page
    reach.objects[kid.Obj.objgen] = (kid.Obj, element)
    return kid


def _mcr(kid: Any, page: Any, moved: dict[ObjGen, tuple[Any, Any]]) -> tuple[Any, Any]:
    """A marked-content reference, pointed at its page's new place; and its content stream."""

    reference = _copy(kid)
    own = reference.get("/Pg", page)
    if own is not None and own.objgen in moved:
        new_page, form = moved[own.objgen]
        reference.Pg = new_page
        if "/Stm" not in reference and form is not None:
            reference.Stm = form
        own = new_page
    owner = reference.get("/Stm", own)
    if owner is None:
        raise BuildError("a marked-content reference names no page")
    return reference, owner


def tidy(pdf: Any, root: Any, reach: Reach, artifacts: bool = True) -> None:
    """Mark every page's content no element reaches as an artifact (unless the content is
    known to be tidy already: `artifacts` false), and write `root`'s parent tree from `reach`
    (keys: the pages in order, then forms, then annotations; an annotation no element reaches
    holds none)."""
    import pikepdf

    pages = [page.obj for page in pdf.pages]
    forms = [owner for owner, _ in reach.streams.values() if owner.get("/Type") != "/Page"]
    if artifacts:
        for owner in [*pages, *forms]:
            _artifacts(pdf, owner, reach.streams.get(owner.objgen, (owner, {}))[1])
    tree = pikepdf.NumberTree.new(pdf)
    key = 0
    for owner in [*pages, *forms]:
        marked = reach.streams.get(owner.objgen, (owner, {}))[1]
        if not marked:
            if "/StructParents" in owner:
                del owner["/StructParents"]
            continue
        owner.StructParents = key
        tree[key] = pikepdf.Array([marked.get(mcid) for mcid in range(max(marked) + 1)])
        key += 1
    for annotation, element in reach.objects.values():
        annotation.StructParent = key
        tree[key] = element
        key += 1
    for page in pages:  # an annotation no element reaches holds no key
        for annotation in page.get("/Annots", ()):
            if "/StructParent" in annotation and annotation.objgen not in reach.objects:
                del annotation["/StructParent"]
    root.ParentTree = tree.obj
    root.ParentTreeNextKey = key


def _artifacts(pdf: Any, owner: Any, reached: dict[int, Any]) -> None:
    """Turn the marked-content sequences of `owner` (a page or a form) that the tree does not
    reach into artifacts (the content stays; only its mark changes)."""
    import pikepdf

    data = _content_bytes(owner)
    if _all_reached(data, reached):
        return
    rewritten = _rewritten(data, reached)
    if rewritten is not None:
        _replace_content(pdf, owner, rewritten)
        return
    instructions = pikepdf.parse_content_stream(owner)
    changed = False
    for index, instruction in enumerate(instructions):
        if str(instruction.operator) != "BDC":
            continue
        mcid = mcid_of(instruction.operands)
        if mcid is not None and mcid not in reached:
            instructions[index] = pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)],
                pikepdf.Operator("BDC"),
            )
            changed = True
    if not changed:
        return
    _replace_content(pdf, owner, pikepdf.unparse_content_stream(instructions))


def _replace_content(pdf: Any, owner: Any, data: bytes) -> None:
    if owner.get("/Type") == "/Page":
        owner.Contents = pdf.make_stream(data)
    else:
        owner.write(data)


def _content_bytes(owner: Any) -> bytes:
    """The content of `owner` (a page, whose content may be several streams, or a form)."""
    import pikepdf

    contents = owner.get("/Contents") if owner.get("/Type") == "/Page" else owner
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams if stream is not None)


def _all_reached(data: bytes, reached: dict[int, Any]) -> bool:
    """Whether the tree reaches every id a content stream's bytes `data` mark, read without
    parsing them (a parse takes 30 times as long). An id the parse would find is named in the
    bytes as `/MCID n`, unless a comment splits the two, so bytes with a `%` are parsed; a
    match that is not an id (in a string) only costs that parse."""
    return b"%" not in data and all(int(n) in reached for n in NAMED_ID.findall(data))


def _rewritten(data: bytes, reached: dict[int, Any]) -> bytes | None:
    """`data` with the marked sequences whose ids the tree does not reach marked as artifacts,
    rewritten in its bytes, as a parse would (the layout engine's pages: their running
    footers); None when only a parse can be sure: bytes with a comment or a literal string
    (which could hold what looks like a mark), or an id not in a plain `/Tag <</MCID n>> BDC`."""
    if b"%" in data or b"(" in data:
        return None
    marks = list(MARKED.finditer(data))
    if len(marks) != len(NAMED_ID.findall(data)):
        return None
    pieces: list[bytes] = []
    end = 0
    for mark in marks:
        if int(mark.group(1)) not in reached:
            pieces += [data[end : mark.start()], PAGINATION]
            end = mark.end()
    return b"".join([*pieces, data[end:]])


def is_pagination(operands: Any) -> bool:
    """Whether a BDC's operands mark a pagination artifact (see `tidy`)."""
    import pikepdf

    return (
        len(operands) == 2
        and operands[0] == pikepdf.Name.Artifact
        and isinstance(operands[1], pikepdf.Dictionary)
        and operands[1].get("/Type") == pikepdf.Name.Pagination
    )


def mcid_of(operands: Any) -> int | None:
    """The marked-content id of a `BDC`'s operands (a tag and a properties dictionary with
    /MCID), or None."""
    import pikepdf

    if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
        value = operands[1].get("/MCID")
        return None if value is None else int(value)
    return None


def marked_ids(owner: Any) -> Iterator[int]:
    """The marked-content ids of a page's (or form's) content stream, in order."""
    import pikepdf

    for instruction in pikepdf.parse_content_stream(owner, "BDC"):
        mcid = mcid_of(instruction.operands)
        if mcid is not None:
            yield mcid


def relevel(headings: list[Any], top: int, title: bool = False) -> None:
    """Move headings so the highest sits at level `top`, keeping how they nest; with
    `title`, the first heading is the document's title and stays H1 (the cover)."""
    import pikepdf

    if title and headings:
        headings[0].S = pikepdf.Name.H1
        headings = headings[1:]
    if not headings:
        return
    shift = top - min(HEADINGS[str(h.S)] for h in headings)
    for heading in headings:
        level = min(6, max(1, HEADINGS[str(heading.S)] + shift))
        heading.S = pikepdf.Name(f"/H{level}")


@dataclass(frozen=True)
class TreePlace:
    """Where a part's tree goes in its booklet's: the level its headings start at (see
    `relevel`), whether its first heading is the booklet's title (the cover's), and the prefix
    that makes its elements' ids unique in the booklet (a table's header cells)."""

    top: int
    title: bool
    prefix: str


def place_part(pdf: Any, root: Any, reach: Reach, place: TreePlace) -> None:
    """Give a part's tree (`reach`: what it reaches) its place in the booklet: its headings'
    levels and its ids, written to `root`'s /IDTree. Done as the part is laid out, so that
    `BookletTree` grafts the parts without reading their elements."""
    import pikepdf

    relevel(reach.headings, place.top, place.title)
    ids = _own_ids(reach.named, place.prefix)
    if "/IDTree" in root:
        del root["/IDTree"]
    if ids:
        names = pikepdf.NameTree.new(pdf)
        for key in sorted(ids):
            names[key] = ids[key]
        root.IDTree = names.obj


def _own_ids(elements: list[Any], prefix: str) -> dict[str, Any]:
    """Prefix the ids of `elements`, and the table cells' references to them; returns the
    elements by their new ids."""
    import pikepdf

    ids: dict[str, Any] = {}
    for element in elements:
        if "/ID" in element:
            element.ID = pikepdf.String(prefix + str(element.ID))
            ids[str(element.ID)] = element
        for attributes in _attributes(element):
            headers = attributes.get("/Headers")
            if headers is not None:
                attributes.Headers = pikepdf.Array(
                    [pikepdf.String(prefix + str(h)) for h in headers]
                )
    return ids


class BookletTree:
    """One structure tree over a booklet's parts, grafted one after the other in reading
    order (`graft`), then written as the document's (`finish`).

    Each part comes tidy and in its place (`place_part`): its parent tree is right for its
    own content and its headings and ids are the booklet's. So a graft copies the part's
    tree, hangs its top elements under the booklet's `Document` and renumbers its parent
    tree's keys after the parts before it, reading only its pages, annotations and forms,
    never its elements (reading them took two thirds of a 500-career booklet's merge)."""

    def __init__(self, pdf: Any) -> None:
        import pikepdf

        self.pdf = pdf
        self.document = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=pikepdf.Array()
            )
        )
        self.role_map: dict[str, Any] = {}
        self.ids: dict[str, Any] = {}
        self.parents: list[Any] = []  # the parent tree's values, by key

    def graft(self, source: Any, what: str, first: int) -> None:
        """Copy `source`'s tree (its pages are already this booklet's, from page index
        `first` on) after what is grafted so far."""
        import pikepdf

        copied = self.pdf.copy_foreign(tree_root(source, what))
        grafted = top_elements(copied)
        for element in grafted:
            element.P = self.document
        self.document.K.extend(grafted)
        for name, value in (copied.get("/RoleMap") or pikepdf.Dictionary()).items():
            self.role_map.setdefault(name, value)
        if "/IDTree" in copied:
            self.ids.update(pikepdf.NameTree(copied.IDTree).items())
        self._renumber(copied, self.pdf.pages[first:], what)

    def _renumber(self, copied: Any, pages: Any, what: str) -> None:
        """Carry the part's parent tree over, its keys after those given out so far."""
        import pikepdf

        parents = copied.get("/ParentTree")
        values = {} if parents is None else dict(pikepdf.NumberTree(parents).items())
        offset = len(self.parents)
        owners = _key_owners(page.obj for page in pages)
        if sorted(key for _, key, _ in owners) != sorted(values):
            raise BuildError(f"{what}: its parent tree does not match its content's keys")
        for owner, key, name in owners:
            owner[name] = offset + key
        self.parents += [values[key] for key in sorted(values)]

    def finish(self) -> None:
        """Write the structure tree root and mark the document tagged."""
        import pikepdf

        root = self.pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([self.document]))
        )
        self.document.P = root
        tree = pikepdf.NumberTree.new(self.pdf)
        for number, value in enumerate(self.parents):
            tree[number] = value
        root.ParentTree = tree.obj
        root.ParentTreeNextKey = len(self.parents)
        if self.role_map:
            root.RoleMap = pikepdf.Dictionary(self.role_map)
        if self.ids:
            names = pikepdf.NameTree.new(self.pdf)
            for key in sorted(self.ids):
                names[key] = self.ids[key]
            root.IDTree = names.obj
        mark_tagged(self.pdf, root)


def _key_owners(pages: Iterator[Any]) -> list[tuple[Any, int, str]]:
    """What holds a parent tree key on `pages`: each page, its annotations and the forms it
    draws (and those draw), with the key and the name it is under."""
    import pikepdf

    owners: list[tuple[Any, int, str]] = []
    seen: set[ObjGen] = set()

    def forms(resources: Any) -> None:
        xobjects = resources.get("/XObject") if resources is not None else None
        for _, xobject in (xobjects or pikepdf.Dictionary()).items():
            if xobject.objgen in seen or xobject.get("/Subtype") != "/Form":
                continue
            seen.add(xobject.objgen)
            if "/StructParents" in xobject:
                owners.append((xobject, int(xobject.StructParents), "/StructParents"))
            forms(xobject.get("/Resources"))

    for page in pages:
        if "/StructParents" in page:
            owners.append((page, int(page.StructParents), "/StructParents"))
        for annotation in page.get("/Annots", ()):
            if "/StructParent" in annotation and annotation.objgen not in seen:
                seen.add(annotation.objgen)  # (a link can sit on both pages of a spread)
                owners.append((annotation, int(annotation.StructParent), "/StructParent"))
        forms(page.get("/Resources"))
    return owners


def mark_tagged(pdf: Any, root: Any) -> None:
    """The catalog entries of a tagged document: its tree, marked, its title shown."""
    import pikepdf

    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    preferences = pdf.Root.get("/ViewerPreferences") or pikepdf.Dictionary()
    preferences.DisplayDocTitle = True
    pdf.Root.ViewerPreferences = preferences


def _attributes(element: Any) -> list[Any]:
    import pikepdf

    value = element.get("/A")
    if isinstance(value, pikepdf.Dictionary):
        return [value]
    if isinstance(value, pikepdf.Array):
        return [a for a in value if isinstance(a, pikepdf.Dictionary)]
    return []


def tidy_pdf(data: bytes, what: str, place: TreePlace | None = None) -> bytes:
    """A tagged document from the layout engine, its unreached content marked as artifacts
    (see `tidy`) and, for a booklet's part, its tree in its `place` (see `place_part`), saved
    with a content-derived /ID."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = tree_root(pdf, what)
        reach = walk(root)
        if place is not None:
            place_part(pdf, root, reach, place)
        tidy(pdf, root, reach)
        buffer = io.BytesIO()
        pdf.save(
            buffer,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return buffer.getvalue()


def place_tree(pdf: Any, pages: dict[ObjGen, Any], sheets: dict[ObjGen, Any]) -> None:
    """Point the structure tree of a booklet whose pages are now forms (`pages`: booklet page
    → its form) drawn on sheets (`sheets`: form → the sheet it is on) at the forms and
    sheets: the reading order stays the booklet's, whatever order the sheets print in.

    Called once (sheets of another size are the same sheets placed again: see
    `publisher.documents.impose.place_sheets`): content items become `/MCR`s with `/Stm`, and
    those that were already (in a career's handout body, a form drawn by its page's form)
    are on that page's sheet.
    Annotations stay with the booklet's pages: their `/OBJR`s are dropped."""
    root = tree_root(pdf, "the booklet")
    inner: dict[ObjGen, ObjGen] = {}
    for objgen in sheets:
        form = pdf.get_object(objgen)
        for _, drawn in (form.get("/Resources", {}).get("/XObject") or {}).items():
            inner[drawn.objgen] = objgen
    placing = _Placing(pages, sheets, inner, Reach())
    for element in kids(root):
        placing.place(element, None)
    tidy(pdf, root, placing.reach, artifacts=False)


@dataclass
class _Placing:
    """Booklet page → its form, form → its sheet, inner form → the page form drawing it."""

    pages: dict[ObjGen, Any]
    sheets: dict[ObjGen, Any]
    inner: dict[ObjGen, ObjGen]
    reach: Reach

    def place(self, element: Any, form: Any) -> None:
        import pikepdf

        page = element.get("/Pg")
        if page is not None:
            form = self.pages.get(page.objgen, form)
        new: list[Any] = []
        first = None
        changed = False  # (a reference is pointed at its sheet where it is: see `_point`)
        for kid in items(element):
            if isinstance(kid, int):
                reference, stm, sheet = self._reference(kid, form)
                mcid = kid
                changed = True
            elif not isinstance(kid, pikepdf.Dictionary):
                new.append(kid)
                continue
            else:
                kind = kid.get("/Type")
                if kind == "/OBJR":
                    changed = True
                    continue
                if kind != "/MCR":
                    self.place(kid, form)
                    new.append(kid)
                    continue
                reference, (stm, sheet), mcid = kid, self._point(kid, form), int(kid.MCID)
            first = first if first is not None else sheet
            self.reach.mark(stm, mcid, element)
            new.append(reference)
        if changed:
            element.K = pikepdf.Array(new)
        self.reach.elements.append(element)
        if first is not None:
            element.Pg = first
        elif page is not None:
            del element["/Pg"]

    def _reference(self, mcid: int, form: Any) -> tuple[Any, Any, Any]:
        """A marked-content id as an `/MCR` in its form, on the sheet that form is on; with
        the form and the sheet."""
        import pikepdf

        if form is None:
            raise BuildError("a structure element marks content but names no page")
        sheet = self._sheet(form)
        reference = pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=mcid, Stm=form, Pg=sheet)
        return reference, form, sheet

    def _point(self, reference: Any, form: Any) -> tuple[Any, Any]:
        """Point an `/MCR` at its form (its page's, when it names none) and at the sheet that
        form is on, where it is (the booklet was saved before its pages became forms); returns
        the form and the sheet."""
        stm = reference.get("/Stm")
        if stm is None:
            own = reference.get("/Pg")
            stm = reference.Stm = self.pages[own.objgen] if own is not None else form
        sheet = reference.Pg = self._sheet(stm)
        return stm, sheet

    def _sheet(self, stm: Any) -> Any:
        objgen = stm.objgen
        return self.sheets[objgen if objgen in self.sheets else self.inner[objgen]]


def artifact_copy(pdf: Any, form: Any) -> Any:
    """A copy of the form XObject `form` whose tagged content is marked as an artifact: what a
    sheet draws again of content it already draws tagged (the copies of a card), which a
    reader should meet once."""
    import pikepdf

    instructions = pikepdf.parse_content_stream(form)
    for index, instruction in enumerate(instructions):
        if str(instruction.operator) == "BDC" and mcid_of(instruction.operands) is not None:
            instructions[index] = pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Artifact], pikepdf.Operator("BMC")
            )
    copy = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    for key, value in form.items():
        if key not in ("/Length", "/Filter", "/DecodeParms", "/StructParents"):
            copy[key] = value
    return copy
