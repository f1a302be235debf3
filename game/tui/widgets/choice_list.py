"""The open choices of a scene, numbered; arrows and Enter or a number key take one.

A choice taken before, in this game before an undo or in another game, is marked with a dim
"✓", as Ren'Py styles chosen menu items: a player replaying sees what is new.
"""

from __future__ import annotations

from typing import Collection, Sequence

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.i18n.interface import _
from game.views import ChoiceView


class ChoiceList(OptionList):
    """Posts `ChoiceList.Chosen` with the `ChoiceView` the player took."""

    class Chosen(Message):
        def __init__(self, choice_list: ChoiceList, choice: ChoiceView) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.choice = choice

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices: tuple[ChoiceView, ...] = ()
        self.default: str | None = None
        """The id of the choice marked as taken when time runs out, if any."""

    def show(self, choices: Sequence[ChoiceView], default: str | None = None, taken: Collection[str] = ()) -> None:
        """List `choices`; the timer's `default`, if any, is marked and highlighted first;
        those whose global id is in `taken` are marked as taken before."""
        self.choices = tuple(choices)
        self.default = default
        self.clear_options()
        options = []
        for number, choice in enumerate(self.choices, 1):
            text = Text(choice.text)
            if choice.id == default:
                text.append("  " + _("(when time runs out)"), style="italic")
            if choice.event in taken:
                text.append("  ✓", style="dim")
            options.append(Option(_numbered(number, text), id=choice.id))
        self.add_options(options)
        ids = [c.id for c in self.choices]
        self.highlighted = ids.index(default) if default in ids else (0 if ids else None)
        self.scroll_home(animate=False)

    def pick(self, number: int) -> bool:
        """Take choice `number` (from 1); False when there is no such choice."""
        if not 1 <= number <= len(self.choices):
            return False
        self.highlighted = number - 1
        self.post_message(self.Chosen(self, self.choices[number - 1]))
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self.choices[event.option_index]))


def _numbered(number: int, text: Text) -> Table:
    """`1. text`, with wrapped lines indented under the text rather than the number."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    grid.add_row(f"{number}.", text)
    return grid
