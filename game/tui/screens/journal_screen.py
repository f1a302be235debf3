"""The journal: every scene read this game and the choice taken there, oldest first.

It opens at "you are here" (the current scene at the top), costs the same at scene 60 as at
scene 5 (the app lays the text out as the game goes, `JournalPages`; `JournalView` draws only
what is on screen), lists its contents by act and scene (c), and from any entry can go back
to that point of the game (b: undo to there, after asking).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from game.i18n.interface import _, ngettext
from game.transcript import act_name
from game.tui.dialogs.confirm_dialog import ConfirmDialog
from game.tui.journal_pages import JournalPages, column_width
from game.tui.playthrough import Playthrough
from game.tui.widgets.journal_view import JournalView


class JournalScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,j", "close", _("Back")),
        Binding("c", "contents", _("Contents")),
        Binding("b", "back_to_here", _("Go back to here")),
        Binding("p", "step(-1)", _("Previous")),
        Binding("n", "step(1)", _("Next")),
        Binding("home", "first", _("First"), show=False),
        Binding("end", "latest", _("You are here"), show=False),
    ]

    @property
    def playthrough(self) -> Playthrough:
        return self.app.playthrough  # type: ignore[attr-defined,no-any-return]

    @property
    def pages(self) -> JournalPages:
        return self.app.journal_pages  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(id="journal-toc")
        yield JournalView(self.pages, id="journal")
        yield Label(id="journal-here")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = _("Journal")
        self.sub_title = _("everything read and chosen")
        self.query_one("#journal-toc").display = False
        self.app.keep_journal()  # type: ignore[attr-defined]  # nothing left to lay out, unless just loaded
        view = self.query_one(JournalView)
        view.pages_changed()
        self.watch(view, "here", self._say_here)
        view.focus()
        self.call_after_refresh(self.action_latest)

    def on_resize(self) -> None:
        """A new width lays the journal out again, once, and keeps the entry at the top."""
        if column_width(self.app.size.width) == self.pages.width:
            return
        view = self.query_one(JournalView)
        here = view.here
        self.app.keep_journal()  # type: ignore[attr-defined]
        view.pages_changed()
        self.call_after_refresh(view.go_to, here)

    def _say_here(self, here: int) -> None:
        entries = self.pages.entries
        if not entries:
            return
        scene = entries[min(here, len(entries) - 1)][0]
        where = f"{act_name(scene.act)} · " if scene.act else ""
        tail = "  " + (_("you are here") if here >= len(entries) - 1 else _("b: go back to here"))
        place = _("{number} of {count}").format(number=here + 1, count=len(entries))
        self.query_one("#journal-here", Label).update(f" {where}{place}. {scene.title}{tail}")

    def action_first(self) -> None:
        self.query_one(JournalView).go_to(0)

    def action_latest(self) -> None:
        self.query_one(JournalView).go_to(len(self.pages.starts) - 1)

    def action_step(self, by: int) -> None:
        view = self.query_one(JournalView)
        view.go_to(view.here + by)

    def action_contents(self) -> None:
        """Show (or hide) the contents: each act, and each scene under it; Enter goes there."""
        toc = self.query_one("#journal-toc", OptionList)
        if toc.display:
            toc.display = False
            self.query_one(JournalView).focus()
            return
        options: list[Option] = []
        act = None
        for index, (scene, _chosen) in enumerate(self.pages.entries):
            if scene.act and scene.act != act:
                act = scene.act
                options.append(Option(Text(act_name(act), style="bold"), disabled=True))
            options.append(Option(f"  {index + 1}. {scene.title}", id=str(index)))
        toc.clear_options()
        toc.add_options(options)
        here = str(self.query_one(JournalView).here)
        toc.highlighted = next((i for i, option in enumerate(options) if option.id == here), None)
        toc.display = True
        toc.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_contents()
            self.query_one(JournalView).go_to(int(event.option.id))

    def action_back_to_here(self) -> None:
        """Undo to the entry at the top, after saying what is taken back (undo has no limit)."""
        entries = self.pages.entries
        here = self.query_one(JournalView).here
        if not entries or here >= len(entries) - 1:
            self.notify(_("This is where you are."), timeout=2)
            return
        scene = entries[here][0]
        later = len(entries) - 1 - here
        question = (
            ngettext(
                "Go back to {number}. {title}? The {later} choice after it will be taken back (save first, s, to keep this game).",
                "Go back to {number}. {title}? The {later} choices after it will be taken back (save first, s, to keep this game).",
                later,
            ).format(number=here + 1, title=scene.title, later=later)
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.start(lambda: self.playthrough.undo_to(scene.turn), failed=_("Cannot go back"))  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmDialog(question, _("Go back"), _("Stay")), answered)

    def action_close(self) -> None:
        toc = self.query_one("#journal-toc", OptionList)
        if toc.display:
            self.action_contents()
            return
        self.dismiss()
