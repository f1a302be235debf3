"""Asks for the name of a new save; dismisses with the name as typed, or None when cancelled.

The name is free text (spaces, accents): the save screen keeps it inside the save and
makes the file name from it (`game.paths.slot_name`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Regex
from textual.widgets import Input, Label

from game.i18n.interface import _

from game.saves import MAX_NAME_CHARS


class SlotNameDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", _("Cancel"))]

    def __init__(self, suggestion: str = "") -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Name the save:"), classes="question")
            yield Input(
                self.suggestion,
                placeholder=_("Before the kitchen"),
                max_length=MAX_NAME_CHARS,
                validators=[Regex(r".*\S", failure_description=_("a name needs at least one character"))],
                id="slot-name",
            )
            yield Label(_("Enter to save, Escape to cancel."), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.validation_result is not None and not event.validation_result.is_valid:
            self.notify(_("Type a name first."), severity="warning")
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
