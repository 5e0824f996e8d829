"""The project: its folders and settings, and what every stage formats with.

settings   `publisher.yaml` → `Project` (folders, branding, clusters, booklet recipes)
editions   the editions `publisher.yaml` declares (locale, paper, variant, careers, words)
labels     the label catalog: every word the layouts print that is not content
formatting numbers, money, percents, dates and times for the project's locale
fonts      the font files from installed packages, for text and charts alike
recipes    booklet recipes from the command line
names      names typed on the command line, checked, with the nearest known ones
layouts    the layouts a project prints with: the package's, under its own overrides
variants   layout variants (standard, large print): their layouts layer and page budget
starter    `publisher init`: a new project from the package's starter files
root       which folder a command works on: the nearest with publisher.yaml or guides/
yamlfile   YAML data files (catalogs, datasets) read fast, as yaml.safe_load reads them
"""
