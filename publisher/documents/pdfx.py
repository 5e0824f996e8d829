"""Stage 6 (assemble), print shop: a merged booklet (or its sheets) → a PDF/X-4 file.

WeasyPrint's `pdf/x-4` variant writes the output intent and metadata of one document; a
booklet is merged from parts with pikepdf, so its document-level keys are written here:

- the output intent (`/GTS_PDFX`): the CMYK profile shipped in `layouts/icc/`, condition
  FOGRA39 (coated paper), registered with the ICC;
- XMP metadata with `pdfxid:GTS_PDFXVersion` "PDF/X-4", the title, dates, a document id and
  `pdf:Trapped` False, and the same in the Info dictionary (with `/GTS_PDFXVersion` there too,
  for older preflight);
- no annotations: a link means nothing on paper, and PDF/X wants none on the printed area;
- PDF 1.6, a content-derived /ID, no time of day: the dates are the booklet's data date, so
  the same inputs give the same bytes (PDF/X requires dates; the clock would change them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

PDFX_VERSION = "PDF/X-4"
PDF_VERSION = "1.6"
CONDITION = "FOGRA39"  # the output condition the profile characterises
CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1, paper type 1 or 2)"
REGISTRY = "http://www.color.org"
PROFILE_FILE = "icc/FOGRA39L-coated.icc"  # under layouts/

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">{subject}</rdf:li>
   </rdf:Alt></dc:description>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>{creator}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


@dataclass(frozen=True)
class PressJob:
    """What makes a booklet a print shop's file: bleed (pt), its profile and its date."""

    bleed: float
    profile: Path  # the output intent's ICC profile
    date: str  # YYYY-MM-DD: the booklet's data date (the file's creation date)
    document_id: str  # 32 hex digits, from the booklet's key (the builder makes keys)
    sheets_id: str  # the same, of its imposed sheets


def make_pdfx(pdf: Any, job: PressJob, title: str) -> None:
    """Write the output intent, XMP and Info keys of PDF/X-4 into `pdf` (open in pikepdf)."""
    import pikepdf

    profile = pdf.make_indirect(pikepdf.Stream(pdf, job.profile.read_bytes(), N=4))
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(CONDITION),
        OutputCondition=pikepdf.String(CONDITION_INFO),
        RegistryName=pikepdf.String(REGISTRY),
        Info=pikepdf.String(CONDITION_INFO),
        DestOutputProfile=profile,
    )
    pdf.Root.OutputIntents = pikepdf.Array([intent])
    _drop_annotations(pdf)
    info = pdf.docinfo
    author = str(info.get("/Author", ""))
    creator = str(info.get("/Creator", "career-publisher"))
    stamp = f"D:{job.date.replace('-', '')}000000Z"
    info["/Title"] = pikepdf.String(title)
    info["/Producer"] = pikepdf.String(creator)
    info["/CreationDate"] = pikepdf.String(stamp)
    info["/ModDate"] = pikepdf.String(stamp)
    info["/Trapped"] = pikepdf.Name.False_
    info["/GTS_PDFXVersion"] = pikepdf.String(PDFX_VERSION)
    document_id = job.document_id
    xmp = _XMP.format(
        title=escape(title),
        author=escape(author),
        subject=escape(str(info.get("/Subject", title))),
        keywords=escape(str(info.get("/Keywords", ""))),
        creator=escape(creator),
        date=f"{job.date}T00:00:00Z",
        document_id="-".join(
            document_id[a:b] for a, b in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))
        ),
        version=PDFX_VERSION,
    )
    pdf.Root.Metadata = pdf.make_stream(
        xmp.encode("utf-8"), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
    )


def _drop_annotations(pdf: Any) -> None:
    """Remove the pages' annotations (links), and a structure tree's references to them."""
    import pikepdf

    dropped: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.is_indirect:
                dropped.add(annot.objgen)
        if "/Annots" in page.obj:
            del page.obj["/Annots"]
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or not dropped:
        return
    stack = [root]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Dictionary):  # one kid, not in an array
            if _refers_to(kids, dropped):
                del element["/K"]
            else:
                stack.append(kids)
            continue
        if not isinstance(kids, pikepdf.Array):
            continue
        kept = [kid for kid in kids if not _refers_to(kid, dropped)]
        if len(kept) != len(kids):
            element.K = pikepdf.Array(kept)
        stack.extend(kid for kid in kept if isinstance(kid, pikepdf.Dictionary))


def _refers_to(kid: Any, dropped: set[tuple[int, int]]) -> bool:
    """Whether `kid` is an object reference (OBJR) to one of the `dropped` annotations."""
    import pikepdf

    if not isinstance(kid, pikepdf.Dictionary) or kid.get("/Type") != pikepdf.Name.OBJR:
        return False
    target = kid.get("/Obj")
    return target is not None and target.is_indirect and target.objgen in dropped


def save_pdfx(pdf: Any, stream: BinaryIO) -> None:
    """Write a PDF/X-4 file: version 1.6, content-derived /ID; the XMP stays uncompressed
    (a preflight reads it without inflating anything)."""
    import pikepdf

    pdf.save(
        stream,
        force_version=PDF_VERSION,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
