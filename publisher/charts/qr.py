"""Stage 3 (chart), QR codes: a URL → a vector QR code SVG."""

from __future__ import annotations

import io


def qr_svg(url: str) -> bytes:
    """An SVG QR code for `url` (error correction M, quiet zone 2 modules)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, dark="#000", light="#fff"
    )
    return buffer.getvalue()
