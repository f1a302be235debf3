"""The TUI's figures for `lostbullet bench`: first frame and keypress to a new scene, headless.

Lives in the TUI package because it drives the app; the bench imports it only for these two
figures, so every other figure runs without Textual.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from game.story.model import Story
from game.tui.app import LostBulletApp


async def measure(story: Story, presses: int = 8) -> tuple[float, float]:
    """(seconds to the first frame, median milliseconds from pressing "1" to the next scene drawn).

    The keypress figure is processor time, not wall time: `Pilot` waits for the app to go idle
    with polling sleeps of its own, which a real terminal does not add; what the player waits
    for is the app's own work of handling the key, taking the choice, autosaving and redrawing.
    """
    with tempfile.TemporaryDirectory() as saves:
        app = LostBulletApp(story, Path(saves), seed=1)
        start = time.perf_counter()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            first = time.perf_counter() - start
            await pilot.press("n")
            await pilot.pause()
            times = []
            for _ in range(presses):
                before = app.playthrough.view
                if before.ending is not None or not before.choices:
                    break
                tick = time.process_time()
                await pilot.press("1")
                await pilot.pause()
                times.append((time.process_time() - tick) * 1000)
                if app.playthrough.view == before:
                    raise RuntimeError("pressing 1 did not move the story on")
    return first, statistics.median(times)
