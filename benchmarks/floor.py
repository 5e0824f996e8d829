"""The layout engine's own floor for a library (issue 19): what laying out and writing one
handout costs, warm, in one process.

    python benchmarks/floor.py PROJECT [SAMPLE]     # run by benchmarks/run.py; prints JSON

For SAMPLE careers spread over the library (after one warm-up handout), the handout is made as
the build makes it, while the engine's two calls are timed in CPU seconds
(`time.process_time`): `HTML.render` (layout) and `Document.write_pdf` (drawing and writing).
A handout's floor is its LAST layout (the one whose pages are printed: a layout the build does
again is overhead, not floor) plus its write. Charts, templates, checks and the PDF's tidying
are not floor either: they are ours.

The floor of a build of N careers on C cores is then mean(layout + write) × N ÷ C: no build
that lays out N handouts with this engine can be faster.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_SAMPLE = 17


def main(argv: list[str]) -> int:
    import os

    root = Path(argv[0])
    sample = int(argv[1]) if len(argv) > 1 else DEFAULT_SAMPLE
    today = date.fromisoformat(os.environ.get("PUBLISHER_TODAY", date.today().isoformat()))
    print(json.dumps(measure(root, today, sample)))
    return 0


def measure(root: Path, today: date, sample: int) -> dict[str, Any]:
    import weasyprint

    from benchmarks.handouts import Handouts

    made = Handouts.load(root, today, root / ".cache")
    entries = made.entries
    step = max(1, len(entries) // sample)
    chosen = entries[::step][:sample]
    layouts: list[float] = []
    writes: list[float] = []
    weasyprint.HTML.render = _timed(weasyprint.HTML.render, layouts)
    weasyprint.Document.write_pdf = _timed(weasyprint.Document.write_pdf, writes)
    per_handout: list[dict[str, Any]] = []
    layout_s: list[float] = []
    write_s: list[float] = []
    counts: list[int] = []
    for number, entry in enumerate([chosen[0], *chosen]):
        layouts.clear()
        writes.clear()
        made.make(entry)
        if number:  # (the first is the warm-up)
            layout_s.append(layouts[-1])
            write_s.append(writes[-1])
            counts.append(len(layouts))
            per_handout.append(
                {
                    "slug": entry.slug,
                    "layouts": len(layouts),
                    "layout_s": layouts[-1],
                    "write_s": writes[-1],
                    "all_layouts_s": sum(layouts),
                }
            )
    return {
        "sample": len(per_handout),
        "layout_s": statistics.mean(layout_s),
        "write_s": statistics.mean(write_s),
        "handout_s": statistics.mean(layout_s) + statistics.mean(write_s),
        "layouts_per_handout": statistics.mean(counts),
        "handouts": per_handout,
    }


def _timed(function: Callable[..., Any], into: list[float]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            into.append(time.process_time() - start)

    return timed


if __name__ == "__main__":
    # (the repo last on the path, for `benchmarks`: `publisher` stays the one measured)
    sys.path.append(str(Path(__file__).resolve().parents[1]))
    sys.exit(main(sys.argv[1:]))
