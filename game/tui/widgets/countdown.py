"""The visible countdown of a timed choice; posts `Countdown.Expired` at zero.

Time comes from an injected clock (seconds, like `time.monotonic`), so tests move time
instead of sleeping. The countdown stops counting while it is paused (another screen is
on top), so reading the journal never costs the player a scene. It counts at most
`MAX_TIMER_SECONDS`, the loader's bound, whatever it is handed, so no number overflows a float
or the line it is drawn on.
"""

from __future__ import annotations

import math
from typing import Callable

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from game.story.model import MAX_TIMER_SECONDS

TICK = 0.1
"""Seconds between two looks at the clock."""


class Countdown(Static):
    class Expired(Message):
        def __init__(self, countdown: Countdown) -> None:
            super().__init__()
            self.countdown = countdown

        @property
        def control(self) -> Countdown:
            return self.countdown

    def __init__(self, clock: Callable[[], float], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.seconds = 0.0
        self.elapsed = 0.0
        self.then = ""
        self._last: float | None = None
        self._running = False

    def on_mount(self) -> None:
        self._interval = self.set_interval(TICK, self.tick)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def remaining(self) -> float:
        return max(0.0, self.seconds - self.elapsed)

    def start(self, seconds: float, then: str) -> None:
        """Count `seconds` (clamped to 0..MAX_TIMER_SECONDS) down from now; `then` names what
        happens at zero."""
        bounded = min(max(seconds, 0), MAX_TIMER_SECONDS)
        self.seconds, self.elapsed, self.then = float(bounded), 0.0, then
        self._last, self._running = self.clock(), True
        self.display = True
        self._draw()

    def stop(self) -> None:
        self._running = False
        self._last = None
        self.display = False

    def pause(self) -> None:
        if self._running and self._last is not None:
            self._advance()
            self._last = None

    def resume(self) -> None:
        if self._running and self._last is None:
            self._last = self.clock()

    def tick(self) -> None:
        if not self._running or self._last is None:
            return
        self._advance()
        self._draw()
        if self.remaining <= 0:
            self._running = False
            self._last = None
            self.post_message(self.Expired(self))

    def _advance(self) -> None:
        now = self.clock()
        self.elapsed += max(0.0, now - (self._last if self._last is not None else now))
        self._last = now

    def _draw(self) -> None:
        left = math.ceil(self.remaining)
        width = 20
        full = round(width * self.remaining / self.seconds) if self.seconds else 0
        line = Text.assemble(
            ("TIME ", "bold"),
            ("█" * full + "░" * (width - full), "bold" if left > 3 else "bold reverse"),
            (f" {left:>2} s", "bold"),
            f"  then: {self.then}",
            no_wrap=True,
            overflow="ellipsis",
        )
        self.update(line)
