"""The visible countdown of a timed choice; posts `Countdown.Expired` at zero.

Time comes from an injected clock (seconds, like `time.monotonic`), so tests move time
instead of sleeping. The countdown stops counting while it is paused (another screen is
on top), so reading the journal never costs the player a scene. It counts at most
`MAX_TIMER_SECONDS`, the loader's bound, whatever it is handed, so no number overflows a float
or the line it is drawn on.

A clock that starts while the player is still reading takes the default unread, so a
countdown can wait before it counts: `held` until the screen says the end of the text is in
view (`release`), or for a `grace` of reading seconds. `state` and `start(elapsed=...)` let
the story screen hand a countdown over (Escape to the title and Continue) without a fresh
clock at full.
"""

from __future__ import annotations

import math
from typing import Callable

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from game.i18n.interface import _
from game.views import MAX_TIMER_SECONDS

TICK = 0.1
"""Seconds between two looks at the clock."""

WORDS_PER_SECOND = 4.0
"""The reading allowance's pace: about 250 words a minute, an ordinary reader's speed."""


def reading_allowance(text: str) -> float:
    """Seconds to read `text` at `WORDS_PER_SECOND` before a clock in "reading" mode counts."""
    return len(text.split()) / WORDS_PER_SECOND


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
        self.held = False
        """Waiting for `release`: the end of the text is not in view yet."""

    def on_mount(self) -> None:
        self._interval = self.set_interval(TICK, self.tick)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def remaining(self) -> float:
        return max(0.0, self.seconds - max(0.0, self.elapsed))

    @property
    def counting(self) -> bool:
        """Running, released and past its grace: the seconds are going down."""
        return self._running and not self.held and self.elapsed > 0

    def start(self, seconds: float, then: str, *, held: bool = False, grace: float = 0.0, elapsed: float | None = None) -> None:
        """Count `seconds` (clamped to 0..MAX_TIMER_SECONDS) down; `then` names what happens at zero.

        `held`: wait for `release`. `grace`: reading seconds before the count begins.
        `elapsed`: where a countdown handed over had got to (its grace included, as negative).
        """
        bounded = min(max(seconds, 0), MAX_TIMER_SECONDS)
        grace = min(max(grace, 0), MAX_TIMER_SECONDS)
        self.seconds, self.then = float(bounded), then
        self.elapsed = -grace if elapsed is None else max(-MAX_TIMER_SECONDS, min(elapsed, bounded))
        self.held = held
        self._last, self._running = self.clock(), True
        self.display = True
        self._draw()

    def release(self) -> None:
        """The end of the text is in view: a held countdown starts counting now."""
        if self._running and self.held:
            self.held = False
            if self._last is not None:
                self._last = self.clock()
            self._draw()

    def state(self) -> tuple[float, bool]:
        """(elapsed, held), for `start(elapsed=..., held=...)` to carry on from."""
        if self._running and self._last is not None and not self.held:
            self._advance()
        return self.elapsed, self.held

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
        if not self._running or self._last is None or self.held:
            return
        self._advance()
        self._draw()
        if self.remaining <= 0:
            self._running = False
            self._last = None
            self.post_message(self.Expired(self))

    def _advance(self) -> None:
        now = self.clock()
        if self.held:  # nothing counts until the text's end is in view
            self._last = now
            return
        self.elapsed += max(0.0, now - (self._last if self._last is not None else now))
        self._last = now

    def _draw(self) -> None:
        left = math.ceil(self.remaining)
        width = 20
        full = round(width * self.remaining / self.seconds) if self.seconds else 0
        line = Text.assemble(
            (_("TIME") + " ", "bold"),
            ("█" * full + "░" * (width - full), "bold" if left > 3 else "bold reverse"),
            (" " + _("{seconds} s").format(seconds=f"{left:>2}"), "bold"),
            (self._waiting(), "italic"),
            "  " + _("then: {choice}").format(choice=self.then),
            no_wrap=True,
            overflow="ellipsis",
        )
        self.update(line)

    def _waiting(self) -> str:
        """Why the bar is not moving yet, if it is not."""
        if self.held:
            return "  " + _("starts at the end of the text")
        if self.elapsed < 0:
            return "  " + _("starts in {seconds} s").format(seconds=math.ceil(-self.elapsed))
        return ""
