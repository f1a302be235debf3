"""The side panel's rows as plain data: what the story screen draws, and what a save records.

The panel lists the variables the story labels for players (story.yaml `label:`), under
`panel.title`, each with its value as the player reads it: yes/no, a bar for a small range,
an enum's value label. Worked out here, free of Textual and of the story model's imports, so
a save can keep the rows (`game.preview`) and `play --load` draws the panel as it was before
the pack has loaded; `game.tui.widgets.inventory_panel` only styles them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from game.i18n.interface import _

if TYPE_CHECKING:
    from game.story.model import Story, Variable

BAR_LIMIT = 10
"""Ranges up to this wide are drawn as a bar; wider ones as a number."""


@dataclass(frozen=True, slots=True)
class PanelRow:
    label: str
    value: str
    """The value as shown: `yes`, `primer`, `2/3` after a bar."""
    bar: tuple[int, int] | None = None
    """(filled, empty) cells of the bar drawn before `value`, for a small int range."""
    change: str | None = None
    """What changed since the previous scene: `(+1)`, `(was primer)`."""


@dataclass(frozen=True, slots=True)
class PanelView:
    title: str
    """The panel's heading as the pack words it (story.yaml `panel.title`)."""
    rows: tuple[PanelRow, ...]
    """One per labelled variable; none when the story labels none."""


def panel_view(story: Story, values: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> PanelView:
    """The panel for `values`; a row whose value differs from `previous` says how."""
    rows = []
    for name, variable in story.variables.items():
        if not variable.label:
            continue
        value = values.get(name, variable.initial)
        labels = {v: story.value_labels.get(f"{name}={v}", v) for v in variable.values or ()}
        shown, bar = _value(variable, labels.get(value, value))
        change = None
        if previous is not None and name in previous and previous[name] != value:
            change = _change(variable, labels.get(previous[name], previous[name]), value)
        rows.append(PanelRow(variable.label, shown, bar, change))
    return PanelView(story.panel_title, tuple(rows))


def _value(variable: Variable, value: Any) -> tuple[str, tuple[int, int] | None]:
    if variable.type == "bool":
        return (_("yes") if value else _("no")), None
    if variable.type == "int" and variable.min is not None and variable.max is not None:
        span = variable.max - variable.min
        if 0 < span <= BAR_LIMIT:
            filled = value - variable.min
            return f"{value}/{variable.max}", (filled, span - filled)
    return str(value), None


def _change(variable: Variable, before: Any, after: Any) -> str:
    if variable.type == "int":
        return f"({after - before:+d})"
    return _("(was {value})").format(value=_("yes") if before is True else _("no") if before is False else before)
