"""Stage 6 (assemble), booklets: laid-out parts → one booklet PDF, in memory.

Concatenates the parts' pages with pikepdf, grafts their structure trees into one in
reading order (`publisher.documents.tags`), turns `booklet:` links into page links, and
writes the outline (as the headings nest: openers, careers under them) and the document
metadata from the plan.
Pure: the caller saves the result (`save_booklet`) or imposes it (`publisher.documents.impose`).
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO, cast

from publisher.documents.booklet import BookletView, Group, sections
from publisher.documents.tags import BookletTree
from publisher.errors import BuildError
from publisher.layout.template import branding_line
from publisher.project.labels import Labels
from publisher.project.settings import Project

LINK_SCHEME = "booklet:"  # parts link to each other as booklet:ANCHOR


BIG_BOOKLET = 16 * 2**20  # bytes of parts above which a print shop's set is merged twice in turn


def is_big(parts: list[bytes]) -> bool:
    """A booklet whose merge takes hundreds of MB: its parts add up to over BIG_BOOKLET (the
    print shop's booklet and its sheets are then merged one after the other, not side by
    side: see `publisher.builder.printshop`)."""
    return sum(len(part) for part in parts) > BIG_BOOKLET


def merge_parts(parts: list[bytes], view: BookletView, project: Project, labels: Labels) -> Any:
    """Concatenate the parts, resolve `booklet:` links, write outline and metadata.

    Returns the booklet open in memory (`with merge_parts(...) as pdf:` closes it).
    Copied pages would read their stream data from the part they came from until the booklet
    is saved, keeping every part open until then: each part's stream data is copied instead
    and the part closed at once (a 100-career booklet's merge then peaks at 230 MB, not 350,
    and is no slower; the bytes are the same). `parts` is emptied as it is read.
    """
    import pikepdf

    merged = pikepdf.new()
    top = 0  # the highest object number copied so far
    tree = BookletTree(merged)
    try:
        while parts:
            with pikepdf.open(io.BytesIO(parts.pop(0))) as source:
                start = len(merged.pages) + 1
                merged.pages.extend(source.pages)
                what = f"booklet '{view.name}', the part on page {start}"
                tree.graft(source, what, start - 1)
                top = _own_stream_data(merged, top)
        tree.finish()
        _resolve_links(merged, view)
        _write_outline(merged, view, labels)
        _write_metadata(merged, view, project, labels)
        return merged
    except BaseException:
        merged.close()
        raise


def _own_stream_data(pdf: Any, top: int) -> int:
    """Give the streams copied since object `top` their data (until then they read it from the
    part they came from); returns the new highest object number."""
    import pikepdf

    while (obj := pdf.get_object(top + 1, 0)) is not None:
        top += 1
        if isinstance(obj, pikepdf.Stream):
            raw, filters, parms = obj.read_raw_bytes(), obj.get("/Filter"), obj.get("/DecodeParms")
            if filters is None:
                obj.write(raw)
            else:  # written as read: still encoded
                obj.write(raw, filter=cast(Any, filters), decode_parms=cast(Any, parms))
    return top


def save_booklet(pdf: Any, stream: BinaryIO) -> None:
    """Write the merged booklet: content-derived /ID, compressed, object streams."""
    import pikepdf

    pdf.save(
        stream,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )


def _resolve_links(pdf: Any, view: BookletView) -> None:
    import pikepdf

    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if not uri.startswith(LINK_SCHEME):
                continue
            target = view.pages.get(uri[len(LINK_SCHEME) :])
            if target is None or target > len(pdf.pages):
                raise BuildError(f"booklet '{view.name}': a link points at unknown {uri!r}")
            del annot["/A"]
            annot.Dest = pikepdf.Array([pdf.pages[target - 1].obj, pikepdf.Name.Fit])


Bookmark = tuple[str, int, list[tuple[str, int]]]  # title, page index, careers under it


def outline(view: BookletView, labels: Labels) -> list[Bookmark]:
    """Bookmarks that follow the headings of the structure tree: how to read, the contents,
    each opener (a field's, or the one small fields share) with its careers, the careers of
    fields without one, and the appendix; each with its page's index (from 0)."""

    def item(title: str, anchor: str) -> tuple[str, int]:
        return title, view.pages[anchor] - 1

    def careers(group: Group) -> list[tuple[str, int]]:
        return [item(row.title, f"career-{row.slug}") for row in group.rows]

    marks: list[Bookmark] = [
        (labels["howto_title"], 1, []),
        (*item(labels["contents"], "contents"), []),
    ]
    for opener, groups in sections(view):
        rows = [row for group in groups for row in careers(group)]
        if opener is None:
            marks.extend((title, page, []) for title, page in rows)
            continue
        marks.append((*item(opener.name, f"cluster-{groups[0].id}"), rows))
    marks.append((*item(labels["appendix_title"], "appendix"), []))
    return marks


def _write_outline(pdf: Any, view: BookletView, labels: Labels) -> None:
    from pikepdf import OutlineItem

    with pdf.open_outline() as tree:
        for title, page, careers in outline(view, labels):
            heading = OutlineItem(title, page)
            heading.children.extend(OutlineItem(name, number) for name, number in careers)
            tree.root.append(heading)


def document_info(view: BookletView, project: Project, labels: Labels) -> dict[str, str]:
    """The booklet's document information: title, subject, author, keywords, creator."""
    from publisher import __version__

    info = {
        "/Title": view.title,
        "/Subject": view.subtitle or view.title,
        "/Author": project.config.branding.organisation or labels["author_default"],
        "/Keywords": ", ".join([view.title, *(g.name for g in view.groups if g.name)]),
        "/Creator": f"career-publisher {__version__}",
    }
    if branding_line(project):
        info["/Subject"] = f"{info['/Subject']} — {branding_line(project)}"
    return info


def language(project: Project) -> str:
    """The booklet's language tag (en-US)."""
    return project.config.locale.replace("_", "-")


def _write_metadata(pdf: Any, view: BookletView, project: Project, labels: Labels) -> None:
    import pikepdf

    for key, value in document_info(view, project, labels).items():
        pdf.docinfo[key] = pikepdf.String(value)
    pdf.Root.Lang = pikepdf.String(language(project))
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    pdf.Root.PageLayout = pikepdf.Name.TwoPageRight
