"""Every PDF the tool writes is tagged: a booklet keeps one structure tree in reading order
(front matter, each field's opener and its careers' spreads, the appendix) over parts laid
out on their own, reused handout pages included, and its imposed sheets keep that order over
the forms they draw the pages with. Read back with pikepdf and, where it is installed, with
poppler (`pdfinfo -struct`, `-struct-text`)."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pikepdf
import pytest
from conftest import TODAY, build_booklet, copy_project
from tagging import (
    elements,
    headings,
    parent_tree_problems,
    pdfinfo,
    poppler_types,
    types,
    unmarked,
)

from publisher.builder.session import BuildOptions, build
from publisher.documents.tags import BookletTree, TreePlace, place_part, relevel, tidy, walk
from publisher.errors import BuildError
from publisher.guides.library import load_library
from publisher.project.settings import BookletRecipe, load_project

# A field of three careers opens on its own opener; the electrician's field has none.
GUIDES = ["broadcast-technician", "camera-operator", "sound-designer", "electrician"]
NEEDS_POPPLER = pytest.mark.skipif(
    pdfinfo() is None, reason="poppler's pdfinfo is not installed (Debian: poppler-utils)"
)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = copy_project(tmp_path_factory.mktemp("tags") / "p", GUIDES)
    project = load_project(root)
    library = load_library(project, TODAY)
    recipe = BookletRecipe(name="fair", title="Career Fair", subtitle="Careers to explore")
    report = build_booklet(project, library, recipe)
    assert report.failed == [], report.failed
    handouts = build(project, TODAY, options=BuildOptions(jobs=1), slugs=GUIDES[:1], booklets=[])
    assert handouts.failed == [], handouts.failed
    built = [*report.built, *handouts.built]
    return {o.name: o.path for o in built if o.path is not None and o.path.suffix == ".pdf"}


def _open(path: Path) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(path.read_bytes()))


@pytest.mark.slow
def test_every_output_is_tagged_with_every_page_marked(outputs: dict[str, Path]) -> None:
    assert set(outputs) >= {"booklets/fair.pdf", "booklets/fair-imposed.pdf"}
    for name, path in outputs.items():
        with _open(path) as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root, name
            top = root.StructTreeRoot.K
            top = top if isinstance(top, pikepdf.Dictionary) else top[0]
            assert str(top.S) == "/Document" and len(elements(pdf)) > 100, name
            assert str(root.Lang) == "en-US", name
            assert root.MarkInfo.Marked, name
            assert root.ViewerPreferences.DisplayDocTitle, name
            assert unmarked(pdf) == [], name
            assert parent_tree_problems(pdf) == [], name
            figures = [e for e in elements(pdf) if e.S == "/Figure"]
            assert figures, name
            assert all(str(f.get("/Alt", "")).strip() for f in figures), name


@pytest.mark.slow
def test_the_booklet_reads_in_its_page_order(outputs: dict[str, Path]) -> None:
    """The tree's content follows the pages: the first element on each page comes no earlier
    in the tree than the last one on the page before (the parts are in booklet order)."""
    with _open(outputs["booklets/fair.pdf"]) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        order = [pages[e.Pg.objgen] for e in elements(pdf) if "/Pg" in e]
        assert order == sorted(order)
        assert set(order) == set(range(len(pdf.pages)))  # every page is reached


@pytest.mark.slow
def test_table_header_cells_are_unique_in_the_booklet(outputs: dict[str, Path]) -> None:
    with _open(outputs["booklets/fair.pdf"]) as pdf:
        cells = elements(pdf)
        ids = [str(e.ID) for e in cells if "/ID" in e]
        assert ids and len(ids) == len(set(ids))
        tree = pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree)
        assert sorted(tree.keys()) == sorted(ids)
        data = [e for e in cells if e.S == "/TD" and "/Headers" in e.A]
        assert data and all(str(h) in ids for e in data for h in e.A.Headers)


@pytest.mark.slow
@NEEDS_POPPLER
def test_headings_nest_as_a_screen_reader_meets_them(outputs: dict[str, Path]) -> None:
    found = headings(outputs["booklets/fair.pdf"])
    assert found[0] == (1, "Career Fair")
    assert all(level > 1 for level, _ in found[1:])
    levels = [level for level, _ in found]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), found
    titles = [(level, text) for level, text in found if level <= 3]
    field = titles.index((2, "Arts, A/V Technology & Communications"))
    careers = [(3, "Broadcast Technician"), (3, "Camera Operator"), (3, "Sound Designer")]
    assert titles[field + 1 :].index(careers[0]) < titles[field + 1 :].index(careers[2])
    assert (2, "Electrician") in titles  # no opener: right under the booklet
    assert titles.index((2, "Electrician")) > titles.index(careers[2])
    with _open(outputs["booklets/fair.pdf"]) as pdf:
        assert [level for level, _ in found] == [
            int(t[1]) for t in types(pdf) if t[0] == "H" and t[1:].isdigit()
        ]


@pytest.mark.slow
@NEEDS_POPPLER
def test_poppler_reads_the_same_tree_in_every_output(outputs: dict[str, Path]) -> None:
    for name, path in outputs.items():
        with _open(path) as pdf:
            assert poppler_types(path) == types(pdf), name


@pytest.mark.slow
def test_imposed_sheets_read_in_the_booklets_order(outputs: dict[str, Path]) -> None:
    with (
        _open(outputs["booklets/fair.pdf"]) as booklet,
        _open(outputs["booklets/fair-imposed.pdf"]) as sheets,
    ):
        assert types(sheets) == types(booklet)
        assert len(sheets.pages) * 2 == len(booklet.pages)


@pytest.mark.slow
def test_the_outline_follows_the_headings(outputs: dict[str, Path]) -> None:
    with _open(outputs["booklets/fair.pdf"]) as pdf, pdf.open_outline() as outline:
        depths: list[int] = []

        def walk_items(items: list[pikepdf.OutlineItem], depth: int) -> None:
            for item in items:
                depths.append(depth)
                walk_items(item.children, depth + 1)

        walk_items(outline.root, 0)
    if pdfinfo() is not None:
        found = [text for level, text in headings(outputs["booklets/fair.pdf"])]
        with _open(outputs["booklets/fair.pdf"]) as pdf, pdf.open_outline() as outline:
            titles: list[str] = []

            def collect(items: list[pikepdf.OutlineItem]) -> None:
                for item in items:
                    titles.append(item.title)
                    collect(item.children)

            collect(outline.root)
        positions = [next(i for i, text in enumerate(found) if text == t) for t in titles]
        assert positions == sorted(positions), titles


def _tagged_page() -> pikepdf.Pdf:
    """A page with three marked sequences; the tree reaches the first and the last."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj
    page.Contents = pdf.make_stream(
        b"/P <</MCID 0>> BDC BT /F1 9 Tf (a) Tj ET EMC "
        b"/Span <</MCID 1>> BDC BT (folio) Tj ET EMC "
        b"/P <</MCID 2>> BDC BT (b) Tj ET EMC"
    )
    page.StructParents = 7
    document = _document(pdf)
    first = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.H2, Pg=page, K=0, P=document))
    second = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.H3, Pg=page, K=pikepdf.Array([2]), P=document)
    )
    document.K = pikepdf.Array([first, second])
    return pdf


def _document(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """`pdf`'s structure tree: a root with one `/Document` under it (whose kids are the
    caller's to set)."""
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Document, P=root))
    root.K = document
    pdf.Root.StructTreeRoot = root
    return document


def test_tidy_marks_what_the_tree_does_not_reach_as_an_artifact() -> None:
    pdf = _tagged_page()
    root = pdf.Root.StructTreeRoot
    tidy(pdf, root, walk(root))
    content = pdf.pages[0].obj.Contents.read_bytes()
    assert b"/Artifact << /Type /Pagination >> BDC" in content and b"MCID 1" not in content
    assert int(pdf.pages[0].obj.StructParents) == 0
    entry = pikepdf.NumberTree(root.ParentTree)[0]
    assert [str(e.S) if e is not None else None for e in entry] == ["/H2", None, "/H3"]
    assert unmarked(pdf) == []


@pytest.mark.parametrize(
    ("folio", "rewritten"),
    [
        # the tree reaches every id the bytes name: the stream is left as it is, unparsed
        (b"/Span <</MCID 0>> BDC BT (folio) Tj ET EMC", False),
        # an id only a parse finds (a comment splits it from its key) is still an artifact
        (b"/Span <</MCID %split\n1>> BDC BT (folio) Tj ET EMC", True),
        # what only looks like an id (in a string) costs a parse, and changes nothing
        (b"/Span <</MCID 0>> BDC BT (/MCID 1) Tj ET EMC", False),
    ],
)
def test_tidy_reads_a_streams_ids_from_its_bytes_and_parses_when_unsure(
    folio: bytes, rewritten: bool
) -> None:
    pdf = _tagged_page()
    page = pdf.pages[0].obj
    stream = pdf.make_stream(b"/P <</MCID 0>> BDC BT /F1 9 Tf (a) Tj ET EMC " + folio)
    page.Contents = stream
    root = pdf.Root.StructTreeRoot
    tidy(pdf, root, walk(root))
    assert (page.Contents.objgen != stream.objgen) is rewritten
    assert unmarked(pdf) == []


@pytest.mark.parametrize(
    ("folio", "in_bytes"),
    [
        # as the layout engine writes a running footer: rewritten in its bytes
        (b"/Span <</MCID 1>>\nBDC\nBT <0041> Tj ET\nEMC", True),
        # an id with more in its properties: parsed, to the same end
        (b"/Span <</MCID 1 /Lang (en)>> BDC BT <0041> Tj ET EMC", False),
    ],
)
def test_tidy_marks_unreached_content_in_bytes_as_a_parse_would(
    folio: bytes, in_bytes: bool
) -> None:
    pdf = _tagged_page()
    page = pdf.pages[0].obj
    page.Contents = pdf.make_stream(
        b"/P <</MCID 0>>\nBDC\nBT /F1 9 Tf <0061> Tj ET\nEMC\n"
        + folio
        + b"\n/P<</MCID 2>>BDC BT <0062> Tj ET EMC\n"
    )
    expected = pikepdf.parse_content_stream(page)
    expected[6] = pikepdf.ContentStreamInstruction(
        [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)],
        pikepdf.Operator("BDC"),
    )
    root = pdf.Root.StructTreeRoot
    tidy(pdf, root, walk(root))
    assert pikepdf.unparse_content_stream(
        pikepdf.parse_content_stream(page)
    ) == pikepdf.unparse_content_stream(expected)
    kept = page.Contents.read_bytes().startswith(b"/P <</MCID 0>>\nBDC\nBT /F1 9 Tf <0061>")
    assert kept is in_bytes  # (a parse writes the stream out anew)
    assert unmarked(pdf) == []


def test_walk_moves_content_into_a_form() -> None:
    pdf = _tagged_page()
    form = pdf.make_stream(b"", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form)
    other = pdf.add_blank_page().obj
    page = pdf.pages[0].obj
    reach = walk(pdf.Root.StructTreeRoot, {page.objgen: (other, form)})
    assert list(reach.streams) == [form.objgen]
    heading = reach.headings[0]
    assert heading.Pg.objgen == other.objgen
    reference = heading.K[0]
    assert reference.Type == "/MCR" and reference.Stm.objgen == form.objgen
    assert int(reference.MCID) == 0


def test_relevel_keeps_how_headings_nest() -> None:
    made = [pikepdf.Dictionary(S=pikepdf.Name(f"/H{n}")) for n in (1, 2, 1, 3)]
    relevel(made, 3)
    assert [str(h.S) for h in made] == ["/H3", "/H4", "/H3", "/H5"]
    cover = [pikepdf.Dictionary(S=pikepdf.Name(f"/H{n}")) for n in (1, 1, 2)]
    relevel(cover, 2, title=True)
    assert [str(h.S) for h in cover] == ["/H1", "/H2", "/H3"]


def _part(heading: int) -> bytes:
    """A tidy one-page part whose headings start at `heading` (`_tagged_page`, saved)."""
    pdf = _tagged_page()
    root = pdf.Root.StructTreeRoot
    reach = walk(root)
    place_part(pdf, root, reach, TreePlace(heading, title=False, prefix="p1-"))
    tidy(pdf, root, reach)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_a_booklet_tree_carries_each_parts_parent_tree_over_after_the_last() -> None:
    booklet = pikepdf.new()
    tree = BookletTree(booklet)
    for number, heading in enumerate((2, 3)):
        with pikepdf.open(io.BytesIO(_part(heading))) as part:
            booklet.pages.extend(part.pages)
            tree.graft(part, f"part {number}", number)
    tree.finish()
    root = booklet.Root.StructTreeRoot
    assert [int(page.obj.StructParents) for page in booklet.pages] == [0, 1]
    assert int(root.ParentTreeNextKey) == 2
    parents = pikepdf.NumberTree(root.ParentTree)
    for number, page in enumerate(booklet.pages):
        first = parents[number][0]
        assert first.Pg.objgen == page.obj.objgen  # each key still finds its own page's tags
        assert first.P.objgen == root.K[0].objgen  # under the booklet's one Document
    assert [str(parents[n][0].S) for n in (0, 1)] == ["/H2", "/H3"]  # placed as laid out
    assert unmarked(booklet) == [] and parent_tree_problems(booklet) == []


def test_a_part_whose_keys_are_not_its_parent_trees_is_refused() -> None:
    booklet = pikepdf.new()
    with pikepdf.open(io.BytesIO(_part(2))) as part:
        booklet.pages.extend(part.pages)
        booklet.pages[0].obj.StructParents = 5  # a key its parent tree does not hold
        with pytest.raises(BuildError, match="parent tree does not match"):
            BookletTree(booklet).graft(part, "the broken part", 0)


def _grouped_pages() -> pikepdf.Pdf:
    """Two pages; one paragraph whose content sits in `/Span`s (one on each page, one inside
    another, one with a language inside a `/Div`), an empty `/NonStruct` and a `/Link` inside
    a `/Span`."""
    pdf = pikepdf.new()
    first, second = (pdf.add_blank_page().obj for _ in range(2))
    first.Contents = pdf.make_stream(
        b"/P <</MCID 0>> BDC BT /F1 9 Tf (a) Tj ET EMC /Span <</MCID 1>> BDC BT (hola) Tj ET EMC"
    )
    second.Contents = pdf.make_stream(
        b"/Span <</MCID 0>> BDC BT /F1 9 Tf (b) Tj ET EMC /Link <</MCID 1>> BDC BT (c) Tj ET EMC"
    )
    document = _document(pdf)
    paragraph = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.P, Pg=first, P=document))

    def element(
        role: str, page: pikepdf.Object, parent: pikepdf.Object, kids: list
    ) -> pikepdf.Object:
        made = pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name(role), Pg=page, P=parent
        )
        made.K = pikepdf.Array(kids)
        return pdf.make_indirect(made)

    outer = element("/Span", second, paragraph, [])
    outer.K = pikepdf.Array(
        [element("/Span", second, outer, [0]), element("/Link", second, outer, [1])]
    )
    block = element("/Div", first, paragraph, [])
    spanish = element("/Span", first, block, [1])
    spanish.Lang = pikepdf.String("es")
    block.K = pikepdf.Array([spanish])
    paragraph.K = pikepdf.Array(
        [
            element("/Span", first, paragraph, [0]),
            element("/NonStruct", first, paragraph, []),
            outer,
            block,
        ]
    )
    document.K = pikepdf.Array([paragraph])
    return pdf


def test_elements_that_only_group_give_way_to_their_content() -> None:
    pdf = _grouped_pages()
    root = pdf.Root.StructTreeRoot
    tidy(pdf, root, walk(root))
    first, second = (page.obj for page in pdf.pages)
    paragraph = root.K.K[0]
    kept = paragraph.K
    assert kept[0] == 0  # on the paragraph's own page: still a bare marked-content id
    moved = kept[1]  # from a span on the next page: a reference that names that page
    assert moved.Type == "/MCR" and int(moved.MCID) == 0 and moved.Pg.objgen == second.objgen
    link, spanish = kept[2], kept[3]
    assert str(link.S) == "/Link" and link.P.objgen == paragraph.objgen
    assert str(spanish.S) == "/Span" and str(spanish.Lang) == "es"  # (it says something)
    assert spanish.P.objgen == paragraph.objgen  # (its /Div gave way too)
    assert len(kept) == 4  # the empty /NonStruct is gone
    assert [str(e.S) for e in elements(pdf)] == ["/Document", "/P", "/Link", "/Span"]
    parents = pikepdf.NumberTree(root.ParentTree)
    on_first = parents[int(first.StructParents)]
    on_second = parents[int(second.StructParents)]
    assert [e.objgen for e in on_first] == [paragraph.objgen, spanish.objgen]
    assert [e.objgen for e in on_second] == [paragraph.objgen, link.objgen]
    assert unmarked(pdf) == [] and parent_tree_problems(pdf) == []
