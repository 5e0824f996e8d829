"""Stages 4–5 (template, render): guide → view → HTML → laid-out pages.

views      a guide → the typed view its spread prints (figures formatted, sources numbered)
cards      a guide → the view its table card prints (pitch, three sourced facts)
compare    two to four guides → the view their comparison sheet prints
template   views → HTML through the Jinja2 templates in `layouts/`
engine     HTML → laid-out pages with WeasyPrint, reading only the project's files
fetcher    the one door through which the layout engine reads anything
fit        a career held to its two pages (large print: its page budget), and what spills
pagebox    the one adapter to WeasyPrint's laid-out boxes (no public API for them)
useragent  the one adapter to WeasyPrint's user-agent stylesheet: the same, less per element
site       a guide → its web page; the library → the web edition's index by field
live       what the live preview adds to a web page: the handout beside it, problems, reload
"""
