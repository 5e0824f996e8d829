"""The cost of a tagged booklet's merge (issue 15), as a whole process.

`N` tagged two-page parts (the handouts of a build, taken in turn: a career's spread is its
handout's pages) are concatenated with pikepdf and saved, as `publisher.documents.merge` does,
either grafting their structure trees into one (`--tags`, what a booklet's merge does now) or
only concatenating the pages (the merge before booklets were tagged). Time one against the
other, each as a whole process, in pairs:

    .venv/bin/python benchmarks/tagging.py output/handouts --careers 100 --tags
    .venv/bin/python benchmarks/tagging.py output/handouts --careers 100

(see README.md for the figures). Nothing is written: the merged booklet is saved in memory.
"""

from __future__ import annotations

import argparse
import io
import itertools
import sys
from pathlib import Path


def merge(parts: list[bytes], tags: bool) -> int:
    """Merge `parts` (with their trees when `tags`) and save; returns the saved size."""
    import pikepdf

    from publisher.documents.tags import BookletTree

    merged = pikepdf.new()
    tree = BookletTree(merged) if tags else None
    opened = []
    for index, data in enumerate(parts):
        source = pikepdf.open(io.BytesIO(data))
        opened.append(source)
        merged.pages.extend(source.pages)
        if tree is not None:
            tree.graft(source, f"part {index}", len(merged.pages) - len(source.pages))
    if tree is not None:
        tree.finish()
    buffer = io.BytesIO()
    merged.save(
        buffer,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    for source in opened:
        source.close()
    return len(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("handouts", type=Path, help="a folder of tagged handouts")
    parser.add_argument("--careers", type=int, default=100, help="parts to merge")
    parser.add_argument("--tags", action="store_true", help="graft the structure trees")
    args = parser.parse_args(argv)
    files = sorted(args.handouts.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.handouts}", file=sys.stderr)
        return 2
    parts = [path.read_bytes() for path in itertools.islice(itertools.cycle(files), args.careers)]
    size = merge(parts, args.tags)
    print(f"{args.careers} parts, {2 * args.careers} pages, tags={args.tags}: {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
