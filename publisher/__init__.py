"""career-publisher: career guides in YAML → print-ready PDF handouts and booklets.

The build is a numbered pipeline, one stage a module:

1. load      guides/*.yaml → raw mappings that remember line and column (`source`)
2. validate  raw mappings → typed models (`models`, `rules`, `validate`)
3. chart     models → SVG charts (`charts`)
4. template  models + charts → HTML (`template`)
5. render    HTML → laid-out pages (`render`)
6. assemble  pages → handouts, booklets, imposed sheets (`handout`, `booklet`, `impose`)
7. write     bytes → output/ (`write`)
"""

__version__ = "0.1.0"
