"""Stages 1–2 (load, validate): guide YAML → a checked `Guide`, every problem located.

loader     YAML files → plain data that remembers each value's line and column
syntax     YAML's own error reports → problems a person can act on
models     the typed shape of a guide (the schema)
validate   raw mappings → typed models, problems rewritten for an editor
rules      what a guide must follow beyond its types
pitch      the one sentence a table card prints: the guide's own, or a short first sentence
facts      figures linked to the agency's data: checked, filled in, cited
refresh    `publisher data refresh`: figures moved to the newest data, line by line
library    every guide of a project, loaded and checked, problems collected
translation a guide's translation (guides/LANGUAGE/SLUG.yaml) → checked, merged over the English
localize   the data's words (series names, months, education levels) in an edition's language
edition    the library one edition prints: its careers, translated, and its own problems
schema     the JSON Schema exported from the models
scaffold   `publisher new`: a skeleton to fill
listing    `publisher list`: the library as a table
"""
