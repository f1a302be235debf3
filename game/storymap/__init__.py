"""The story map for players: the acts drawn as a flowchart of the scenes and choices found.

`layout` places every scene of the story graph on a character grid (once per story),
`discovery` says what this player has found across all games and which path the game in
progress took, `canvas` draws both into rows of styled text, and `reread` replays the game
that reached an ending to show its text again. None of it imports Textual: the TUI only
paints the rows (`game.tui.widgets.story_map_view`).
"""
