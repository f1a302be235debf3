"""The small, safe language of conditions, weights and effects in scene files.

`parse` turns source text into a checked-shape syntax tree (Python's `ast`, allow-listed),
`check` types it against the story's declarations, `compile` turns it into closures the engine
calls. Nothing here ever runs `eval`, `exec` or `compile` on file content.
"""
