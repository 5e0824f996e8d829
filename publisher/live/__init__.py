"""The live preview: a project → its web edition on localhost, rebuilt and reloaded on save.

`publisher serve` builds the pages, serves `output/site/` on 127.0.0.1, watches `guides/`,
`layouts/`, `assets/` and `publisher.yaml`, and on a change rebuilds through the same build
(`publisher.builder`): the pages first (the browser reloads), then the handouts, whose page
pictures it shows beside the page. A problem replaces the page, with its `file:line:col`.

    serve    the whole: first build, server and watcher started, stopped cleanly on Ctrl-C
    state    what the browser is told: the build's numbers and its problems
    rebuild  the two steps of a rebuild, through the builder
    server   the HTTP server: the site's files, the live additions, the reload events
    watch    the watcher: file changes → rebuilds
"""
