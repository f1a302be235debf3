"""The TUI's figures for `lostbullet bench`: first frame, keypress to a new scene, and the
journal's opening late in a game against early, headless.

Lives in the TUI package because it drives the app; the bench imports it only for these
figures, so every other figure runs without Textual.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from textual import events

from game.session import Session
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


def _onward(session: Session) -> int | None:
    """The number of the last listed choice that does not end the game, looked ahead and undone
    (on the generated pack the last choices, wait and gamble, go the shortest way)."""
    choices = session.view().choices
    for number, choice in reversed(list(enumerate(choices, 1))):
        session.step(choice.id)
        ends = session.view().ending is not None
        session.undo()
        if not ends:
            return number
    return None


def _on_card(app: LostBulletApp) -> bool:
    return type(app.screen).__name__ == "ActCard"


def _scene_kept(app: LostBulletApp, turn: int) -> bool:
    """Whether scene `turn` is on screen and the journal has laid it out (the scene screen does
    that once the scene is drawn), with no act title card over it."""
    return app.playthrough.view.turn >= turn and not _on_card(app) and len(app.journal_pages.entries) == len(app.playthrough.journal())


async def _until(done: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll `done` every 2 ms. What reaching the late scene waits for after each key, instead
    of `Pilot.press` and `pause`, which wait for the process to look idle over 20 ms windows
    (three waits a scene, most of the figure's run): the keys still go through the app's
    bindings and the journal grows entry by entry, as in play; the opens are timed as before."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} within {timeout:.0f} s")
        await asyncio.sleep(0.002)


async def journal_open(story: Story, early: int = 5, late: int = 60, opens: int = 5) -> tuple[float, float]:
    """(milliseconds to open the journal after `early` scenes, the same after `late`), medians.

    Processor time from pressing j to the app going idle, as `measure`. The story must have a
    path of `late` scenes that does not end (the shipped one ends sooner: the bench hands in a
    generated pack). Scenes are played with number keys, so the journal grows as in play.
    """
    with tempfile.TemporaryDirectory() as saves:
        app = LostBulletApp(story, Path(saves), seed=1)
        figures: list[float] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            for scenes in (early, late):
                while app.playthrough.view.turn + 1 < scenes:
                    assert app.playthrough.session is not None
                    number = _onward(app.playthrough.session)
                    if number is None:
                        raise RuntimeError(f"the story ends before {scenes} scenes")
                    turn = app.playthrough.view.turn + 1
                    app.post_message(events.Key(str(number), str(number)))
                    await _until(lambda: _scene_kept(app, turn) or _on_card(app), f"scene {turn + 1} was not drawn")
                    if _on_card(app):  # a new act: its title card first
                        app.post_message(events.Key("space", " "))
                        await _until(lambda: _scene_kept(app, turn), f"the card before scene {turn + 1} did not close")
                await pilot.pause()  # idle before the clock starts: nothing of the last scene is left to count
                times = []
                for _ in range(opens):
                    tick = time.process_time()
                    await pilot.press("j")
                    await pilot.pause()
                    times.append((time.process_time() - tick) * 1000)
                    if type(app.screen).__name__ != "JournalScreen":
                        raise RuntimeError("j did not open the journal")
                    await pilot.press("escape")
                    await pilot.pause()
                figures.append(statistics.median(times))
    return figures[0], figures[1]
