"""The journal: every scene read this game and the choice taken there, oldest first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from game.transcript import act_name
from game.tui.playthrough import Playthrough


class JournalScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,j", "close", "Back"),
        Binding("home", "top", "Top"),
        Binding("end", "bottom", "Latest"),
    ]

    @property
    def playthrough(self) -> Playthrough:
        return self.app.playthrough  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="journal-scroll"):
            yield Markdown(self.backlog(), id="journal")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "Journal"
        self.sub_title = "everything read and chosen"
        scroll = self.query_one("#journal-scroll", VerticalScroll)
        scroll.focus()
        self.call_after_refresh(scroll.scroll_end, animate=False)

    def backlog(self) -> str:
        """The journal as Markdown: each scene's title and prose, then the choice taken."""
        parts: list[str] = []
        act = 0
        session = self.playthrough.session
        entries = session.journal() if session is not None else []
        for view, chosen in entries:
            if view.act and view.act != act:
                act = view.act
                parts.append(f"# {act_name(act)}")
            parts.append(f"## {view.title}")
            parts.append(view.text.strip())
            if chosen is not None:
                parts.append(f"> **You chose:** {chosen.text}")
            elif view.ending is not None:
                parts.append(f"**THE END: {view.ending.title}** *({view.ending.kind} ending)*")
            else:
                parts.append("*(You are here.)*")
        return "\n\n".join(parts)

    def action_top(self) -> None:
        self.query_one("#journal-scroll", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#journal-scroll", VerticalScroll).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss()
