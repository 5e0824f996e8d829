"""Editions: the same guides printed again for another reader (a language, a layout).

`publisher.yaml` declares them under `editions:`; each has a name (its output folder,
`output/NAME/`), a locale, a paper, a layout variant and the careers it prints. The project's
own edition is always there: its locale and paper are the project's, it prints every career,
its outputs go where they always went (`output/handouts/`, `output/booklets/`), and its name
is its locale as a language tag (`en-US`). An edition in another language also carries the
text of the settings it prints (branding, field names, the all-jobs median's label), so that
no English is printed in it unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from publisher.errors import Problem
from publisher.guides.models import Label, Slug, Strict, Text
from publisher.project.names import nearest

if TYPE_CHECKING:
    from publisher.guides.loader import RawDocument
    from publisher.project.settings import BookletRecipe

EDITION_NAME = r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$"
Variant = Literal["standard", "large-print"]
VARIANTS: tuple[Variant, ...] = ("standard", "large-print")


class EditionBranding(Strict):
    """The branding as this edition prints it (in its language)."""

    organisation: Text | None = Field(default=None, description="School or organisation name.")
    logo_alt: Text | None = Field(default=None, description="What the logo shows.")
    contact: Text | None = Field(default=None, description="Contact line.")
    event: Text | None = Field(default=None, description="Event name.")
    event_date: Text | None = Field(default=None, description="Event date as printed.")


class EditionReference(Strict):
    """The all-occupations median's words, in this edition's language (the figure, its
    currency and year come from the project's `reference_median`)."""

    label: Label = Field(description="Short label printed by the line, e.g. 'Todos los empleos'.")
    source: Text = Field(description="Where the figure comes from, as printed.")


class Edition(Strict):
    """One edition of the project's guides, written to `output/NAME/`."""

    name: str = Field(
        pattern=EDITION_NAME,
        max_length=40,
        description="Its name and output folder, e.g. 'es-US' or 'large-print'.",
    )
    locale: str | None = Field(
        default=None,
        description="Locale of its labels, numbers and dates, e.g. 'es_US' (default: the "
        "project's). In another language, every guide it prints needs a translation in "
        "guides/LANGUAGE/SLUG.yaml.",
    )
    paper: Literal["letter", "a4"] | None = Field(
        default=None, description="Its paper: letter or a4 (default: the project's)."
    )
    variant: Variant = Field(
        default="standard", description="Layout variant: 'standard' or 'large-print'."
    )
    careers: Literal["all"] | list[Slug] = Field(
        default="all", description="'all', or the slugs of the careers it prints."
    )
    branding: EditionBranding | None = Field(
        default=None, description="Branding in the edition's language (another language only)."
    )
    clusters: dict[Slug, Label] = Field(
        default_factory=dict, description="Field names in the edition's language, by cluster id."
    )
    reference_median: EditionReference | None = Field(
        default=None, description="The all-jobs median's label and source in its language."
    )

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str | None) -> str | None:
        return None if value is None else known_locale(value)


def known_locale(value: str) -> str:
    """A locale the number formatting knows, named as its label catalogs are (a build
    would otherwise fail on its first figure, or look for labels outside layouts/)."""
    from babel import Locale, UnknownLocaleError

    if not re.fullmatch(r"[a-z]{2,3}(_[A-Za-z0-9]{2,4}){0,2}", value):
        raise ValueError("must be a locale such as en_US or fr_CA")
    try:
        Locale.parse(value)
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"unknown locale {value!r}; use one such as en_US or fr_CA") from None
    return value


def language(locale: str) -> str:
    """'es_US' → 'es': the folder of a language's translations (`guides/es/`)."""
    return locale.split("_", maxsplit=1)[0]


def tag(locale: str) -> str:
    """'es_US' → 'es-US': a locale as a language tag (HTML's `lang`, the base edition's name)."""
    return locale.replace("_", "-")


def base_edition(locale: str, paper: Literal["letter", "a4"]) -> Edition:
    """The project's own edition: its locale and paper, every career, the usual folders."""
    return Edition(name=tag(locale), locale=locale, paper=paper)


def edition_problems(
    raw: RawDocument,
    locale: str,
    editions: Sequence[Edition],
    recipes: Sequence[BookletRecipe],
) -> list[Problem]:
    """Editions that would overwrite each other, and recipes that name an unknown edition."""
    problems: list[Problem] = []
    base = tag(locale)
    seen: set[str] = {base}
    for index, edition in enumerate(editions):
        at = ("editions", index, "name")
        if edition.name.lower() in {name.lower() for name in seen}:
            why = (
                f"'{base}' is the project's own edition (its locale)"
                if edition.name.lower() == base.lower()
                else f"two editions are named '{edition.name}'"
            )
            problems.append(raw.problem(at, why, "give each edition a name of its own"))
        if edition.name.lower() in {
            "handouts",
            "booklets",
            "charts",
        } or edition.name.lower().startswith(("handouts-", "booklets-")):
            problems.append(
                raw.problem(at, f"'{edition.name}' is a folder of output/ already", "rename it")
            )
        seen.add(edition.name)
    for index, recipe in enumerate(recipes):
        for position, name in enumerate(recipe.editions):
            if name in seen:
                continue
            close = nearest(name, seen)
            guess = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
            problems.append(
                raw.problem(
                    ("booklets", index, "editions", position),
                    f"no edition named '{name}'",
                    f"{guess}editions: {', '.join(sorted(seen))}",
                )
            )
    return problems
