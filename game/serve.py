"""`lostbullet serve`: the same Textual game in a browser tab, through textual-serve.

textual-serve runs one `lostbullet play` process per browser tab and relays its terminal
over a websocket to xterm.js in the page. The story is loaded here once first, so a
broken scene pack is reported on the terminal (file:line:col) instead of in the browser.
It listens on 127.0.0.1 unless told otherwise: the game is for the player at this machine.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path


def play_command(scenes: Path, saves: Path) -> str:
    """The shell command textual-serve runs for each tab."""
    return shlex.join(
        [sys.executable, "-m", "game", "play", "--scenes", str(scenes.resolve()), "--saves", str(saves.resolve())]
    )


def run_serve(scenes: Path, saves: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    from game.story.loader import load_story

    story = load_story(scenes)  # raises ContentError with every diagnostic, before the server starts

    from textual_serve.server import Server  # deferred: aiohttp and textual-serve load only here

    server = Server(play_command(scenes, saves), host=host, port=port, title=story.title)
    server.serve()
    return 0
