"""Asks for the name of a new save slot; dismisses with the name, or None when cancelled."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Regex
from textual.widgets import Input, Label

SLOT_PATTERN = r"[A-Za-z0-9_-]{1,64}"
"""The names `game.paths.slot_path` accepts."""


class SlotNameDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggestion: str = "") -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Name the save (letters, digits, - and _):", classes="question")
            yield Input(
                self.suggestion,
                placeholder="my-save",
                restrict=r"[A-Za-z0-9_-]*",
                max_length=64,
                validators=[Regex(SLOT_PATTERN, failure_description="a name needs at least one character")],
                id="slot-name",
            )
            yield Label("Enter to save, Escape to cancel.", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.validation_result is not None and not event.validation_result.is_valid:
            self.notify("Type a name first.", severity="warning")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
