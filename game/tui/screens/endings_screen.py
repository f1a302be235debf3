"""The endings gallery: every ending of the story, found ones with the date, others locked.

A locked ending shows its kind and act, never its title: a hint at where to look that
spoils nothing.

What was found persists in the player's profile in the save folder, across games.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from game.i18n.interface import N_, _
from game.transcript import act_name, kind_word
from game.tui.playthrough import Playthrough
from game.tui.screens.saves_screen import saved_when
from game.tui.widgets.reread_list import RereadList

LOCKED = N_("??? (locked)")


class EndingsScreen(Screen[None]):
    BINDINGS = [Binding("escape,e", "close", _("Back"))]

    @property
    def playthrough(self) -> Playthrough:
        return self.app.playthrough  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        found, total = self.counts()
        yield Label(_("{found} of {total} endings found. Locked endings are still out there.").format(found=found, total=total), id="endings-summary")
        with VerticalScroll(id="endings-scroll"):
            yield Static(self.table(), id="endings")
            yield RereadList(self.found(), id="endings-reread")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = _("Endings")
        self.sub_title = _("gallery")
        self._show_reread()

    def counts(self) -> tuple[int, int]:
        endings = self.playthrough.story.endings
        return len(set(endings) & set(self.playthrough.profile.endings)), len(endings)

    def entries(self) -> list[tuple[str, str, str]]:
        """(title, kind, when found) for every ending; locked ones hide the title, and say the
        act where the when would be."""
        story = self.playthrough.story
        reached = self.playthrough.profile.endings
        rows = []
        for ending_id, scene_id in story.endings.items():
            ending = story.scenes[scene_id].ending
            assert ending is not None
            if ending_id in reached:
                rows.append((ending.title, ending.kind, saved_when(reached[ending_id])))
            else:
                act = story.scenes[scene_id].act
                rows.append((LOCKED, ending.kind, _("somewhere in {act}").format(act=act_name(act)) if act else ""))
        return rows

    def table(self) -> Table:
        table = Table(box=None, padding=(0, 2), expand=True)
        table.add_column(_("Ending"), ratio=3)
        table.add_column(_("Kind"), ratio=1)
        table.add_column(_("First reached"), no_wrap=True)
        for title, kind, when in self.entries():
            style = "dim italic" if title == LOCKED else "bold"
            table.add_row(Text(_(title) if title == LOCKED else title, style=style), kind_word(kind), when)
        return table

    def found(self) -> list[tuple[str, str]]:
        """(id, title) of each ending found, in the story's order."""
        story, reached = self.playthrough.story, self.playthrough.profile.endings
        return [(e, story.scenes[s].ending.title) for e, s in story.endings.items() if e in reached and story.scenes[s].ending]  # type: ignore[union-attr]

    def _show_reread(self) -> None:
        """The list of endings to read again, focused so Enter reads the first; hidden with none found."""
        reread = self.query_one(RereadList)
        reread.display = bool(self.found())
        if reread.display:
            reread.focus()

    def on_reread_list_picked(self, event: RereadList.Picked) -> None:
        from game.tui.screens.ending_reader_screen import EndingReaderScreen

        self.app.push_screen(EndingReaderScreen(event.ending_id))

    def action_close(self) -> None:
        self.dismiss()
