"""Stage 3 (chart), QR codes: a URL → a vector QR code SVG, stored by content hash."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from publisher.context import Image
from publisher.labels import Labels
from publisher.write import write_atomic


def qr_image(url: str, cache_dir: Path, labels: Labels) -> Image:
    """An SVG QR code for `url` (error correction M, quiet zone 2 modules)."""
    digest = hashlib.sha256(f"qr-v1:{url}".encode()).hexdigest()[:24]
    path = cache_dir / "qr" / f"{digest}.svg"
    if not path.exists():
        import segno

        buffer = io.BytesIO()
        segno.make(url, error="m", micro=False).save(
            buffer, kind="svg", scale=4, border=2, xmldecl=False, dark="#000", light="#fff"
        )
        write_atomic(path, buffer.getvalue())
    return Image(path.as_uri(), labels.format("qr_alt", url=url))
