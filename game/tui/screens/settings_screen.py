"""Settings: the theme (Textual's built-in themes, light and dark), timed choices on or off,
when a timed choice's clock starts (once the choices are in view, or after a reading allowance),
and the language (among those the pack or the game has a catalog for; it applies at the next
start, because the keys' names are worded as the game starts).

Each change applies at once and is written to the player's profile in the save folder. The
theme list previews each theme as the cursor reaches it (Enter keeps it, Escape goes back to
the one kept), and marks the theme in use with a dot.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Switch
from textual.widgets.option_list import Option

from game.errors import GameError
from game.i18n.interface import _
from game.profile import Profile


NATIVE_NAMES = {"en": "English", "fr": "Français"}
"""Each language by its own name, as a player looks for it."""


def language_name(tag: str) -> str:
    return NATIVE_NAMES.get(tag, NATIVE_NAMES.get(tag.split("_")[0], tag))


class SettingsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "close", _("Back")),
        Binding("m", "toggle_timers", _("Timers")),
        Binding("r", "toggle_timer_start", _("Clock starts")),
        Binding("k", "toggle_notes", _("Notes")),
        Binding("g", "next_language", _("Language")),
    ]

    _ready = False
    """False until the list has its starting highlight; no preview before."""

    @property
    def profile(self) -> Profile:
        return self.app.profile  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="settings"):
            with Horizontal(id="timers-row"):
                yield Switch(self.profile.settings.timers, id="timers")
                yield Label(self._timers_text(self.profile.settings.timers), id="timers-label")
            yield Label(self._start_text(), id="timer-start-label")
            yield Label(self._notes_text(), id="notes-label")
            yield Label(self._language_text(), id="language-label", markup=False)
            yield Label(_("Theme (previewed as you move; Enter keeps it):"), id="theme-label")
            yield OptionList(*self._theme_options(), id="themes")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = _("Settings")
        self.sub_title = ""
        themes = self.query_one("#themes", OptionList)
        names = self._theme_names()
        if self.app.theme in names:
            themes.highlighted = names.index(self.app.theme)
        themes.focus()
        self.call_after_refresh(self._now_ready)

    def _now_ready(self) -> None:
        """From here on a highlight is the player's: focusing the list highlights its first theme."""
        self._ready = True

    def _theme_names(self) -> list[str]:
        return sorted(self.app.available_themes)

    def _theme_options(self) -> list[Option]:
        options = []
        kept = self.profile.settings.theme
        for name in self._theme_names():
            theme = self.app.available_themes[name]
            mark = "● " if name == kept else "  "
            options.append(Option(Text.assemble(mark, f"{name:<24}", (_("dark") if theme.dark else _("light"), "dim")), id=name))
        return options

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self._ready and event.option.id and event.option.id != self.app.theme:
            self.app.preview_theme(event.option.id)  # type: ignore[attr-defined]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.app.keep_theme(event.option.id)  # type: ignore[attr-defined]
            themes = self.query_one("#themes", OptionList)
            highlighted = themes.highlighted
            themes.set_options(self._theme_options())
            themes.highlighted = highlighted
            self.notify(_("Theme: {name}.").format(name=event.option.id))

    @staticmethod
    def _timers_text(on: bool) -> str:
        if on:
            return _("Timers ON: timed choices count down. (m switches)")
        return _("Timers OFF: every scene waits for you. (m switches)")

    def _start_text(self) -> str:
        if self.profile.settings.timer_start == "reading":
            return _("Clock starts after a reading allowance, 4 words a second. (r switches)")
        return _("Clock starts once the end of the text is in view. (r switches)")

    def action_toggle_timer_start(self) -> None:
        """Switch when a timed clock starts; a scene on screen keeps its clock, the next one follows."""
        start = "in_view" if self.profile.settings.timer_start == "reading" else "reading"
        try:
            self.profile.update(timer_start=start)
        except GameError as err:
            self.notify(str(err), title=_("Settings not saved"), severity="error")
        self.query_one("#timer-start-label", Label).update(self._start_text())

    def _notes_text(self) -> str:
        if self.profile.settings.notes:
            return _("Notes ON: a line says when a choice will be remembered. (k switches)")
        return _("Notes OFF: choices are remembered without a word. (k switches)")

    def _languages(self) -> list[str]:
        """"" (the default: the environment's, when the pack has it), then each language there is."""
        from game.i18n.language import languages

        return ["", *languages(Path(self.app.story.root))]  # type: ignore[attr-defined]

    def _language_text(self) -> str:
        picked = self.profile.settings.language
        name = language_name(picked) if picked else _("automatic")
        return _("Language: {name}. (g switches, from the next start)").format(name=name)

    def action_next_language(self) -> None:
        """Pick the next language; it is kept in the profile and used when the game next starts."""
        options = self._languages()
        picked = self.profile.settings.language
        following = options[(options.index(picked) + 1) % len(options)] if picked in options else ""
        try:
            self.profile.update(language=following)
        except GameError as err:
            self.notify(str(err), title=_("Settings not saved"), severity="error")
        self.query_one("#language-label", Label).update(self._language_text())

    def action_toggle_notes(self) -> None:
        """Switch the acknowledgement lines; the next scene follows."""
        try:
            self.profile.update(notes=not self.profile.settings.notes)
        except GameError as err:
            self.notify(str(err), title=_("Settings not saved"), severity="error")
        self.query_one("#notes-label", Label).update(self._notes_text())

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.query_one("#timers-label", Label).update(self._timers_text(event.value))
        if event.value != self.profile.settings.timers:
            self.app.set_timers(event.value)  # type: ignore[attr-defined]

    def action_toggle_timers(self) -> None:
        switch = self.query_one("#timers", Switch)
        switch.value = not switch.value

    def action_close(self) -> None:
        """Back, with the kept theme: a preview the player did not pick is undone."""
        kept = self.profile.settings.theme
        if self.app.theme != kept and kept in self.app.available_themes:
            self.app.preview_theme(kept)  # type: ignore[attr-defined]
        self.dismiss()
