"""A booklet and its sheets written part after part (`publisher.documents.bind`) read as the
same booklet merged in memory (`publisher.documents.merge`, `publisher.documents.impose`):
the same pages drawn pixel for pixel, the same text, links, bookmarks, document information
and structure tree. And the pieces: a part's open references (`relocate`) and the file
writer (`pdfwrite`)."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import TODAY, build_booklet, copy_project
from pdfread import read_pdf
from tagging import headings, parent_tree_problems, types, unmarked

from publisher.builder import booklets
from publisher.documents.bind import write_booklet, write_sheets
from publisher.documents.impose import place_sheets, save_sheets
from publisher.documents.merge import merge_parts, save_booklet
from publisher.documents.pdfwrite import PdfFile, Segment, segment
from publisher.documents.relocate import (
    BLOCK,
    MAX_BLOCKS,
    _local,
    fill,
    pack,
    relocate,
    unpack,
    unpack_head,
)
from publisher.errors import BuildError
from publisher.guides.library import load_library
from publisher.project.settings import BookletRecipe, load_project

# A field of three careers (an opener of its own) and one career alone: links between parts,
# openers, the appendix, a Notes page.
GUIDES = ["music-producer", "sound-designer", "filmmaker", "electrician"]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The booklet and its sheets as the build writes them, and as the parts it wrote them
    from merge in memory."""
    root = copy_project(tmp_path_factory.mktemp("bind") / "project", GUIDES)
    project = load_project(root)
    library = load_library(project, TODAY)
    recipe = BookletRecipe(name="fair", title="Career Fair", subtitle="Careers to explore")
    seen: dict[str, Any] = {}
    parts = booklets.Binder._parts

    def keep_plan(binder: booklets.Binder) -> Any:
        tasks, view = parts(binder)
        seen["pdfs"] = [task.pdf() for task in tasks]
        seen["tasks"] = tasks
        seen["plan"] = (view, binder.inputs.project, binder.inputs.labels)
        return tasks, view

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(booklets.Binder, "_parts", keep_plan)
        report = build_booklet(project, library, recipe)
    assert report.failed == [], report.failed
    view, project, labels = seen["plan"]
    tasks = seen["tasks"]
    kept = booklets.Stored(tasks[0].store, [task.kept() for task in tasks]).read(view)
    with merge_parts(list(seen["pdfs"]), view, project, labels) as merged:
        booklet = io.BytesIO()
        save_booklet(merged, booklet)
        for _ in place_sheets(merged, [None]):
            sheets = io.BytesIO()
            save_sheets(merged, sheets)
    folder = root / "output" / "booklets"
    return {
        "parts": (kept, view, project, labels),
        "new": (folder / "fair.pdf", folder / "fair-imposed.pdf"),
        "old": (_file(root, "old.pdf", booklet), _file(root, "old-imposed.pdf", sheets)),
    }


def _file(root: Path, name: str, buffer: io.BytesIO) -> Path:
    path = root / name
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.slow
@pytest.mark.parametrize("which", [0, 1], ids=["booklet", "sheets"])
def test_written_part_after_part_it_reads_as_merged(written: dict[str, Any], which: int) -> None:
    new, old = written["new"][which], written["old"][which]
    a, b = pdfium.PdfDocument(new), pdfium.PdfDocument(old)
    assert len(a) == len(b) > 4
    for number in range(len(a)):
        assert a[number].get_size() == b[number].get_size()
        assert (
            a[number].get_textpage().get_text_range() == b[number].get_textpage().get_text_range()
        )
        drawn = a[number].render(scale=0.5).to_pil()
        assert drawn.tobytes() == b[number].render(scale=0.5).to_pil().tobytes(), number
    facts, merged = read_pdf(new), read_pdf(old)
    assert facts == merged  # pages, sizes, fonts embedded, outline, metadata, text
    with pikepdf.open(new) as pdf, pikepdf.open(old) as reference:
        assert pdf.check_pdf_syntax() == []
        assert types(pdf) == types(reference)  # the structure tree, element by element
        assert unmarked(pdf) == [] and parent_tree_problems(pdf) == []
        assert _links(pdf) == _links(reference)
        assert pdf.docinfo.keys() == reference.docinfo.keys()
        assert all(str(pdf.docinfo[k]) == str(reference.docinfo[k]) for k in pdf.docinfo)
        assert set(pdf.Root.keys()) == set(reference.Root.keys())
        for key in ("/Lang", "/PageMode", "/PageLayout"):
            assert str(pdf.Root.get(key)) == str(reference.Root.get(key))
    assert headings(new) == headings(old)


def _links(pdf: pikepdf.Pdf) -> list[tuple[int, list[float], object]]:
    """Each link: its page, its rectangle, and the page it goes to (or its address)."""
    index = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
    found: list[tuple[int, list[float], object]] = []
    for number, page in enumerate(pdf.pages, 1):
        for annotation in page.obj.get("/Annots", ()):
            if "/Dest" in annotation:
                target: object = index[annotation.Dest[0].objgen]
            else:
                target = str(annotation.get("/A", {}).get("/URI", ""))
            found.append((number, [float(v) for v in annotation.Rect], target))
    return found


@pytest.mark.slow
def test_the_same_parts_are_written_as_the_same_bytes(written: dict[str, Any]) -> None:
    """Written again from the parts the build kept: byte for byte what the build wrote."""
    parts, view, project, labels = written["parts"]
    booklet, sheets = written["new"]
    for _ in range(2):
        again = io.BytesIO()
        write_booklet(parts, view, project, labels, again)
        assert again.getvalue() == booklet.read_bytes()
        again = io.BytesIO()
        assert write_sheets(parts, view, project, labels, sheet=None, stream=again) == 1.0
        assert again.getvalue() == sheets.read_bytes()
    assert b"/Type /ObjStm" in booklet.read_bytes()  # (its objects in compressed streams)


def _part(alt: str) -> bytes:
    """A tagged one-page part: a paragraph whose alternate text is `alt`, and a link to the
    booklet's page `booklet:cover`."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 300)).obj
    page.Contents = pdf.make_stream(b"/P <</MCID 0>> BDC BT /F1 9 Tf (a) Tj ET EMC")
    page.StructParents = 0
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    paragraph = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.P,
            P=root,
            Pg=page,
            K=pikepdf.Array([0]),
            Alt=pikepdf.String(alt),
        )
    )
    link = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[0, 0, 10, 10],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("booklet:cover")),
        )
    )
    page.Annots = pikepdf.Array([link])
    root.K = pikepdf.Array([paragraph])
    root.ParentTree = pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Array([paragraph])]))
    root.ParentTreeNextKey = 1
    pdf.Root.StructTreeRoot = root
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_text_that_looks_like_a_reference_stays_text() -> None:
    """A part's strings are data: what reads like a reference or a parent-tree key in them is
    not renumbered."""
    tricky = "see 3 0 R and /StructParents 7 (or \\) 2 0 R"
    part = unpack(*pack(relocate(_part(tricky), "a part")))
    assert part is not None
    texts = [text for text, _ in part.booklet.objects]
    filled = b"".join(fill(texts, (3, len(texts)), {}, lambda k, v: b"[%s%s]" % (k, v)))
    assert pikepdf.String(tricky).unparse() in filled
    assert b"[A%s]" % b"cover".hex().encode() in filled  # its link, left open for a page
    assert b"/StructParents [K0]" in filled  # its page's parent-tree key, left open
    assert re.search(rb"/Contents 300\d 0 R", filled)  # its own objects, from block 3 on
    assert fill([], (3, 1), {}, lambda kind, value: b"") == []  # (a part with no parent tree)


def test_a_part_of_many_objects_takes_as_many_blocks() -> None:
    """Object 1,005 of a part is in its second block (`BLOCK`), whatever text refers to it."""
    text = [_local(1005) + b" \x00K2\x00", _local(7)]
    known = {b"\x00K2\x00": b"12"}
    assert fill(text, (3, 1500), known, lambda k, v: b"") == [b"4005 0 R 12", b"3007 0 R"]
    with pytest.raises(BuildError, match="more than"):
        _local(MAX_BLOCKS * BLOCK)


def test_a_part_kept_in_another_format_is_not_read() -> None:
    head, objects = pack(relocate(_part("x"), "a part"))
    assert unpack(head, objects) is not None and unpack_head(head) is not None
    for other in (b"\x00" + head[1:], b""):
        assert unpack(other, objects) is None and unpack_head(other) is None
    for other in (b"\x00" + objects[1:], b"", pack(relocate(_part("xy"), "a part"))[0]):
        assert unpack(head, other) is None


def test_the_file_writer_writes_what_an_independent_reader_reads() -> None:
    buffer = io.BytesIO()
    out = PdfFile(buffer, "1.5", 40)
    out.add(3, b"<< /Type /Pages /Count 1 /Kids [ 40 0 R ] >>")
    page = b"<< /Type /Page /Parent 3 0 R /MediaBox [ 0 0 100 100 ] /Resources << >>"
    out.add(40, page + b" /Contents 2 0 R >>")  # (numbers may leave gaps)
    out.add(2, b"<< >>", b"0 0 1 rg 10 10 50 50 re f")
    out.add(1, b"<< /Type /Catalog /Pages 3 0 R >>")
    with pytest.raises(ValueError, match="written twice"):
        out.add(1, b"<< >>")
    out.finish(1, expected=4)
    data = buffer.getvalue()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert len(pdf.pages) == 1
        assert pdf.pages[0].Contents.read_bytes() == b"0 0 1 rg 10 10 50 50 re f"
        assert pdf.trailer.ID[0] == pdf.trailer.ID[1]
        start = int(data.rsplit(b"startxref", 1)[1].split()[0])  # (the cross-reference's)
        before = hashlib.sha256(data[:start]).hexdigest()[:32]  # what the /ID is made of
        assert bytes(pdf.trailer.ID[0]) == bytes.fromhex(before)
    assert pdfium.PdfDocument(data)[0].get_size() == (100, 100)
    with pytest.raises(ValueError, match="0 objects written where 2 were expected"):
        PdfFile(io.BytesIO(), "1.5", 2).finish(1, expected=2)


def test_a_segment_is_placed_as_the_objects_it_holds_would_be_added() -> None:
    """A part's objects written apart (`segment`) and placed in a file read as the same objects
    added to it; a segment is kept and read back whole, and one kept in another format is not
    read."""
    page = b"<< /Type /Page /Parent 3 0 R /MediaBox [ 0 0 100 100 ] /Resources << >>"
    objects: list[tuple[bytes, bytes | None]] = [
        (page + b" /Contents 11 0 R >>", None),
        (b"<< >>", b"0 0 1 rg 10 10 50 50 re f"),
        (b"<< /Kind /Unused >>", None),
    ]
    numbers = range(10, 13)
    texts, streams = [t for t, _ in objects], [d for _, d in objects]
    piece = segment(numbers, texts, streams, range(13, 14))
    assert Segment.loads(piece.dumps()) == piece
    assert Segment.loads(b"\x00" + piece.dumps()[1:]) is None and Segment.loads(b"") is None
    with pytest.raises(ValueError, match="no number left"):
        segment(numbers, texts, streams, range(13, 13))
    files = []
    for placed in (True, False):
        buffer = io.BytesIO()
        out = PdfFile(buffer, "1.5", 13)
        out.add(1, b"<< /Type /Catalog /Pages 3 0 R >>")
        if placed:
            out.place(Segment.loads(piece.dumps()) or piece)
        else:
            out.add_all(numbers, texts, streams)
        out.add(3, b"<< /Type /Pages /Count 1 /Kids [ 10 0 R ] >>")
        out.finish(1, expected=5)
        files.append(buffer.getvalue())
    twice = PdfFile(io.BytesIO(), "1.5", 13)
    twice.place(piece)
    with pytest.raises(ValueError, match="written twice"):
        twice.place(piece)
    over = PdfFile(io.BytesIO(), "1.5", 13)
    over.add(11, b"<< >>")
    over.place(piece)
    with pytest.raises(ValueError, match="object 11 is written twice"):
        over.finish(1)
    for data in files:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert pdf.check_pdf_syntax() == []
            assert pdf.pages[0].Contents.read_bytes() == b"0 0 1 rg 10 10 50 50 re f"
            assert pdf.get_object(12, 0).Kind == "/Unused"
        assert pdfium.PdfDocument(data)[0].get_size() == (100, 100)


@pytest.mark.slow
def test_parts_kept_as_written_are_written_again_without_being_read(
    written: dict[str, Any],
) -> None:
    """With the parts kept as written (`Segments`), the booklet and its sheets are the same
    bytes as written from the parts, and no part is read again."""
    parts, view, project, labels = written["parts"]
    booklet, sheets = written["new"]
    kept: dict[tuple[int, bytes], bytes] = {}

    class Kept:
        def get(self, number: int, context: bytes) -> bytes | None:
            return kept.get((number, context))

        def put(self, number: int, context: bytes, data: bytes) -> None:
            kept[number, context] = data

    def unread(number: int) -> bytes:
        raise AssertionError(f"part {number} was read")

    for objects in (parts.objects, unread):
        again = replace(parts, objects=objects, segments=Kept())
        out = io.BytesIO()
        write_booklet(again, view, project, labels, out)
        assert out.getvalue() == booklet.read_bytes()
        out = io.BytesIO()
        write_sheets(again, view, project, labels, sheet=None, stream=out)
        assert out.getvalue() == sheets.read_bytes()
    assert len(kept) == 2 * len(parts.heads)
