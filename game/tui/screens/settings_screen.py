"""Settings: the theme (Textual's built-in themes, light and dark) and timed choices on or off.

Each change applies at once and is written to the player's profile in the save folder.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Switch
from textual.widgets.option_list import Option

from game.profile import Profile


class SettingsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("m", "toggle_timers", "Timers on/off"),
    ]

    @property
    def profile(self) -> Profile:
        return self.app.profile  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="settings"):
            with Horizontal(id="timers-row"):
                yield Switch(self.profile.settings.timers, id="timers")
                yield Label(self._timers_text(self.profile.settings.timers), id="timers-label")
            yield Label("Theme (Enter to apply):", id="theme-label")
            yield OptionList(*self._theme_options(), id="themes")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "Settings"
        self.sub_title = ""
        themes = self.query_one("#themes", OptionList)
        names = self._theme_names()
        if self.app.theme in names:
            themes.highlighted = names.index(self.app.theme)
        themes.focus()

    def _theme_names(self) -> list[str]:
        return sorted(self.app.available_themes)

    def _theme_options(self) -> list[Option]:
        options = []
        for name in self._theme_names():
            theme = self.app.available_themes[name]
            options.append(Option(Text.assemble(f"{name:<24}", ("dark" if theme.dark else "light", "dim")), id=name))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.app.theme = event.option.id
            self.notify(f"Theme: {event.option.id}.")

    @staticmethod
    def _timers_text(on: bool) -> str:
        if on:
            return "Timers ON: timed choices count down. (m switches)"
        return "Timers OFF: every scene waits for you. (m switches)"

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.query_one("#timers-label", Label).update(self._timers_text(event.value))
        if event.value != self.profile.settings.timers:
            self.app.set_timers(event.value)  # type: ignore[attr-defined]

    def action_toggle_timers(self) -> None:
        switch = self.query_one("#timers", Switch)
        switch.value = not switch.value

    def action_close(self) -> None:
        self.dismiss()
