"""A scene's prose at a readable width: paragraphs, with *italics* and **bold** honoured.

One `Static` holding Rich `Text` rather than Textual's `Markdown` widget: scene prose uses
only paragraphs and emphasis, and the Markdown widget mounts a widget per paragraph, which
cost more than everything else between a keypress and the next scene.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.widgets import Static

from game.views import SceneView
from game.transcript import ending_kind, the_end

_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*", re.DOTALL)


def prose_text(text: str) -> Text:
    """Plain prose with Markdown emphasis turned into styles; everything else stays literal."""
    out = Text()
    pos = 0
    for match in _EMPHASIS.finditer(text):
        out.append(text[pos : match.start()])
        if match.group(1) is not None:
            out.append(match.group(1), style="bold")
        else:
            out.append(match.group(2), style="italic")
        pos = match.end()
    out.append(text[pos:])
    return out


class SceneText(Static):
    """The text of one scene; the ending line, if any, closes it."""

    def show(self, view: SceneView, notes: bool = True) -> None:
        """`notes`: whether the choice's acknowledgement (`view.note`) opens the text, dimmed."""
        text = Text()
        if notes and view.note:
            text.append(view.note, style="dim italic")
            text.append("\n\n")
        text.append_text(prose_text(view.text.strip()))
        if view.ending is not None:
            text.append("\n\n")
            text.append(the_end(view.ending), style="bold")
            text.append(f" ({ending_kind(view.ending.kind)})", style="italic")
        self.update(text)
