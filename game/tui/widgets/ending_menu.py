"""What a player can do once the story has ended: play again, see the gallery, leave."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.i18n.interface import N_, _

ACTIONS = (
    ("again", N_("Play again from the beginning")),
    ("endings", N_("See the endings gallery")),
    ("title", N_("Back to the title screen")),
)


class EndingMenu(OptionList):
    """Posts `EndingMenu.Chosen` with one of the ids of `ACTIONS`."""

    class Chosen(Message):
        def __init__(self, menu: EndingMenu, action: str) -> None:
            super().__init__()
            self.menu = menu
            self.action = action

        @property
        def control(self) -> EndingMenu:
            return self.menu

    def __init__(self, *, id: str | None = None) -> None:
        options = [Option(Text.assemble((f"{n}. ", "bold"), _(text)), id=key) for n, (key, text) in enumerate(ACTIONS, 1)]
        super().__init__(*options, id=id)

    def pick(self, number: int) -> bool:
        if not 1 <= number <= len(ACTIONS):
            return False
        self.highlighted = number - 1
        self.post_message(self.Chosen(self, ACTIONS[number - 1][0]))
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self, ACTIONS[event.option_index][0]))
