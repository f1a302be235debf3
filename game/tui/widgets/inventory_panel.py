"""The side panel: the variables the story labels for players, and their values.

Works for any scene pack: its heading is story.yaml's `panel.title` ("Status" unless the pack
says otherwise), labels and ranges come from `story.variables`. Only variables with a
`label` are shown, under that label; an author's `doc` is never shown, because it is written
for authors and may give the plot away. A value that changed since the previous scene is
marked, so the player sees what a choice did. The rows are worked out in `game.panel` (so a
save can record them); this widget styles them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.i18n.interface import _
from game.panel import PanelView, panel_view

if TYPE_CHECKING:
    from game.story.model import Story


class InventoryPanel(VerticalScroll):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, Any] = {}

    def compose(self):
        yield Static(id="panel-body")

    def show(self, story: Story, values: Mapping[str, Any], fresh: bool = False) -> None:
        """Show `values`; `fresh` (a new or loaded game) marks nothing as changed."""
        previous = None if fresh else self._shown
        self._shown = dict(values)
        self.show_view(panel_view(story, values, previous))

    def show_view(self, panel: PanelView) -> None:
        """Draw `panel` (also a save's recorded rows, before the pack has loaded)."""
        text = Text(panel.title.upper(), style="bold reverse")
        if not panel.rows:
            text.append("\n\n" + _("This story keeps no state to show."), style="italic")
        for row in panel.rows:
            text.append("\n\n")
            text.append(row.label, style="bold")
            text.append("\n")
            if row.bar is not None:
                filled, empty = row.bar
                text.append_text(Text.assemble(("■" * filled, "bold"), ("□" * empty, "dim"), f" {row.value}"))
            else:
                text.append(row.value)
            if row.change:
                text.append(f"  {row.change}", style="bold italic")
        self.query_one("#panel-body", Static).update(text)
