"""Stage 3 (chart), QR codes: a URL → a vector QR code SVG."""

from __future__ import annotations

import io

from publisher.errors import BuildError


class QrError(BuildError):
    """A URL too long for any QR code."""


def qr_svg(url: str) -> bytes:
    """An SVG QR code for `url` (error correction M, quiet zone 2 modules)."""
    import segno
    from segno.encoder import DataOverflowError

    buffer = io.BytesIO()
    try:
        code = segno.make(url, error="m", micro=False)
    except DataOverflowError:
        raise QrError(f"the URL is too long for a QR code ({len(url)} characters)") from None
    code.save(buffer, kind="svg", scale=4, border=2, xmldecl=False, dark="#000", light="#fff")
    return buffer.getvalue()
