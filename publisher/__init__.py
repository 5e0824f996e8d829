"""career-publisher: career guides in YAML → print-ready PDF handouts and booklets.

The folders are the pipeline, one package a stage:

0.   data       the agency's published files → datasets in the project's data/
1–2. guides     guides/*.yaml → checked `Guide`s, figures linked to the data, every problem
                at its line and column
3.   charts     a guide → its SVG charts and QR code
4–5. layout     a guide → view → HTML → laid-out pages (WeasyPrint)
6.   documents  pages → handout, booklet and print-sheet PDFs
7.   output     bytes → files, atomically, never outside their folder

`project` (settings, labels, formatting, fonts) serves them all; `builder` runs them, and is
the only package with cache keys, the store, workers and processes: the stages never import
it. `cli` is the `publisher` command, and `terminal` what a build shows while it runs.
"""

__version__ = "0.1.0"
