"""A scene's prose, rendered as Markdown (paragraphs, *italics*) at a readable width."""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.widgets import Markdown

from game.session import SceneView


class SceneText(Markdown):
    """The text of one scene; the ending line, if any, closes it."""

    def show(self, view: SceneView) -> AwaitComplete:
        text = view.text.strip()
        if view.ending is not None:
            text += f"\n\n**THE END: {view.ending.title}** *({view.ending.kind} ending)*"
        return self.update(text)
