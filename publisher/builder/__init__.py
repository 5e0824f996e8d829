"""The build layer: the only package with cache keys, the store, workers and processes.

It runs the stages (`guides`, `charts`, `layout`, `documents`) through their public
functions, and they never import it. One session decides for every output whether it is
current, in the store, or to be made, and writes it. (Named `builder`, not `build`: many
tools, and many people's global ignore files, take a folder named `build/` for output.)

    session    `build()`: every handout and booklet; hit, miss, make, write per output
    keys       every key recipe: what each output's bytes depend on
    store      entries by key (PDFs, JSON) and the record of what `output/` holds
    booklets   one booklet's parts: from the store, or laid out in the workers, then written
    sheets     a booklet's print sheets in the store
    printshop  a booklet's print-shop set: PDF/X-4 booklet, marked sheets, job ticket
    cards      table cards: which careers, and the task that makes a card and its sheet
    comparisons  comparison sheets: which careers, and the task that makes one
    pictures   charts and QR codes as files the layout engine reads
    guide_cache  guides as a previous build read them
    measures   what a layout measured (a back page's room), kept for the next build
    furniture  a spread's furniture as laid out, kept for the next build
    warmup     what a build starts before it has read the guides
    workers    where layout runs: this process, a pool, or a process started afresh
    lock       one build of a project at a time
    scratch    a build's own temporary folder, gone however the build ends
    interrupts Ctrl-C held back while a library loads or a worker is forked
    libraries  the one adapter that speeds up loading the layout engine (and loads
               the compiled libraries with Ctrl-C held back)
    site       the web edition: a page per career, the index, the handouts beside them
    pages      pictures of a handout's pages for the live preview
    report     what a build tells its caller: each output's outcome
    last_build what the last whole build read, wrote and said: the same build again, with
               nothing changed, is answered from it without loading the pipeline
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.builder.report import BuildReport, Outcome
    from publisher.builder.session import BuildOptions, build

__all__ = ["BuildOptions", "BuildReport", "Outcome", "build"]


def __getattr__(name: str) -> Any:
    """The session's names, loaded when first asked for: a light module of this package
    (`last_build`, `report`) is imported without the whole build."""
    if name in __all__:
        from publisher.builder import session

        return getattr(session, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
