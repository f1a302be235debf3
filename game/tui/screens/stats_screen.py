"""This game in numbers: where the player is, how long and how far they have played."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from game.i18n.interface import _, ngettext
from game.transcript import act_name
from game.tui.playthrough import Playthrough
from game.tui.screens.saves_screen import duration


class StatsScreen(Screen[None]):
    BINDINGS = [Binding("escape,t", "close", _("Back"))]

    @property
    def playthrough(self) -> Playthrough:
        return self.app.playthrough  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-scroll"):
            yield Static(self.table(), id="stats")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = _("Stats")
        self.sub_title = _("this game")

    def rows(self) -> list[tuple[str, str]]:
        """The figures shown, as (label, value) pairs."""
        playthrough = self.playthrough
        session = playthrough.session
        if session is None:
            return [(_("Game"), _("none in progress"))]
        story = playthrough.story
        view = session.view()
        journal = playthrough.journal()
        seen = {v.id for v, _chosen in journal}
        acts = sorted({v.act for v, _chosen in journal if v.act})
        endings = story.endings
        found = set(endings) & set(playthrough.profile.endings)
        return [
            (_("Story"), story.title),
            (_("Now"), f"{act_name(view.act)} · {view.title}" if view.act else view.title),
            (_("Choices made"), str(view.turn)),
            (_("Undo"), _undo_reach(session.undo_depth)),
            (_("Scenes seen this game"), _("{number} of {count}").format(number=len(seen), count=len(story.scenes))),
            (_("Acts reached"), ", ".join(act_name(a) for a in acts) or "-"),
            (_("Play time"), duration(playthrough.playtime)),
            (_("Endings found (all games)"), _("{number} of {count}").format(number=len(found), count=len(endings))),
            (_("Saves in the folder"), str(len(playthrough.store.slots()))),
        ]

    def table(self) -> Table:
        table = Table(show_header=False, box=None, padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for label, value in self.rows():
            table.add_row(label, value)
        return table

    def action_close(self) -> None:
        self.dismiss()


def _undo_reach(depth: int) -> str:
    """How far undo reaches, in choices: a number says more than "available"."""
    if depth == 0:
        return _("nothing to undo")
    return ngettext("{count} choice back", "{count} choices back", depth).format(count=depth)
