"""What a layout measured, kept for the next build (`publisher.layout.fit.Measures`).

A handout's back page is laid out alone, before the whole handout, to measure the room its
QR code may grow into (`publisher.documents.handout.back_gap`): about a third of the handout's
layout time. The room depends only on that page's HTML, its stylesheets and the environment
(`keys.environment`: the tool's code and libraries, the layouts, assets, settings and fonts),
so it is kept in the store under a key of those, and a guide edited on its front page (its
summary, say) is laid out once, not twice, on the next build. A measure is a float written
with `repr`, which reads back to the same float: the handout's bytes are those of a build
that measured again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from publisher.builder import keys
from publisher.builder.store import Store


@dataclass(frozen=True)
class KeptMeasures:
    """Measures in the build's `store`, for layouts in the environment `env` (picklable: a
    worker that lays out the handout reads and keeps them in the same folder)."""

    store: Store
    env: str

    def known(self, subject: str) -> float | None:
        data = self.store.get(keys.measure(self.env, subject), "json")
        if data is None:
            return None
        try:
            value = float(data.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            return None  # (not one of ours: measured again, and kept anew)
        return value if math.isfinite(value) else None

    def keep(self, subject: str, value: float) -> None:
        key = keys.measure(self.env, subject)
        self.store.put(key, repr(value).encode("ascii"), "json", anew=True)
