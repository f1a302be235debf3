"""What a front end shows for one step of the game: `SceneView` and the views it holds.

Plain frozen dataclasses with no import of the story model or the engine, so a front end can
show a view it did not compute: `play --load` draws the saved scene (`game.preview`) before the
pack has loaded (issue 15). `game.session` builds them and re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_TIMER_SECONDS = 3600
"""The longest timer: an hour is far beyond any timed choice, and a bound keeps the countdown's
arithmetic and display to sane numbers (the loader refuses more with LB012)."""


@dataclass(frozen=True, slots=True)
class ChoiceView:
    id: str
    """The local id, unique in its scene; `choose` takes it."""
    event: str
    """The global id, `scene.choice`."""
    text: str


@dataclass(frozen=True, slots=True)
class EndingView:
    id: str
    kind: str
    title: str


@dataclass(frozen=True, slots=True)
class TimerView:
    seconds: int
    default: str
    """The local id of the choice taken when time runs out; always among the open choices."""


@dataclass(frozen=True, slots=True)
class SceneView:
    """Everything a front end shows for one step of the game."""

    id: str
    title: str
    act: int
    text: str
    """Paragraphs separated by blank lines, each on one line, for the front end to wrap."""
    choices: tuple[ChoiceView, ...]
    ending: EndingView | None
    turn: int
    """How many choices led here."""
    timer: TimerView | None = None
    """A timed choice. Only the TUI counts down; to the engine the default is an ordinary choice."""
    note: str | None = None
    """The `note:` of the choice that led here, if it has one: a line that acknowledges it."""
