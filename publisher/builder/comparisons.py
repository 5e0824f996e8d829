"""Comparison sheets in the build: which ones, and a worker's task that makes one.

`publisher.yaml` asks for them with `comparisons: [[a, b], [c, d, e]]`; `publisher compare`
names one on the command line. Each gives `compare/A-vs-B.pdf` (`compare-a4/` on the other
paper).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING

from publisher.builder import keys
from publisher.builder.pictures import PictureFiles
from publisher.errors import PublisherError
from publisher.guides.models import Guide
from publisher.project.labels import Labels
from publisher.project.settings import Paper, Project

if TYPE_CHECKING:
    from publisher.builder.session import Session


def comparison_name(slugs: Sequence[str], folder: str) -> str:
    """'compare/music-producer-vs-sound-designer.pdf'."""
    return f"{folder}/{'-vs-'.join(slugs)}.pdf"


def render_comparison(
    project: Project,
    *,
    careers: Sequence[tuple[str, Guide]],
    labels: Labels,
    paper: Paper,
    pictures: PictureFiles,
    name: str,
    draft: bool = False,
) -> bytes:
    """A worker's task: the shared pay chart, template, layout and PDF of one sheet."""
    from publisher.builder.libraries import import_layout_engine
    from publisher.documents.compare import compose_comparison
    from publisher.layout.compare import Career

    import_layout_engine(project.cache_dir)
    chosen = [Career(slug, guide, project.cluster_name(guide.cluster)) for slug, guide in careers]
    return compose_comparison(
        project, chosen, labels, paper=paper, pictures=pictures, name=name, draft=draft
    )


def make_comparisons(session: Session, sheets: Sequence[Sequence[str]]) -> None:
    """Each comparison sheet of `sheets` (lists of slugs), from the cache or laid out in the
    session's workers; one whose guides cannot print fails, not the build."""
    from publisher.builder.report import Outcome
    from publisher.builder.session import entry_failure, output_folder

    entries = session.library.by_slug()
    folder = output_folder("compare", session.paper, session.project.config.paper)
    pending: list[tuple[str, str, Future[bytes]]] = []
    for slugs in sheets:
        name = comparison_name(slugs, folder)
        found = [entries.get(slug) for slug in slugs]
        reasons = [
            (entry_failure(entry, session.options.strict, session.options.draft) if entry else None)
            or (None if entry and entry.guide else f"no guide named '{slug}' in guides/")
            for slug, entry in zip(slugs, found, strict=True)
        ]
        if any(reasons):
            error = "\n".join(reason for reason in reasons if reason)
            session.report.failed.append(Outcome(name, error=error))
            continue
        chosen = [entry for entry in found if entry is not None and entry.guide is not None]
        draft = any(entry.is_draft for entry in chosen)
        key = keys.comparison(session.env, chosen, session.paper, draft=draft)
        if session.from_cache(name, key):
            continue
        future = session.executor.submit(
            render_comparison,
            session.project,
            careers=[(entry.slug, entry.guide) for entry in chosen if entry.guide is not None],
            labels=session.labels,
            paper=session.paper,
            pictures=session.pictures,
            name=name,
            draft=draft,
        )
        pending.append((name, key, future))
    for name, key, future in pending:
        try:
            session.write(name, key, future.result())
        except PublisherError as exc:
            session.report.failed.append(Outcome(name, error=exc.format()))
