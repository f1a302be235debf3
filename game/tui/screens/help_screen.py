"""Help: the keys and how saving works, from `help.md` beside this module."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from game.i18n.interface import _, language

HELP = Path(__file__).with_name("help.md")
"""The help in English; `help.LANG.md` beside it is the same in another language."""


def help_text() -> str:
    """The help in the interface's language when it has been translated, else in English."""
    lang = language()
    for tag in (lang, lang.split("_")[0]) if lang else ():
        translated = HELP.with_name(f"help.{tag}.md")
        if translated.is_file():
            return translated.read_text(encoding="utf-8")
    return HELP.read_text(encoding="utf-8")


class HelpScreen(Screen[None]):
    BINDINGS = [Binding("escape,question_mark,f1", "close", _("Back"))]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-scroll"):
            yield Markdown(help_text(), id="help")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = _("Help")
        self.sub_title = ""
        self.query_one("#help-scroll", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss()
