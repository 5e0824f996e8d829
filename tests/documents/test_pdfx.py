"""PDF/X-4 keys written into any PDF (no layout): output intent, metadata, no live links."""

from __future__ import annotations

import io

import pikepdf
from conftest import ROOT

from publisher.documents.pdfx import PressJob, make_pdfx, save_pdfx

PROFILE = ROOT / "layouts" / "icc" / "FOGRA39L-coated.icc"
JOB = PressJob(8.5, PROFILE, "2026-11-01", "a" * 32, "b" * 32)


def _tagged_page_with_a_link() -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    page = pdf.pages[0].obj
    annot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 9, 9])
    )
    page.Annots = pikepdf.Array([annot])
    objr = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot, Pg=page)
    link = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Link, K=pikepdf.Array([objr, 0])))
    document = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Document, K=link))
    pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(K=document))
    pdf.docinfo["/Author"] = "Riverside <High> & Co"
    return pdf


def test_pdfx_keys_and_links_dropped_with_their_structure_references() -> None:
    pdf = _tagged_page_with_a_link()
    make_pdfx(pdf, JOB, "Career Fair")
    buffer = io.BytesIO()
    save_pdfx(pdf, buffer)
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as saved:
        assert saved.pdf_version == "1.6"
        assert "/Annots" not in saved.pages[0].obj
        link = saved.Root.StructTreeRoot.K.K
        assert list(link.K) == [0]  # the marked content stays; the reference to the link goes
        assert str(saved.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
        assert str(saved.docinfo["/CreationDate"]) == "D:20261101000000Z"
        with saved.open_metadata(set_pikepdf_as_editor=False) as xmp:
            assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            assert xmp["dc:creator"] == ["Riverside <High> & Co"]  # escaped, read back whole
            assert xmp["xmpMM:DocumentID"] == "uuid:aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
    again = _tagged_page_with_a_link()
    make_pdfx(again, JOB, "Career Fair")
    second = io.BytesIO()
    save_pdfx(again, second)
    assert second.getvalue() == buffer.getvalue()  # no clock, no random id
