"""The act title card: "ACT II" on a screen of its own when the story crosses into a new act.

A break between acts, as a film's title card or a book's part title, instead of a header that
changes without a word. It stays for `SHOWN_FOR` seconds or until a key or a click; the key
that closes it does nothing else, so a player pressing Enter to read on never takes a choice
unread. It covers the story screen, which pauses the clock and any countdown meanwhile.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from game.i18n.interface import _
from game.views import SceneView
from game.transcript import act_name

SHOWN_FOR = 2.5
"""Seconds the card stays when the player presses nothing."""


def crosses_act(before: SceneView | None, after: SceneView) -> bool:
    """Whether moving from `before` to `after` is a step forward into another act (not an
    undo back over the line, not a load, not a pack without acts)."""
    return before is not None and bool(before.act) and bool(after.act) and after.act != before.act and after.turn > before.turn


class ActCard(ModalScreen[None]):
    """Shows `act_name(act)` over the scene title; any key, a click or time closes it."""

    def __init__(self, act: int, scene_title: str) -> None:
        super().__init__()
        self.act = act
        self.scene_title = scene_title

    def compose(self) -> ComposeResult:
        with Vertical(id="act-card"):
            yield Static(Text(act_name(self.act), style="bold"), id="act-card-act")
            yield Static(Text(self.scene_title, style="italic"), id="act-card-scene")
            yield Static(Text(_("any key"), style="dim"), id="act-card-hint")

    def on_mount(self) -> None:
        self.set_timer(SHOWN_FOR, self._close)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self._close()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self._close()

    def _close(self) -> None:
        if self.is_current:
            self.dismiss()
