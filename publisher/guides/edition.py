"""Stages 1–2 for one edition: the project's library → the guides that edition prints.

The project's own edition prints its library as it is. Another edition prints the careers it
lists; in another language each one is its translation (`guides/LANGUAGE/SLUG.yaml`, see
`publisher.guides.translation`) over the English guide's facts, with the data's words in its
language (`publisher.guides.localize`). What the edition itself lacks (a translation file, a
label, the settings' words in its language, a career a booklet of it names) is a problem of
the edition, placed in the file to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from publisher.errors import BuildError, ContentError, Problem
from publisher.guides.library import Entry, Library
from publisher.guides.loader import FieldPath, RawDocument, load_yaml
from publisher.guides.localize import localize
from publisher.guides.translation import load_translation, merge
from publisher.project.editions import Edition, language
from publisher.project.formatting import Formatter
from publisher.project.labels import Labels, catalog_problems, load_labels
from publisher.project.root import CONFIG_NAME
from publisher.project.settings import Project


@dataclass
class EditionLibrary:
    """One edition's guides: the project as it prints them, its library, its own problems
    (settings, catalog, careers) and each translation's."""

    project: Project
    library: Library
    problems: list[Problem] = field(default_factory=list)
    translations: dict[str, list[Problem]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.project.edition_name

    @property
    def errors(self) -> list[Problem]:
        own = [p for found in self.translations.values() for p in found]
        return [p for p in [*self.problems, *own] if p.is_error]


def load_edition(project: Project, edition: Edition, base: Library) -> EditionLibrary:
    """The library `edition` of `project` prints, from the project's own `base` library."""
    printed = project.for_edition(edition)
    if edition.name == project.base.name:
        return EditionLibrary(printed, base)
    settings = _settings(project)
    index = next(i for i, e in enumerate(project.config.editions) if e.name == edition.name)
    at: FieldPath = ("editions", index)
    result = EditionLibrary(printed, Library([]))
    english = base.by_slug()
    careers = list(english) if edition.careers == "all" else edition.careers
    for position, slug in enumerate(careers):
        if slug not in english:
            result.problems.append(
                _problem(settings, (*at, "careers", position), f"no guide '{slug}' in guides/")
            )
    careers = [slug for slug in careers if slug in english]
    translated = printed.language != project.language
    labels = _catalog(printed) if translated else None
    if translated:
        result.problems += catalog_problems(printed.layouts, printed.config.locale)
        result.problems += _settings_problems(project, edition, settings, at)
    for slug in careers:
        entry = english[slug]
        if labels is not None:
            listed = edition.careers if isinstance(edition.careers, list) else []
            place = (*at, "careers", listed.index(slug)) if slug in listed else (*at, "careers")
            entry = _translated(printed, entry, set(careers), labels, (settings, place))
            result.translations[slug] = [
                p for p in entry.problems if p.path != english[slug].display
            ]
        result.library.entries.append(entry)
    result.problems += _recipe_problems(printed, settings, set(careers))
    return result


def _catalog(printed: Project) -> Labels:
    """The edition's labels; none when it has no catalog at all (a problem of its own)."""
    try:
        return load_labels(printed.layouts, printed.config.locale)
    except BuildError:
        return Labels({}, printed.config.locale)


def _settings(project: Project) -> RawDocument | None:
    path = project.root / CONFIG_NAME
    try:
        return load_yaml(path, project.display(path)) if path.is_file() else None
    except ContentError:
        return None


def _problem(settings: RawDocument | None, at: FieldPath, message: str, hint: str = "") -> Problem:
    if settings is None:
        return Problem(CONFIG_NAME, 1, 1, "", message, hint or None)
    return settings.problem(at, message, hint or None)


def _translated(
    printed: Project,
    english: Entry,
    careers: set[str],
    labels: Labels,
    where: tuple[RawDocument | None, FieldPath],
) -> Entry:
    """The edition's entry for one career: its translation over the English guide."""
    lang = language(printed.config.locale)
    path = printed.guides_dir / lang / f"{english.slug}.yaml"
    display = printed.display(path)
    if not path.is_file():
        problem = _problem(
            *where,
            f"no translation of '{english.slug}': {display} is missing",
            f"write {display} (the English guide's text, translated), or leave "
            f"'{english.slug}' out of the edition's `careers`",
        )
        return Entry(english.slug, path, display, None, [*english.problems, problem])
    if english.guide is None:
        return Entry(english.slug, path, display, None, list(english.problems))
    translation, raw, problems = load_translation(path, display, english.guide)
    guide = None
    if translation is not None:
        fmt = Formatter(printed.config.locale)
        guide, local = localize(merge(english.guide, translation, careers), labels, fmt, display)
        problems += local
        if local:
            guide = None
    return Entry(english.slug, path, display, guide, [*english.problems, *problems], raw)


BRANDING = ("organisation", "logo_alt", "contact", "event", "event_date")


def _settings_problems(
    project: Project, edition: Edition, settings: RawDocument | None, at: FieldPath
) -> list[Problem]:
    """The settings' words the edition prints, which must be in its language."""
    problems = []
    brand = project.config.branding
    ours = edition.branding
    for name in BRANDING:
        english = getattr(brand, name)
        if english and not (ours and getattr(ours, name)):
            problems.append(
                _problem(
                    settings,
                    (*at, "branding"),
                    f"missing: branding.{name} in {edition.locale} (the project prints "
                    f"{english!r})",
                    f"add `{name}:` under this edition's `branding:`, translated",
                )
            )
    for cluster, name in project.config.clusters.items():
        if cluster not in edition.clusters:
            problems.append(
                _problem(
                    settings,
                    (*at, "clusters"),
                    f"missing: the name of the field '{cluster}' in {edition.locale} ({name!r})",
                    f"add `{cluster}: ...` under this edition's `clusters:`",
                )
            )
    if project.config.reference_median is not None and edition.reference_median is None:
        problems.append(
            _problem(
                settings,
                at,
                f"missing: reference_median's label and source in {edition.locale}",
                "add `reference_median:` with `label:` and `source:` to this edition",
            )
        )
    return problems


def _recipe_problems(
    printed: Project, settings: RawDocument | None, careers: set[str]
) -> list[Problem]:
    """A booklet of this edition that names a career the edition does not print."""
    problems = []
    everything = printed.config.booklets
    for recipe in everything:
        if recipe.careers == "all":
            continue
        index = next(
            i for i, r in enumerate(_all_recipes(settings, recipe.name)) if r == recipe.name
        )
        for position, slug in enumerate(recipe.careers):
            if slug not in careers:
                problems.append(
                    _problem(
                        settings,
                        ("booklets", index, "careers", position),
                        f"'{slug}' is not in the {printed.edition_name} edition, which booklet "
                        f"'{recipe.name}' is printed in",
                        "add it to the edition's `careers` (with its translation), or take it "
                        "out of the booklet",
                    )
                )
    return problems


def _all_recipes(settings: RawDocument | None, name: str) -> list[str]:
    """The names of publisher.yaml's booklet recipes, in order (to place a problem)."""
    if settings is None:
        return [name]
    recipes = settings.data.get("booklets") or []
    return [str(r.get("name")) if isinstance(r, dict) else "" for r in recipes]
