"""A spread's furniture as laid out by an earlier build (`publisher.documents.parts.KeptPDFs`).

A career's booklet spread is its handout's pages under a thin page of furniture: the running
heads, the folios and the related line with page numbers. After an edit of one guide its
handout is laid out again, and so was its furniture, some 0.1 s more on the path an edit
waits for. The furniture depends only on its own HTML (which an edit of the guide's text or
figures leaves as it was), its stylesheets, where the handout's related line sits, and the
environment (`keys.environment`: the tool's code and libraries, the layouts, assets, settings
and fonts), so its PDF is kept in the store under a key of those, and laid out again only
when one of them changes. The PDF kept is the one the layout made: the spread's bytes are
those of a build that laid it out again.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.builder import keys
from publisher.builder.store import Store


@dataclass(frozen=True)
class KeptFurniture:
    """Furniture PDFs in the build's `store`, for layouts in the environment `env`
    (picklable: a worker that lays out a spread reads and keeps them in the same folder)."""

    store: Store
    env: str

    def known(self, subject: str) -> bytes | None:
        return self.store.get(keys.furniture(self.env, subject))

    def keep(self, subject: str, pdf: bytes) -> None:
        self.store.put(keys.furniture(self.env, subject), pdf, anew=True)
