"""The title screen: New game, Continue (the autosave), Load, Endings, Settings, Quit.

Continue is offered only for an autosave that loads; a damaged one, or one of another story,
is named with the reason, and New game keeps it aside (the save store does that). When this
save folder has no saves but another folder the game knows does, the screen says where they
are and offers to copy them here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.i18n.interface import _, ngettext

if TYPE_CHECKING:  # the rest needs the loaded story: imported once it is (issue 15)
    from game.saves import SaveInfo
    from game.tui.playthrough import Playthrough


class TitleScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "app.new_game", _("New game"), show=False),
        Binding("c", "app.continue", _("Continue"), show=False),
        Binding("l", "app.saves('load')", _("Load"), show=False),
        Binding("e", "app.endings", _("Endings"), show=False),
        Binding("o", "app.settings", _("Settings"), show=False),
        Binding("m", "app.story_map", _("Story map"), show=False),
        Binding("b", "app.bring_saves", _("Bring saves over"), show=False),
        Binding("question_mark,f1", "app.help", _("Help")),
        Binding("q", "app.quit", _("Quit")),
    ]

    @property
    def playthrough(self) -> Playthrough:
        return self.app.playthrough  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(Text(self.app.title.upper(), style="bold"), id="game-title")
            yield Static(Text(_("the text adventure"), style="italic"), id="game-subtitle")
            with Center():
                yield OptionList(id="menu")
            yield Label("", id="title-status", markup=False)
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        self.refresh_menu()

    def story_loaded(self) -> None:
        """The pack has loaded behind this screen: its title as loaded, the whole menu."""
        self.query_one("#game-title", Static).update(Text(self.app.title.upper(), style="bold"))
        self.refresh_menu()

    def show_loading(self) -> None:
        """Say that a move waits for the story (pressed before it had loaded)."""
        self.query_one("#title-status", Label).update(_("Loading the story…"))

    def refresh_menu(self) -> None:
        """Rebuild the menu: Continue names the scene it resumes, or why it cannot."""
        menu = self.query_one("#menu", OptionList)
        if not self.app.ready:  # type: ignore[attr-defined]
            self._loading_menu(menu)
            return
        from game.saves import AUTOSAVE
        from game.transcript import act_name

        status = ""
        can_continue = False
        if self.playthrough.active:
            view = self.playthrough.view
            resume = f"{act_name(view.act)} · {view.title}" if view.act else view.title
            can_continue = True
        else:
            info = next((s for s in self.playthrough.store.slots() if s.slot == AUTOSAVE), None)
            resume = _describe(info)
            can_continue = info is not None and info.error is None
            if info is not None and info.error is not None:
                status = _("The autosave cannot be continued: {why}. New game keeps it aside; Load still works.").format(why=info.error)
        elsewhere = [] if self.playthrough.active else self.app.saves_elsewhere()  # type: ignore[attr-defined]
        bring: list[Option] = []
        if elsewhere:
            first = elsewhere[0]
            count = ngettext("{count} save", "{count} saves", len(first.slots)).format(count=len(first.slots))
            status = _("No saves here, but {count} in {folder}: b copies them here (the originals stay; nothing is overwritten).").format(count=count, folder=first.folder)
            bring = [Option(_item("b", _("Bring saves over"), _("{count} from {folder}").format(count=count, folder=first.folder)), id="bring")]
        menu.clear_options()
        menu.add_options(
            [
                Option(_item("n", _("New game")), id="new"),
                Option(_item("c", _("Continue"), resume), id="continue", disabled=not can_continue),
                *bring,
                Option(_item("l", _("Load a saved game")), id="load"),
                Option(_item("e", _("Endings"), self._endings_line()), id="endings"),
                Option(_item("o", _("Settings")), id="settings"),
                Option(_item("q", _("Quit")), id="quit"),
            ]
        )
        menu.highlighted = 1 if can_continue else 0
        menu.focus()
        self.query_one("#title-status", Label).update(status)

    def _loading_menu(self, menu: OptionList) -> None:
        """The menu while the pack loads: every entry there, Continue and Endings not yet told."""
        waiting = _("loading…")
        menu.clear_options()
        menu.add_options(
            [
                Option(_item("n", _("New game")), id="new"),
                Option(_item("c", _("Continue"), waiting), id="continue"),
                Option(_item("l", _("Load a saved game")), id="load"),
                Option(_item("e", _("Endings"), waiting), id="endings"),
                Option(_item("o", _("Settings")), id="settings"),
                Option(_item("q", _("Quit")), id="quit"),
            ]
        )
        menu.highlighted = 0
        menu.focus()

    def _endings_line(self) -> str:
        endings = self.playthrough.story.endings
        found = len(set(endings) & set(self.playthrough.profile.endings))
        return _("{found} of {total} found").format(found=found, total=len(endings))

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        app = self.app
        action = event.option.id
        if action == "new":
            app.action_new_game()  # type: ignore[attr-defined]
        elif action == "continue":
            app.action_continue()  # type: ignore[attr-defined]
        elif action == "bring":
            app.action_bring_saves()  # type: ignore[attr-defined]
        elif action == "load":
            app.action_saves("load")  # type: ignore[attr-defined]
        elif action == "endings":
            app.action_endings()  # type: ignore[attr-defined]
        elif action == "settings":
            app.action_settings()  # type: ignore[attr-defined]
        elif action == "quit":
            await app.action_quit()  # type: ignore[attr-defined]


def _item(key: str, label: str, detail: str = "") -> Text:
    text = Text.assemble((f"{key}  ", "dim"), (label, "bold"))
    if detail:
        text.append(f"  {detail}", style="italic")
    return text


def _describe(info: SaveInfo | None) -> str:
    from game.transcript import act_name
    from game.tui.screens.saves_screen import played

    if info is None:
        return _("(no game in progress)")
    if info.other_story is not None:
        return _("(the autosave is of another story)")
    if info.error is not None:
        return _("(the autosave is damaged)")
    where = f"{act_name(info.act)} · {info.scene_title}" if info.act else info.scene_title
    return f"{where} · {played(info.playtime)}"
