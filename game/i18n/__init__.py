"""Translations: gettext catalogs of a pack's strings and of the interface, and their lookup.

`strings` lists every player-visible string of a loaded story with its context and source
line; `catalog` reads and writes PO/POT files through Babel (never a hand-written parser);
`translate` makes a translated copy of a loaded story, so the loader and the engine never
know about languages; `interface` is the `_()` the front ends wrap their own wording in.
Imports go downwards only (story, expr, diagnostics); nothing here imports Textual.
"""
