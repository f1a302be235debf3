"""The endings found, as a list to pick one to read again (the endings gallery)."""

from __future__ import annotations

from typing import Sequence

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.i18n.interface import _


class RereadList(OptionList):
    """Posts `RereadList.Picked` with the ending id chosen."""

    class Picked(Message):
        def __init__(self, ending_id: str) -> None:
            super().__init__()
            self.ending_id = ending_id

    def __init__(self, found: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        """`found`: (ending id, title) of each ending found."""
        super().__init__(*(Option(_("Read again: {title}").format(title=title), id=ending) for ending, title in found), id=id)
        self.border_title = _("Endings found")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Picked(event.option.id))
