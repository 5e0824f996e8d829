"""The agency's own figures: published files → datasets in the project's `data/` folder.

tables      a workbook or CSV as published → rows, header found by its columns
oews        the BLS OEWS national file → wages and employment by occupation
projections the BLS Employment Projections occupation table → growth, jobs, education
dataset     what was imported, as plain YAML, with its series, vintage and citation
imports     `publisher data import`: files → datasets, and what changed
"""
