"""The language server (`lostbullet lsp`): validate's findings, completion and navigation in any editor.

It sits above the loader and the tools (`game.story`, `game.tools.validate`) and below
nothing: no front end imports it, and it imports no Textual. See `server` for the handlers.
"""
