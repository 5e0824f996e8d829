"""Stage 6 (assemble): laid-out pages → PDF bytes. Pure functions: no keys, no processes.

handout    one career → its two-page handout PDF
fields     a recipe's careers → the booklet's view: rows by field, colours, cover
booklet    the view → the booklet's plan, page by page, and each part's view
parts      one part of a booklet → its PDF pages, with the real folios
stamp      a booklet spread from a handout's pages, under the booklet's furniture
merge      the parts → one booklet PDF, with links, outline and metadata
impose     booklet pages → print sheets, 2-up in saddle-stitch order
press      bleed, crop marks and the office-printer variant
previews   built PDFs → the README's PNG pictures
"""
