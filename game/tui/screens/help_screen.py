"""Help: the keys and how saving works, from `help.md` beside this module."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

HELP = Path(__file__).with_name("help.md")


class HelpScreen(Screen[None]):
    BINDINGS = [Binding("escape,question_mark,f1", "close", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-scroll"):
            yield Markdown(HELP.read_text(encoding="utf-8"), id="help")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "Help"
        self.sub_title = ""
        self.query_one("#help-scroll", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss()
