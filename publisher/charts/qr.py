"""Stage 3 (chart), QR codes: a URL → a vector QR code SVG."""

from __future__ import annotations

import io

from publisher.errors import BuildError

# A module's printed size when a layout shows the code at its own size (the handout's back page;
# the booklet's back cover and the cards set theirs): phones read modules of 0.4 mm and up from
# print, so a short address (version 4-5, 33-37 modules) gives a code of about 15-17 mm.
MODULE_MM = 0.45


class QrError(BuildError):
    """A URL too long for any QR code."""


def qr_svg(url: str) -> bytes:
    """An SVG QR code for `url` (error correction M, quiet zone 2 modules), MODULE_MM to a
    module."""
    import segno
    from segno.encoder import DataOverflowError

    buffer = io.BytesIO()
    try:
        code = segno.make(url, error="m", micro=False)
    except DataOverflowError:
        raise QrError(f"the URL is too long for a QR code ({len(url)} characters)") from None
    code.save(
        buffer,
        kind="svg",
        scale=MODULE_MM,
        unit="mm",
        border=2,
        xmldecl=False,
        dark="#000",
        light="#fff",
    )
    return buffer.getvalue()


def qr_size_mm(url: str) -> float:
    """The printed size of `qr_svg(url)` at its own size, quiet zone included."""
    import segno

    width, _height = segno.make(url, error="m", micro=False).symbol_size(border=2)
    return float(width) * MODULE_MM
