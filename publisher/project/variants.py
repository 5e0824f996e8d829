"""Layout variants: what an edition's pages are made like (`standard`, `large-print`).

A variant is a layer over the standard layouts, not a copy of them: its folder
(`layouts/large-print/`) holds only the files that differ and its own stylesheet, looked up
before the standard files (a project's own `layouts/large-print/` first). It also says how
many pages a career may take (its page budget) and how large the charts are drawn.

    standard     a career is exactly two pages (one sheet, duplex)
    large-print  body 16 pt and up, one column, charts at body size: a career takes as many
                 pages as it needs, always an even number (it still prints duplex)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from publisher.errors import BuildError
from publisher.project.layouts import Layouts

VariantName = Literal["standard", "large-print"]


@dataclass(frozen=True)
class LayoutVariant:
    """How one layout variant makes a career's pages."""

    name: VariantName
    stylesheets: tuple[str, ...] = ()  # after the standard ones, from the variant's layouts
    fixed_pages: int | None = 2  # a career's page count, or None: as many as it needs
    max_pages: int = 2  # the most a career may take; more is an overflow

    @property
    def folder(self) -> str | None:
        """The layouts subfolder this variant's own files are in (None: the standard)."""
        return None if self.name == "standard" else self.name

    def layouts(self, base: Layouts) -> Layouts:
        """`base`'s folders, each with this variant's subfolder (where it has one) in front."""
        if self.folder is None:
            return base
        overlay = [folder / self.folder for folder in base.folders]
        own = tuple(folder for folder in overlay if folder.is_dir())
        return Layouts((*own, *base.folders))

    def budget(self, laid_out: int) -> int:
        """The pages a career gets when its content takes `laid_out` pages: the fixed count,
        or that rounded up to an even number (a career always ends on a page's back)."""
        if self.fixed_pages is not None:
            return self.fixed_pages
        return max(2, laid_out + laid_out % 2)


STANDARD = LayoutVariant("standard")
LARGE_PRINT = LayoutVariant(
    "large-print",
    stylesheets=("large-print.css",),
    fixed_pages=None,
    max_pages=8,
)
VARIANTS: dict[str, LayoutVariant] = {v.name: v for v in (STANDARD, LARGE_PRINT)}


def variant_named(name: str) -> LayoutVariant:
    """The variant called `name` ('standard', 'large-print')."""
    try:
        return VARIANTS[name]
    except KeyError:
        known = ", ".join(VARIANTS)
        raise BuildError(f"no layout variant '{name}' (there are: {known})") from None
