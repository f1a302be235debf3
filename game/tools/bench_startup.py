"""Start-up figures for `lostbullet bench`: a fresh process to the first frame a player sees.

Each figure is a ratio measured in one run against a reference started the same way, so a
busy machine slows both: the game to its title screen against a minimal Textual app, and
`--load SLOT` to the first story frame (showing the saved scene) against the game to its title. Every start is a new
Python process (imports are most of a start), driven headless by Textual's `run_test`; the
child prints how long after the parent spawned it the frame was drawn: the first frame the
expected screen composed (`App._display`), not the moment the process is next idle, since the
game goes on loading its pack behind the title once that is drawn. The game is set up by
`game.cli.tui_app`, as `lostbullet play` sets it up (the title before the pack has loaded). This module never
imports Textual itself: only the children do.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

_CHILD = """
import asyncio, sys, time
spawned, kind, scenes, saves = float(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

async def first_frame(app, ready):
    drawn = []
    display = app._display  # called with each frame the screen has composed

    def spy(screen, update):
        if not drawn and ready(app):
            drawn.append(time.time())
        return display(screen, update)

    app._display = spy
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(500):
            if drawn:
                break
            await pilot.pause(0.01)
        else:
            raise SystemExit("the expected screen never came")
        print(drawn[0] - spawned, flush=True)

if kind == "bare":
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App):
        def compose(self):
            yield Static("Lost Bullet 2")

    asyncio.run(first_frame(Minimal(), lambda app: True))
else:
    import game.cli  # what `python -m game` imports first

    argv = ["play", "--scenes", scenes, "--saves", saves, "--seed", "1", *(["--load", "bench"] if kind == "load" else [])]
    app = game.cli.tui_app(game.cli._parser().parse_args(argv))  # the app `play` runs, set up as it does
    if kind == "load":  # the story screen counts once it shows the saved scene, not an empty screen
        import json, pathlib

        title = json.loads((pathlib.Path(saves) / "bench.json").read_text(encoding="utf-8"))["scene"]["title"]

        def ready(app):
            screen = app.screen
            return type(screen).__name__ == "StoryScreen" and screen.sub_title == title and bool(str(screen.query_one("#scene-text").content).strip())
    else:
        ready = lambda app: type(app.screen).__name__ == "TitleScreen"
    asyncio.run(first_frame(app, ready))
"""


def start_seconds(kind: str, scenes: Path, saves: Path) -> float:
    """Seconds from spawning a process to its first frame: `bare` (a minimal Textual app),
    `title` (the game's title screen) or `load` (the story screen of the save `bench` in `saves`)."""
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, repr(spawned), kind, str(scenes), str(saves)],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout
    return float(out.split()[-1])


def start_figures(scenes: Path, saves: Path, repeat: int) -> dict[str, float]:
    """Median start seconds of each kind, the kinds taking turns so that load on the machine
    weighs on all of them alike."""
    runs: dict[str, list[float]] = {"bare": [], "title": [], "load": []}
    for _ in range(repeat):
        for kind, times in runs.items():
            times.append(start_seconds(kind, scenes, saves))
    return {kind: statistics.median(times) for kind, times in runs.items()}
