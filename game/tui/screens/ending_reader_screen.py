"""One found ending, read again from the story map or the endings gallery."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header

from game.i18n.interface import N_, _
from game.session import SceneView
from game.storymap.reread import ending_view
from game.tui.widgets.scene_text import SceneText

GONE = N_(
    "This ending cannot be shown again: it was found before the game kept the way to it, or "
    "the story has changed since. Reach it once more and it will be here."
)


class EndingReaderScreen(Screen[None]):
    BINDINGS = [Binding("escape,q", "close", _("Back"))]

    def __init__(self, ending_id: str) -> None:
        super().__init__()
        self.ending_id = ending_id
        self.view: SceneView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reread-scroll"):
            yield SceneText(id="reread-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        app = self.app
        story, profile = app.playthrough.story, app.playthrough.profile  # type: ignore[attr-defined]
        self.view = ending_view(story, self.ending_id, profile.ending_paths.get(self.ending_id))
        scene = story.scenes.get(story.endings.get(self.ending_id, ""))
        self.title = _("Read again")
        self.sub_title = scene.ending.title if scene is not None and scene.ending is not None else self.ending_id
        text = self.query_one(SceneText)
        if self.view is None:
            text.update(Text(_(GONE), style="italic"))
        else:
            text.show(self.view, notes=False)
        self.query_one("#reread-scroll").focus()

    def action_close(self) -> None:
        self.dismiss()
