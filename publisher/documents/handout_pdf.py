"""A laid-out handout as the cache keeps it: its PDF and the facts of its layout.

Light on purpose: a build that finds every handout current reads their facts (the under-fill
warning it shows on every build) without loading the layout modules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class HandoutPDF:
    """A handout's PDF and where its related-careers line sits, for reuse in booklets.

    `related_top` is the top of the related line's border box on the front page, in CSS px
    from the top of the page area; None when the guide names no related careers.
    """

    pdf: bytes
    related_top: float | None
    underfill: str | None = None  # what to say when a page ends well above its footer

    def facts(self) -> bytes:
        return json.dumps({"related_top": self.related_top, "underfill": self.underfill}).encode()

    @classmethod
    def from_parts(cls, pdf: bytes, facts: bytes) -> HandoutPDF:
        found = json.loads(facts)
        top, underfill = found["related_top"], found.get("underfill")
        return cls(pdf, None if top is None else float(top), underfill)
