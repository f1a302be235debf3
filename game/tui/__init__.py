"""The Textual front end: the only package (with `game.serve`) that imports Textual.

Screens render the session's views and send the player's moves back through
`Playthrough`; none of them knows a game rule.
"""
