"""A project's handouts made one at a time, in this process, by the build's own stage function
(`render_handout`: charts, template, layout, PDF), for the baseline and the floor.

Used by `baseline.py` and `floor.py`, which run as scripts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publisher.builder.pictures import PictureFiles
    from publisher.documents.handout_pdf import HandoutPDF
    from publisher.guides.library import Entry, Library
    from publisher.project.labels import Labels
    from publisher.project.settings import Project


@dataclass(frozen=True)
class Handouts:
    project: Project
    library: Library
    labels: Labels
    pictures: PictureFiles

    @classmethod
    def load(cls, root: Path, today: date, drawn: Path) -> Handouts:
        """The project at `root`, its guides as of `today`, its charts drawn under `drawn`."""
        from publisher.builder.pictures import PictureFiles
        from publisher.guides.library import load_library
        from publisher.project.labels import load_labels
        from publisher.project.settings import load_project

        project = load_project(root)
        labels = load_labels(project.layouts, project.config.locale)
        pictures = PictureFiles(drawn, project.config.locale)
        return cls(project, load_library(project, today), labels, pictures)

    @property
    def entries(self) -> list[Entry]:
        return [entry for entry in self.library.entries if entry.guide is not None]

    def make(self, entry: Entry) -> HandoutPDF:
        from publisher.builder.session import render_handout

        assert entry.guide is not None
        titles = {e.slug: e.guide.title for e in self.entries if e.guide is not None}
        return render_handout(
            self.project,
            slug=entry.slug,
            guide=entry.guide,
            display=entry.display,
            labels=self.labels,
            titles={s: titles[s] for s in entry.guide.related if s in titles},
            paper=self.project.config.paper,
            pictures=self.pictures,
        )
