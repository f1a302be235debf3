"""The side panel: the variables the story labels for players, and their values.

Works for any scene pack: its heading is story.yaml's `panel.title` ("Status" unless the pack
says otherwise), labels and ranges come from `story.variables`. Only variables with a
`label` are shown, under that label; an author's `doc` is never shown, because it is written
for authors and may give the plot away. A value that changed since the previous scene is
marked, so the player sees what a choice did.
"""

from __future__ import annotations

from typing import Any, Mapping

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.i18n.interface import _
from game.story.model import Story, Variable

BAR_LIMIT = 10
"""Ranges up to this wide are drawn as a bar; wider ones as a number."""


class InventoryPanel(VerticalScroll):
    def __init__(self, story: Story, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.story = story
        self._previous: dict[str, Any] | None = None
        self._shown: dict[str, Any] = {}

    def compose(self):
        yield Static(id="panel-body")

    def show(self, values: Mapping[str, Any], fresh: bool = False) -> None:
        """Show `values`; `fresh` (a new or loaded game) marks nothing as changed."""
        previous = None if fresh else self._shown
        self._shown = dict(values)
        text = Text(self.story.panel_title.upper(), style="bold reverse")
        shown = {name: v for name, v in self.story.variables.items() if v.label}
        if not shown:
            text.append("\n\n" + _("This story keeps no state to show."), style="italic")
        for name, variable in shown.items():
            text.append("\n\n")
            value = values.get(name, variable.initial)
            text.append(variable.label or name, style="bold")
            text.append("\n")
            labels = {v: self.story.value_labels.get(f"{name}={v}", v) for v in variable.values or ()}
            text.append_text(_value(variable, labels.get(value, value)))
            if previous is not None and name in previous and previous[name] != value:
                text.append(_change(variable, labels.get(previous[name], previous[name]), value), style="bold italic")
        self.query_one("#panel-body", Static).update(text)


def _value(variable: Variable, value: Any) -> Text:
    if variable.type == "bool":
        return Text(_("yes") if value else _("no"))
    if variable.type == "int" and variable.min is not None and variable.max is not None:
        span = variable.max - variable.min
        if 0 < span <= BAR_LIMIT:
            filled = value - variable.min
            return Text.assemble(("■" * filled, "bold"), ("□" * (span - filled), "dim"), f" {value}/{variable.max}")
    return Text(str(value))


def _change(variable: Variable, before: Any, after: Any) -> str:
    if variable.type == "int":
        return f"  ({after - before:+d})"
    return "  " + _("(was {value})").format(value=_("yes") if before is True else _("no") if before is False else before)
