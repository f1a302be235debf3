"""Helpers for the TUI tests: a tiny timed pack, a clock the test moves, an app that records notifications."""

from __future__ import annotations

from typing import Any

from game.tui.app import LostBulletApp
from tests.conftest import TINY_SCENES

SIZE = (80, 24)

TIMED_SCENES = TINY_SCENES.replace(
    "      - {id: walk, text: Walk home, if: heat >= 2, to: home}",
    "      - {id: walk, text: Walk home, if: heat >= 2, to: home}\n    timer: {seconds: 8, default: wait}",
)


class FakeClock:
    """Seconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingApp(LostBulletApp):
    """The game app, keeping every notification it shows as (severity, title, message)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[tuple[str, str, str]] = []

    def notify(self, message: str, *, title: str = "", severity: str = "information", **kwargs: Any) -> None:  # type: ignore[override]
        self.notes.append((severity, title, message))
        super().notify(message, title=title, severity=severity, **kwargs)  # type: ignore[arg-type]

    def said(self, fragment: str) -> bool:
        return any(fragment in f"{title} {message}" for _, title, message in self.notes)


async def start_new_game(pilot: Any) -> None:
    """From the title screen: New game (answering yes if a game in progress makes it ask)."""
    await pilot.press("n")
    await pilot.pause()
    if type(pilot.app.screen).__name__ == "ConfirmDialog":
        await pilot.press("y")
        await pilot.pause()
    assert type(pilot.app.screen).__name__ == "StoryScreen"
