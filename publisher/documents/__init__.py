"""Stage 6 (assemble): laid-out pages → PDF bytes. Pure functions: no keys, no processes.

handout    one career → its two-page handout PDF (large print: an even number of pages)
handout_pdf a laid-out handout as kept: its PDF and its layout facts (light to import)
budget     a large-print career → its pages broken to an even count, and what to say
card       one career → its one-page table card PDF
cutsheet   a card → four copies on one sheet, with crop marks
compare    two to four careers → their comparison sheet PDF
fields     a recipe's careers → the booklet's view: rows by field, colours, cover
booklet    the view → the booklet's plan, page by page, and each part's view
parts      one part of a booklet → its PDF pages, with the real folios
stamp      a booklet spread from a handout's pages, under the booklet's furniture
relocate   one part → its objects, to be written into the booklet and into its sheets
bind       relocated parts → the booklet PDF and its print sheets, part after part
pdfwrite   numbered objects → a PDF file, written as they come
merge      the parts → one booklet PDF in memory (a print shop's), links, outline, metadata
tags       tagged parts → one structure tree in reading order (booklets, their sheets)
impose     booklet pages → print sheets, 2-up in saddle-stitch order
press      bleed, crop marks, the print shop's set and the office-printer variant
inks       a print shop's booklet: its colours → the press's inks (K-only text, CMYK)
marks      a print shop's pages → a slug with crop and fold marks outside the bleed
pdfx       a print shop's booklet or sheets → a PDF/X-4 file (output intent, metadata)
ticket     a print shop's facts → its one-page job ticket
previews   built PDFs → the README's PNG pictures
"""
