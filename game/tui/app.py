"""The Textual app: screens over one `Playthrough`, settings from the player's profile.

The app owns the playthrough (session, save folder, profile, clock) and the moves that
several screens share: starting, continuing and loading a game, and opening the other
screens. Every action is also a command in the palette (`get_system_commands`). No game
rule lives here; every `GameError` becomes a notification, never a traceback.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from game.errors import GameError, SaveError
from game.i18n.interface import N_, _, ngettext
from game.profile import DEFAULT_THEME, FILE_NAME as PROFILE, Profile
from game.tui.screens.title_screen import TitleScreen

if TYPE_CHECKING:
    from game.preview import Preview
    from game.save_folders import Elsewhere
    from game.saves import SaveStore
    from game.story.model import Story
    from game.tui.journal_pages import JournalPages
    from game.tui.playthrough import Playthrough, Step

# Everything that needs the loaded story (the loader and its pydantic models, the session, the
# saves, the story screen) is imported once it is needed, and the other screens and dialogs
# where they open: the title screen's first frame needs none of them (issue 15).


def _story_screen() -> type[Screen[None]]:
    from game.tui.screens.story_screen import StoryScreen

    return StoryScreen


def _is_story_screen(screen: object) -> bool:
    """Whether `screen` is the story screen, without importing it before any game is shown."""
    module = sys.modules.get("game.tui.screens.story_screen")
    return module is not None and isinstance(screen, module.StoryScreen)


TEXTUAL_COMMANDS = (
    N_("Theme"), N_("Change the current theme"), N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"), N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"), N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)
"""The titles and help of Textual's own palette commands, as Textual words them: marked here so
the interface catalog carries them; `get_system_commands` shows them translated."""


class LostBulletApp(App[int]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere find it
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+p", "command_palette", _("palette"), show=False, priority=True, tooltip=_("Open the command palette"))]
    """Textual's own palette key, worded in the game's language (Textual adds its English one
    only when the app has none)."""
    NOTIFICATION_TIMEOUT = 3
    """Seconds a notification stays: they report, they do not need reading twice (Textual's is 5)."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (100, "-wide")]
    """Classes every screen gets by width (app.tcss): under 100 columns the side panel is a drawer."""

    def __init__(
        self,
        story: Story | Path,
        saves: Path,
        *,
        seed: int | None = None,
        load: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        watch: Path | None = None,
        other_saves: Sequence[Path] = (),
        language: str = "",
        title: str = "",
        preview: Preview | None = None,
    ) -> None:
        """`story` is the loaded story, or the pack to load behind the title screen (then
        `title`, from `game.story.title.quick_title`, is what the title screen shows meanwhile),
        or behind the story screen showing `preview`, the preview of the save `load` (issue 15)."""
        super().__init__()
        self.watch_folder = watch
        self.pack_errors: list[str] = []
        """`play --watch`: the errors of the pack on disk, shown until it loads again."""
        self.other_saves = list(other_saves)
        """Other save folders the game knows (`game.paths.known_save_folders`): where Continue's
        saves may be when this folder has none; the title screen offers to copy them over."""
        """`play --watch`: the scene pack to reload whenever one of its files changes."""
        self.saves_folder = saves
        self.profile = Profile.load(saves)
        self.language = language
        """The language the game is shown in ("" for the source); a reloaded pack is shown in it too."""
        self.load_at_start = load
        self._previewing: str | None = None
        """The theme Settings shows as a preview: not written to the profile unless picked."""
        self._seed, self._clock = seed, clock
        self.pack: Path | None = None
        """The pack still loading behind the title screen (None once `story` is loaded)."""
        self.pack_failure: GameError | OSError | None = None
        """Why that pack did not load: the command prints it as before and exits non-zero."""
        self._when_ready: list[Callable[[], object]] = []
        """Moves asked for while the pack loads (New game, Continue...), made once it has."""
        self.preview = preview if isinstance(story, Path) and load is not None else None
        """The save preview the story screen shows until the pack, then the save `load`, has loaded."""
        if isinstance(story, Path):
            self.pack = story
            self.title = title
        else:
            self._adopt(story)
        theme = self.profile.settings.theme
        self.theme = theme if theme in self.available_themes else DEFAULT_THEME

    @property
    def ready(self) -> bool:
        """Whether the story is loaded: until then the title screen shows and moves wait."""
        return self.pack is None

    @property
    def clock(self) -> Callable[[], float]:
        """The clock play time and countdowns are counted on."""
        return self._clock

    def _adopt(self, story: Story) -> None:
        """Build what plays `story`: the save store, the playthrough, the journal's pages."""
        from game.saves import SaveStore
        from game.tui.journal_pages import JournalPages
        from game.tui.playthrough import Playthrough

        self.story = story
        self.store: SaveStore = SaveStore(self.saves_folder, story, self.language)
        self.playthrough: Playthrough = Playthrough(story, self.store, self.profile, seed=self._seed, clock=self._clock)
        if self.language:
            from game.i18n.language import localise

            language = self.language
            self.playthrough.localise = lambda story: localise(story, language)
        self.journal_pages: JournalPages = JournalPages()
        """The journal laid out as the game goes (`keep_journal`), so opening it is instant."""
        self.title = story.title
        self.pack = None

    def _load_pack(self) -> None:
        """Load and check the pack (a thread worker, after the title's first frame)."""
        from game.story.loader import load_story

        pack = self.pack
        assert pack is not None
        try:
            story = load_story(pack)
            if self.language:  # only `play --load` of a save shown in it loads a language behind a screen
                from game.i18n.language import localise

                story = localise(story, self.language)
        except (GameError, OSError) as err:  # the command reports it as it did before the game started
            self.call_from_thread(self._pack_failed, err)
            return
        # Imported here, off the UI thread, so New game does not wait for them either.
        import game.tui.journal_pages, game.tui.playthrough, game.tui.screens.story_screen  # noqa: F401, E401

        self.call_from_thread(self._pack_loaded, story)

    def _pack_loaded(self, story: Story) -> None:
        self._adopt(story)
        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen):
                screen.story_loaded()
        waiting, self._when_ready = self._when_ready, []
        if self.preview is not None and not self._load_previewed():
            return  # the moves were asked for on a game that did not load
        for move in waiting:
            move()

    def _load_previewed(self) -> bool:
        """Load the save whose preview is on screen, through the same path as any load; on
        failure, back to the title screen with the reason, as `--load` of a bad save does."""
        self.preview = None
        if self._load_at_start():
            return True
        story = next((s for s in self.screen_stack if _is_story_screen(s)), None)
        while story is not None and self.screen is not story:
            self.pop_screen()
        if story is not None:
            self.close_story()
        return False

    def close_story(self) -> None:
        """Leave the story screen (on top) for the title screen below it. A game started on a
        save's preview has none below (the first frame was the story screen's alone): there, the
        story screen gives way to a new title screen."""
        if any(isinstance(s, TitleScreen) for s in self.screen_stack):
            self.pop_screen()
        else:
            self.switch_screen(TitleScreen())

    def _pack_failed(self, err: GameError | OSError) -> None:
        self.pack_failure = err
        self.exit(1)

    def wait_for_story(self, move: Callable[[], object]) -> bool:
        """True (and `move` kept for later) while the pack is still loading: the title's moves,
        and the story screen's while it shows a save's preview."""
        if self.ready:
            return False
        self._when_ready = [move]  # the last key pressed wins, as it would on a loaded title
        if isinstance(self.screen, TitleScreen):
            self.screen.show_loading()
        return True

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.preview is not None:  # the save as it was shown, while the pack and then the save load
            self.push_screen(_story_screen()(preview=self.preview))  # type: ignore[call-arg]
        else:
            self.push_screen(TitleScreen())
        if self.pack is not None:  # after the first frame, so the title shows at once
            self.call_after_refresh(lambda: self.run_worker(self._load_pack, thread=True, group="pack", exit_on_error=True))
        if self.profile.problem:
            self.notify(self.profile.problem, title=_("Settings"), severity="warning", timeout=10)
        if self.profile.settings.theme not in self.available_themes:
            self.notify(_("Unknown theme {name!r}: using {default}.").format(name=self.profile.settings.theme, default=DEFAULT_THEME), severity="warning")
        if self.load_at_start and self.preview is None and not self.wait_for_story(self._load_at_start):
            self._load_at_start()
        if self.watch_folder is not None:
            self.run_worker(self._watch_scenes(self.watch_folder), group="watch", exclusive=True)

    def _load_at_start(self) -> bool:
        return self.start(lambda: self.playthrough.load(self.load_at_start or ""), failed=_("Cannot load that save"))

    async def _watch_scenes(self, folder: Path) -> None:
        """Reload the pack on every change; a broken edit is shown and the last good story plays on."""
        import asyncio

        from watchfiles import awatch  # deferred: only `play --watch` watches files

        async for _changes in awatch(folder, debounce=200, step=50, watch_filter=lambda _change, path: path.endswith(".yaml")):
            step, errors = await asyncio.to_thread(self.playthrough.reload, folder)
            self.pack_errors = errors
            self._show_pack_errors()
            if errors:
                continue
            self.story = self.playthrough.story
            if step is not None and any(_is_story_screen(s) for s in self.screen_stack):
                self.show_game(step)
            note = f" {step.notice}" if step is not None and step.notice else ""
            self.notify(_("{count} scenes.").format(count=len(self.story.scenes)) + note, title=_("Scenes reloaded"), severity="warning" if note else "information")

    def _show_pack_errors(self) -> None:
        """Show `pack_errors` in a panel on the title and story screens, or take it away."""
        from game.tui.widgets.diagnostics_panel import clear_errors, show_errors  # only `--watch` needs it

        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen) or _is_story_screen(screen):
                if self.pack_errors:
                    show_errors(screen, self.pack_errors)
                else:
                    clear_errors(screen)

    # Starting and resuming a game

    def start(self, move: Callable[[], Step], failed: str | None = None) -> bool:
        """Make `move` (new game, load...) and show its scene; a `GameError` is only reported."""
        try:
            step = move()
        except GameError as err:
            self.notify(str(err), title=failed or _("Cannot start"), severity="error", timeout=10)
            return False
        self.show_game(step)
        return True

    def show_game(self, step: Step) -> None:
        """Bring the story screen to the front with `step`, closing whatever is above it.

        Started from the title screen (or a screen above it), the story screen goes right
        above the title, so Escape always leads back there.
        """
        story = next((s for s in self.screen_stack if _is_story_screen(s)), None)
        base = story or next((s for s in self.screen_stack if isinstance(s, TitleScreen)), None)
        while base is not None and self.screen is not base:
            self.pop_screen()
        if story is None:
            self.push_screen(_story_screen()(step))  # type: ignore[call-arg]
            if self.pack_errors:  # a story screen opened while the pack is broken shows it too
                self.call_after_refresh(self._show_pack_errors)
        else:
            story.show(step, fresh=True)  # type: ignore[attr-defined]

    def load_game(self, slot: str, shown: str | None = None) -> None:
        """Load `slot`, asking first when that leaves a game with choices the save lacks (F9 sits
        next to F8 and F10); the game left is kept as 'before load' either way."""
        from game.tui.dialogs.confirm_dialog import ConfirmDialog  # deferred, as every screen but the title's

        if self.wait_for_story(lambda: self.load_game(slot, shown)):
            return
        failed = _("Cannot load '{name}'").format(name=shown or slot)
        try:
            leaving = self.playthrough.leaving(slot)
        except GameError:
            leaving = None
        if leaving is None:
            self.start(lambda: self.playthrough.load(slot), failed=failed)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.start(lambda: self.playthrough.load(slot), failed=failed)

        question = _(
            "Load '{name}'? You leave your game at {where}; it is kept as the "
            "'before load' save, so loading that takes you back."
        ).format(name=shown or slot, where=leaving)
        self.push_screen(ConfirmDialog(question, _("Load"), _("Keep playing")), answered)

    def action_new_game(self) -> None:
        from game.tui.dialogs.confirm_dialog import ConfirmDialog

        if self.wait_for_story(self.action_new_game):
            return
        if not self.playthrough.active and not self.store.exists("autosave"):
            self.start(self.playthrough.new)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.start(self.playthrough.new)

        self.push_screen(
            ConfirmDialog(_("Start a new game? Continue will then follow the new game; your other saves are kept."), _("New game"), _("Cancel")),
            answered,
        )

    def saves_elsewhere(self) -> list[Elsewhere]:
        """The other folders holding saves while this folder has none (file names only: cheap)."""
        from game.save_folders import holds_saves, saves_elsewhere

        if not self.other_saves or holds_saves(self.saves_folder):
            return []
        return saves_elsewhere(self.saves_folder, self.other_saves)

    def action_bring_saves(self) -> None:
        """Copy the saves of the first other folder that has some into this one (never over a file)."""
        from game.save_folders import bring_over

        if self.wait_for_story(self.action_bring_saves):
            return
        found = self.saves_elsewhere()
        if not found:
            return
        source = found[0]
        try:
            copied = bring_over(source, self.store.folder)
        except SaveError as err:
            self.notify(str(err), title=_("Saves not copied"), severity="error", timeout=10)
            return
        if PROFILE in copied:  # the endings found and the settings came too
            self.profile = self.playthrough.profile = Profile.load(self.store.folder)
        saves = [name for name in copied if name != PROFILE]
        self.notify(
            ngettext(
                "Copied {count} save from {folder}; the originals stay there.",
                "Copied {count} saves from {folder}; the originals stay there.",
                len(saves),
            ).format(count=len(saves), folder=source.folder),
            title=_("Saves brought over"),
        )
        if isinstance(self.screen, TitleScreen):
            self.screen.refresh_menu()

    def action_continue(self) -> None:
        if _is_story_screen(self.screen) or self.wait_for_story(self.action_continue):
            return
        from game.tui.playthrough import Step

        if self.playthrough.active:
            self.show_game(Step(self.playthrough.view))
        else:
            self.start(self.playthrough.continue_, failed=_("Cannot continue"))

    # Other screens

    def action_saves(self, mode: str) -> None:
        if self.wait_for_story(lambda: self.action_saves(mode)):
            return
        if mode == "save" and not self.playthrough.active:
            self.notify(_("There is no game to save yet."), severity="warning")
            return
        from game.tui.screens.saves_screen import SavesScreen

        self._open(SavesScreen(mode))

    def action_journal(self) -> None:
        if self._needs_game():
            from game.tui.screens.journal_screen import JournalScreen

            self._open(JournalScreen())

    def keep_journal(self) -> None:
        """Lay out the journal's new entries now (one per scene played), not when it opens."""
        from game.tui.journal_pages import column_width

        if self.ready and self.playthrough.active:
            self.journal_pages.sync(self.playthrough.journal(), column_width(self.size.width), self.console)

    def action_stats(self) -> None:
        if self._needs_game():
            from game.tui.screens.stats_screen import StatsScreen

            self._open(StatsScreen())

    def action_endings(self) -> None:
        if self.wait_for_story(self.action_endings):
            return
        from game.tui.screens.endings_screen import EndingsScreen

        self._open(EndingsScreen())

    def action_story_map(self) -> None:
        if self.wait_for_story(self.action_story_map):
            return
        from game.tui.screens.story_map_screen import StoryMapScreen

        self._open(StoryMapScreen())

    def action_settings(self) -> None:
        if self.wait_for_story(self.action_settings):
            return
        from game.tui.screens.settings_screen import SettingsScreen

        self._open(SettingsScreen())

    def action_help(self) -> None:
        from game.tui.screens.help_screen import HelpScreen

        self._open(HelpScreen())

    def _open(self, screen: Screen[None]) -> None:
        if type(self.screen) is not type(screen):
            self.push_screen(screen)

    def _needs_game(self) -> bool:
        if not self.ready or not self.playthrough.active:
            self.notify(_("Start or continue a game first."), severity="warning")
        return self.playthrough.active

    async def action_quit(self) -> None:
        self.exit(0)

    def on_unmount(self) -> None:
        """However the app ends (Ctrl+Q, a closed browser tab), the autosave gets the latest play time."""
        if not self.ready:
            return
        self.playthrough.pause_clock()
        self.playthrough.autosave()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """As `App.notify`, but messages are plain text: story titles and file errors may hold brackets."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # Settings

    def set_timers(self, on: bool) -> None:
        try:
            self.profile.update(timers=on)
        except GameError as err:
            self.notify(str(err), title=_("Settings not saved"), severity="error")
        self.notify(_("Timed choices count down.") if on else _("Timers are off: timed choices wait for you."))

    def preview_theme(self, name: str) -> None:
        """Show theme `name` without keeping it (Settings, as the cursor moves)."""
        self._previewing = name  # the change signal comes later, so it is told by name
        self.theme = name

    def keep_theme(self, name: str) -> None:
        """Apply theme `name` and write it to the profile."""
        self._previewing = None
        self.theme = name
        if name == self.profile.settings.theme:
            return
        try:
            self.profile.update(theme=name)
        except GameError as err:
            self.notify(str(err), title=_("Settings not saved"), severity="error")

    def _theme_changed(self, theme: Theme) -> None:
        """Any theme applied (the palette's picker too) is kept, except a Settings preview."""
        if theme.name != self._previewing:
            self.keep_theme(theme.name)

    # The command palette

    def action_command_palette(self) -> None:
        """Textual's palette, its search line worded in the game's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            yield command._replace(title=_(command.title), help=_(command.help))
        if not self.ready:
            yield SystemCommand(_("Help"), _("Keys and how saving works (?)"), self.action_help)
            return
        if _is_story_screen(screen):
            yield SystemCommand(_("Undo"), _("Take back the last choice (u)"), screen.action_undo)  # type: ignore[attr-defined]
            yield SystemCommand(_("Quicksave"), _("Save to the quicksave slot (F5)"), screen.action_quicksave)
            yield SystemCommand(_("Quickload"), _("Go back to the quicksave (F9)"), screen.action_quickload)
            yield SystemCommand(_("Side panel"), _("Show or hide the side panel: {title} (i)").format(title=self.story.panel_title), screen.action_toggle_panel)
            yield SystemCommand(_("Title screen"), _("Leave the story for the title screen; Continue brings you back (Escape)"), screen.action_menu)
            for number, choice in enumerate(screen.playthrough.view.choices, 1):
                yield SystemCommand(_("Choose {number}: {choice}").format(number=number, choice=choice.text), _("Take this choice"), _bind(screen.action_choose, number))
        else:
            yield SystemCommand(_("New game"), _("Start the story from the beginning"), self.action_new_game)
            yield SystemCommand(_("Continue"), _("Resume the game in progress (the autosave)"), self.action_continue)
        if self.playthrough.active:
            yield SystemCommand(_("Save"), _("Save to a named slot (s)"), lambda: self.action_saves("save"))
            yield SystemCommand(_("Journal"), _("Everything read and chosen so far (j)"), self.action_journal)
            yield SystemCommand(_("Stats"), _("This game in numbers (t)"), self.action_stats)
        yield SystemCommand(_("Load"), _("Load a saved game (l)"), lambda: self.action_saves("load"))
        yield SystemCommand(_("Endings"), _("The endings gallery (e)"), self.action_endings)
        yield SystemCommand(_("Story map"), _("Every scene and choice you have found, as a flowchart (m)"), self.action_story_map)
        yield SystemCommand(_("Settings"), _("Theme, timers and language"), self.action_settings)
        yield SystemCommand(_("Timers on"), _("Timed choices count down"), lambda: self.set_timers(True))
        yield SystemCommand(_("Timers off"), _("Timed choices wait for you"), lambda: self.set_timers(False))
        yield SystemCommand(_("Help"), _("Keys and how saving works (?)"), self.action_help)


def _bind(action: Callable[[int], None], number: int) -> Callable[[], None]:
    return lambda: action(number)
