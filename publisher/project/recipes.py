"""Booklet recipes from the command line: a named recipe, adjusted or made up on the spot."""

from __future__ import annotations

from typing import Literal, cast

from publisher.errors import PublisherError, UsageError
from publisher.project.names import nearest
from publisher.project.settings import BookletRecipe, Project

ORDERS = ("listed", "title", "cluster")


def adhoc_recipe(
    project: Project,
    name: str | None,
    *,
    clusters: list[str],
    tags: list[str],
    only: list[str] | None,
    title: str | None,
    order: str | None,
) -> BookletRecipe:
    """The recipe `name` from publisher.yaml with the given overrides, or a new one."""
    if order is not None and order not in ORDERS:
        raise UsageError(f"--order must be one of {', '.join(ORDERS)} (got {order!r})")
    known = {recipe.name: recipe for recipe in project.config.booklets}
    base = known.get(name or "")
    if base is None and name and not (clusters or tags or only or title):
        names = ", ".join(known) or "none defined"
        close = nearest(name, known)
        guess = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        raise UsageError(
            f"no booklet recipe '{name}' in publisher.yaml; {guess}(recipes: {names}); "
            "or choose careers with --cluster, --tag or --only"
        )
    changes: dict[str, object] = {}
    if clusters:
        changes["clusters"] = clusters
    if tags:
        changes["tags"] = tags
    if only is not None:
        changes["careers"] = only
        changes.setdefault("order", "listed")
    if title:
        changes["title"] = title
    if order:
        changes["order"] = cast(Literal["listed", "title", "cluster"], order)
    if base is not None:
        return base.model_copy(update=changes)
    data = {"name": name or "booklet", "title": title or "Careers", **changes}
    try:
        return BookletRecipe.model_validate(data)
    except ValueError as exc:
        raise PublisherError(f"booklet options: {exc}") from None
