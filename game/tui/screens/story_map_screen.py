"""The story map: the acts as a flowchart of every scene and choice found, across all games.

Detroit: Become Human's flowchart for a terminal. Found scenes show their titles, this
game's path and "you are here" stand out, and what is still to find is a dashed box with a
"?" (the shape of the story, never its text). Tab and Shift+Tab walk the scenes found; Enter
on a found ending reads it again. The layout and what is found come from `game.storymap`;
this screen only paints them and moves the selection.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Label

from game.storymap.canvas import draw
from game.storymap.discovery import Discovery, discover
from game.storymap.layout import Box, MapLayout, layout_for
from game.transcript import ending_kind
from game.tui.playthrough import Playthrough
from game.tui.widgets.story_map_view import StoryMapView
from game.i18n.interface import _, ngettext


class StoryMapScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,m", "close", _("Back")),
        Binding("tab", "step(1)", _("Next found"), priority=True),
        Binding("shift+tab", "step(-1)", _("Previous"), show=False, priority=True),
        Binding("enter", "open", _("Read ending")),
        Binding("c", "here", _("Here")),
    ]

    @property
    def playthrough(self) -> Playthrough:
        return self.app.playthrough  # type: ignore[attr-defined,no-any-return]

    def __init__(self) -> None:
        super().__init__()
        play = self.playthrough
        story, profile, session = play.story, play.profile, play.session
        self.map_layout: MapLayout = layout_for(story)
        self.found: Discovery = discover(
            story, profile.seen, profile.chosen, profile.endings,
            session.log if session else (), session.scene_id if session else None,
        )
        self.stops: list[Box] = sorted(
            (b for b in self.map_layout.boxes.values() if b.scene in self.found.scenes), key=lambda b: (b.y, b.x)
        )
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield StoryMapView(draw(self.map_layout, self.found).rows(), self.map_layout.width, id="map")
        yield Label("", id="map-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = _("Story map")
        story = self.playthrough.story
        endings = sum(1 for e in story.endings if e in self.playthrough.profile.endings)
        self.sub_title = ngettext(
            "{scenes} of {total} scenes, {endings} of {count} ending found", "{scenes} of {total} scenes, {endings} of {count} endings found", len(story.endings)
        ).format(scenes=len(self.found.scenes), total=len(story.scenes), endings=endings, count=len(story.endings))
        self.query_one(StoryMapView).focus()
        self.call_after_refresh(self.action_here)  # once the view has its size, so centring works

    def action_here(self) -> None:
        """Select the scene on screen in the game (or the story's start)."""
        target = self.found.here or self.playthrough.story.start
        self.index = next((n for n, b in enumerate(self.stops) if b.scene == target), 0)
        self._select()

    def action_step(self, by: int) -> None:
        if self.stops:
            self.index = (self.index + by) % len(self.stops)
            self._select()

    def action_open(self) -> None:
        box = self._box()
        if box is None or box.ending is None:
            self.notify(_("Only an ending can be read again: Tab to one (a double box)."), severity="warning", timeout=3)
            return
        from game.tui.screens.ending_reader_screen import EndingReaderScreen

        ending = self.playthrough.story.scenes[box.scene].ending
        assert ending is not None
        self.app.push_screen(EndingReaderScreen(ending.id))

    def action_close(self) -> None:
        self.dismiss()

    def _box(self) -> Box | None:
        return self.stops[self.index] if self.stops else None

    def _select(self) -> None:
        box = self._box()
        self.query_one(StoryMapView).select(box)
        if box is None:
            return
        title = " ".join(box.title)
        where = " " + _("(you are here)") if box.scene == self.found.here else " " + _("(this game)") if box.scene in self.found.path else ""
        ending = ", " + _("{kind}: Enter reads it again").format(kind=ending_kind(box.ending)) if box.ending else ""
        self.query_one("#map-status", Label).update(f"{title}{where}{ending}  ·  " + _("Tab: next found  ·  c: you are here"))
