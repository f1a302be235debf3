"""The game screen: the scene's prose, its choices, a countdown when timed, and the side panel.

It renders the view a `Step` carries and sends the player's moves to the app's
`Playthrough`; every `GameError` becomes a notification. The bindings of play (choose,
undo, saves, journal...) are declared here, on the screen that owns them.

`play --load` opens it on a save's `Preview` before the pack has loaded (issue 15): the
screen is whole, but the game is not there yet, so a move waits for it (the last one asked
for is made once the save has loaded, if the scene on screen is still the one it was asked
on), and a timed scene's countdown waits held until the real session starts it. The module
imports nothing that needs the story model for that first frame.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList

from game.errors import GameError, NothingToUndo
from game.headline import headline
from game.i18n.interface import _
from game.transcript import ending_kind, the_end
from game.tui import prose_fit
from game.tui.screens.act_card import ActCard, crosses_act
from game.tui.widgets.choice_list import ChoiceList
from game.tui.text_fit import one_line
from game.tui.widgets.countdown import Countdown, reading_allowance
from game.tui.widgets.ending_menu import EndingMenu
from game.tui.widgets.inventory_panel import InventoryPanel
from game.tui.widgets.scene_text import SceneText
from game.views import SceneView

if TYPE_CHECKING:  # they need the story model: the first frame of `play --load` comes before it
    from game.preview import Preview
    from game.profile import Profile
    from game.tui.playthrough import Playthrough, Step


ENTER_GUARD = 0.5
"""Seconds the end of the text must have been in view before Enter takes a choice: Enter
pressed twice to read on, or held, must not choose on the page it has just revealed, nor
on the scene that has just opened."""

NOTICE = 46
"""The longest notice, in characters: one line of a toast at 80 columns."""


class StoryScreen(Screen[None]):
    BINDINGS = [
        Binding("1", "choose(1)", _("Choose"), key_display="1-9"),
        *(Binding(str(n), f"choose({n})", _("Choose {number}").format(number=n), show=False) for n in range(2, 10)),
        Binding("u,ctrl+z", "undo", _("Undo")),
        Binding("i", "toggle_panel", _("Panel")),  # the panel's own title is the pack's (story.yaml panel.title)
        Binding("j", "journal", _("Journal")),
        Binding("f5", "quicksave", _("Save"), key_display="F5", tooltip=_("Quicksave")),
        Binding("f9", "quickload", _("Load"), key_display="F9", tooltip=_("Quickload")),
        Binding("s", "save", _("Save"), show=False),
        Binding("l", "load", _("Load"), show=False),
        Binding("t", "stats", _("Stats"), show=False),
        Binding("e", "endings", _("Endings"), show=False),
        Binding("question_mark,f1", "help", _("Help")),
        Binding("o", "settings", _("Settings"), show=False),
        Binding("m", "app.story_map", _("Story map"), show=False),
        Binding("escape", "menu", _("Menu"), show=False),
        Binding("enter", "advance", _("Read on or choose"), show=False, priority=True),
        Binding("pageup", "scroll_prose(-1)", _("Scroll up"), show=False, priority=True),
        Binding("pagedown,space", "scroll_prose(1)", _("Scroll down"), show=False, priority=True),
    ]

    def __init__(self, step: Step | None = None, *, preview: Preview | None = None) -> None:
        """Show `step`, or `preview` (a save's, before the pack has loaded) until a step comes."""
        super().__init__()
        self._pending: Step | None = step
        self._preview = preview
        """The save's preview on screen, until the first real step replaces it."""
        self._shown: SceneView | None = preview.view if preview is not None else None
        self._laid_out = False
        """False between showing a scene and its first layout: until then the scroll sizes are
        the last scene's, and cannot say whether this one's end is in view."""
        self._end_seen: float | None = None
        """When (time.monotonic) the end of this scene's text came into view, if it is in view."""

    @property
    def playthrough(self) -> Playthrough:
        return self.app.playthrough  # type: ignore[attr-defined,no-any-return]

    @property
    def previewing(self) -> bool:
        """Whether the screen shows a save's preview: the game is not loaded yet."""
        return self._preview is not None

    @property
    def _profile(self) -> Profile:
        return self.app.profile if self.previewing else self.playthrough.profile  # type: ignore[attr-defined,no-any-return]

    def _later(self, move: Callable[[], object]) -> bool:
        """True (and `move` kept) while the preview shows: the move is made once the save has
        loaded, if this screen still shows the scene it was asked on (a changed pack's real text
        may differ from the preview's, and a choice is never made on a text not shown)."""
        if not self.previewing:
            return False
        asked_on = self._shown

        def made() -> None:
            if self.is_current and self._shown == asked_on:
                move()

        return self.app.wait_for_story(made)  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="stage"):
                with VerticalScroll(id="prose"):
                    yield SceneText(id="scene-text")
                yield Countdown(self.app.clock, id="countdown")  # type: ignore[attr-defined]
                yield ChoiceList(id="choices")
                yield EndingMenu(id="ending-menu")
            yield InventoryPanel(id="panel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Countdown).display = False
        prose = self.query_one("#prose", VerticalScroll)
        self.watch(prose, "scroll_y", self._mark_more_text, init=False)
        self.watch(prose, "virtual_size", self._mark_more_text, init=False)
        if self._pending is not None:
            step, self._pending = self._pending, None
            self.show(step, fresh=True)
        elif self._preview is not None:
            self._show_preview(self._preview)

    def on_screen_resume(self) -> None:
        if self.previewing:
            self._refit()
            return
        self.playthrough.resume_clock()
        if self._shown is not None and self.playthrough.active and self.playthrough.view is not self._shown:
            from game.tui.playthrough import Step

            self.show(Step(self.playthrough.view), fresh=True)  # loaded from a screen on top
        else:
            self._apply_timer_setting()
            self.query_one(Countdown).resume()
            self._refit()

    def on_screen_suspend(self) -> None:
        self.query_one(Countdown).pause()
        if not self.previewing:
            self.playthrough.pause_clock()

    # Rendering

    def _show_preview(self, preview: Preview) -> None:
        """Draw a save's preview as `show` draws a view; the countdown, if any, held."""
        self.title = preview.headline
        self.query_one(InventoryPanel).show_view(preview.panel)
        self._draw(preview.view)

    def show(self, step: Step, fresh: bool = False) -> None:
        """Render the step's view and tell the player what else happened."""
        view = step.view
        before, self._shown = self._shown, view
        from_preview, self._preview = self._preview is not None, None
        previewed = from_preview and view == before
        if from_preview and self.is_current:  # the save has loaded under the reader's eyes: its play time runs
            self.playthrough.resume_clock()
        session = self.playthrough.session
        self.title = headline(self.playthrough.story, session.log if session else (), view)
        self.query_one(InventoryPanel).show(self.playthrough.story, session.variables if session else {}, fresh)
        if previewed:  # the save's preview was this very view: keep the text where the reader has it
            self._start_timer(view)
            self.call_after_refresh(self._after_layout)
        else:
            self._draw(view)
        self._report(step)
        if not fresh and crosses_act(before, view):  # a choice into a new act, not a load or a new game
            self.app.push_screen(ActCard(view.act, view.title), self._after_act_card)

    def _draw(self, view: SceneView) -> None:
        """The scene's text, choices or ending menu, and countdown."""
        self.sub_title = view.title
        self.query_one(SceneText).show(view, notes=self._profile.settings.notes)
        self.query_one("#prose", VerticalScroll).scroll_home(animate=False)
        prose_fit.fill(self.query_one("#prose", VerticalScroll))
        self._laid_out = False
        self._end_seen = None
        choices, menu = self.query_one(ChoiceList), self.query_one(EndingMenu)
        ended = view.ending is not None
        choices.display, menu.display = not ended, ended
        if ended:
            assert view.ending is not None
            menu.border_title = Content(f"{the_end(view.ending)} ({ending_kind(view.ending.kind)})")
            menu.highlighted = 0
            menu.focus()
        else:
            choices.show(view.choices, view.timer.default if view.timer and self._timers_on else None, self._profile.chosen)
            choices.focus()
        self._start_timer(view)
        self.call_after_refresh(self._after_layout)

    def _after_act_card(self, _result: object = None) -> None:
        """The text was under the card: Enter's guard counts from now, not from the layout."""
        if self._end_seen is not None:
            self._end_seen = time.monotonic()

    def _after_layout(self) -> None:
        """Once the scene is drawn: its scroll sizes are its own, and the journal can grow."""
        self._laid_out = True
        self._mark_more_text()
        prose_fit.fit(self.query_one("#prose", VerticalScroll))
        if not self.previewing:
            self.app.keep_journal()  # type: ignore[attr-defined]

    def on_resize(self) -> None:
        self._refit()

    def _refit(self) -> None:
        """The room for the prose changed (a resize, the panel, a countdown shown): fill it, then
        shrink to the text again only if it still fits."""
        prose_fit.fill(self.query_one("#prose", VerticalScroll))
        self.call_after_refresh(self._after_resize)

    def _after_resize(self) -> None:
        self._mark_more_text()
        prose_fit.fit(self.query_one("#prose", VerticalScroll))

    @property
    def more_below(self) -> bool:
        """Whether any line of the scene is below what the prose shows (one line counts)."""
        prose = self.query_one("#prose", VerticalScroll)
        return round(prose.scroll_y) < prose.max_scroll_y

    def _mark_more_text(self, _change: object = None) -> None:
        """Say on the choices' frame when the scene goes on below what fits on screen, and
        start a held countdown once the end is in view."""
        more = _("more text below: Enter, Space or PgDn") if self.more_below else ""
        self.query_one(ChoiceList).border_subtitle = more
        self.query_one(EndingMenu).border_subtitle = more
        if more:
            self._end_seen = None
        elif self._laid_out:
            if self._end_seen is None:
                self._end_seen = time.monotonic()
            if not self.previewing:  # the real session starts the clock
                self.query_one(Countdown).release()

    def _report(self, step: Step) -> None:
        if step.left_at:
            self.notify(one_line(_("Left {where}: see 'before load' (l).").format(where=step.left_at), NOTICE))
        if step.notice:
            self.notify(step.notice, title=_("Saves"), severity="warning", timeout=10)
        if step.unlocked:
            found, total = self._endings_found()
            self.notify(one_line(_("New ending ({found} of {total}): {title}").format(found=found, total=total, title=step.unlocked.title), NOTICE))
        if step.problem:
            self.notify(step.problem, severity="error", timeout=10)

    def _endings_found(self) -> tuple[int, int]:
        endings = self.playthrough.story.endings
        return len(set(endings) & set(self.playthrough.profile.endings)), len(endings)

    @property
    def _timers_on(self) -> bool:
        return self._profile.settings.timers

    def _start_timer(self, view: SceneView) -> None:
        """Start the scene's countdown, waiting for the reader as the settings say; where the
        story screen last left this very scene (Escape, Continue), carry on from there."""
        countdown = self.query_one(Countdown)
        if view.timer is None or view.ending is not None or not self._timers_on:
            countdown.stop()
            return
        default = next(c for c in view.choices if c.id == view.timer.default)
        if self.previewing:  # full and held: it counts once the save has loaded
            countdown.start(view.timer.seconds, default.text, held=True)
            return
        left = self.playthrough.timer_for_here()
        if left is not None:
            countdown.start(view.timer.seconds, default.text, held=left.held, elapsed=left.elapsed)
        elif self.playthrough.profile.settings.timer_start == "reading":
            words = " ".join([view.text, *(c.text for c in view.choices)])
            countdown.start(view.timer.seconds, default.text, grace=reading_allowance(words))
        else:
            countdown.start(view.timer.seconds, default.text, held=True)
            if self._laid_out and not self.more_below:
                countdown.release()
        if self.playthrough.profile.tell("timers"):
            self.notify(_("Timers wait till you read. Off: o (Settings)"), timeout=8)

    def _apply_timer_setting(self) -> None:
        """After the settings screen: stop a running countdown, or start one that was off."""
        countdown, view = self.query_one(Countdown), self._shown
        if view is None:
            return
        if not self._timers_on and countdown.running:
            countdown.stop()
            self.query_one(ChoiceList).show(view.choices, taken=self.playthrough.profile.chosen)
        elif self._timers_on and view.timer is not None and view.ending is None and not countdown.running:
            self.query_one(ChoiceList).show(view.choices, view.timer.default, self.playthrough.profile.chosen)
            self._start_timer(view)

    # Moves

    def _play(self, move: Callable[[], Step], fresh: bool = False) -> None:
        """Make a move; `fresh` (a new start, a load) marks no change in the side panel."""
        try:
            step = move()
        except NothingToUndo:
            self.notify(_("Nothing to undo: this is where the game began."), severity="warning")
            return
        except GameError as err:
            self.notify(str(err), title=_("That did not work"), severity="error", timeout=8)
            return
        self.show(step, fresh=fresh)

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        if not self._later(lambda: self._play(lambda: self.playthrough.choose(event.choice.id))):
            self._play(lambda: self.playthrough.choose(event.choice.id))

    def on_countdown_expired(self, event: Countdown.Expired) -> None:
        event.stop()
        view = self._shown
        if view is None or view.timer is None or view.ending is not None:
            return
        default = next(c for c in view.choices if c.id == view.timer.default)
        self.notify(one_line(_("Time ran out: {choice}").format(choice=default.text), NOTICE), severity="warning", timeout=4)
        self._play(lambda: self.playthrough.choose(default.id))

    def on_ending_menu_chosen(self, event: EndingMenu.Chosen) -> None:
        event.stop()
        if self._later(lambda: self.on_ending_menu_chosen(event)):
            return
        if event.action == "again":
            self._play(self.playthrough.restart, fresh=True)
        elif event.action == "endings":
            self.app.action_endings()  # type: ignore[attr-defined]
        else:
            self.action_menu()

    def action_choose(self, number: int) -> None:
        if self._shown is not None and self._shown.ending is not None:
            self.query_one(EndingMenu).pick(number)
        elif not self.query_one(ChoiceList).pick(number):
            count = len(self._shown.choices) if self._shown else 0
            self.notify(_("There is no choice {number} here: pick 1 to {count}.").format(number=number, count=count), severity="warning", timeout=3)

    def action_undo(self) -> None:
        if not self._later(self.action_undo):
            self._play(self.playthrough.undo)

    def action_quicksave(self) -> None:
        if self._later(self.action_quicksave):
            return
        try:
            info = self.playthrough.quicksave()
        except GameError as err:
            self.notify(str(err), title=_("Quicksave failed"), severity="error", timeout=8)
            return
        self.notify(one_line(_("Quicksaved: {scene} (F9)").format(scene=info.scene_title), NOTICE))

    def action_quickload(self) -> None:
        from game.saves import QUICKSAVE  # deferred: the saves need the story model

        self.app.load_game(QUICKSAVE, _("quicksave"))  # type: ignore[attr-defined]

    def action_toggle_panel(self) -> None:
        self.toggle_class("-with-panel")
        self._refit()

    def action_scroll_prose(self, pages: int) -> None:
        prose = self.query_one("#prose", VerticalScroll)
        if pages < 0:
            prose.scroll_page_up()
        else:
            prose.scroll_page_down()

    def action_advance(self) -> None:
        """Enter reads on while text is hidden below, and takes the highlighted choice only
        once the end is in view: a reader used to Enter as "next" never chooses unread."""
        if self.more_below:
            self.query_one("#prose", VerticalScroll).scroll_page_down()
        elif self._end_seen is not None and time.monotonic() - self._end_seen >= ENTER_GUARD and isinstance(self.focused, OptionList):
            self.focused.action_select()

    def action_settings(self) -> None:
        self.app.action_settings()  # type: ignore[attr-defined]

    def action_save(self) -> None:
        self.app.action_saves("save")  # type: ignore[attr-defined]

    def action_load(self) -> None:
        self.app.action_saves("load")  # type: ignore[attr-defined]

    def action_journal(self) -> None:
        if not self._later(self.action_journal):
            self.app.action_journal()  # type: ignore[attr-defined]

    def action_stats(self) -> None:
        if not self._later(self.action_stats):
            self.app.action_stats()  # type: ignore[attr-defined]

    def action_endings(self) -> None:
        self.app.action_endings()  # type: ignore[attr-defined]

    def action_help(self) -> None:
        self.app.action_help()  # type: ignore[attr-defined]

    def action_menu(self) -> None:
        """Back to the title screen; the game is autosaved and Continue brings it back, with
        a timed scene's clock where it was. Under 100 columns it first closes the side panel's drawer."""
        if self.has_class("-with-panel") and not self.has_class("-wide"):
            self.remove_class("-with-panel")
            return
        if self._later(self.action_menu):
            return
        from game.tui.playthrough import TimerLeft

        countdown = self.query_one(Countdown)
        countdown.pause()
        if countdown.running and self.playthrough.session is not None:
            elapsed, held = countdown.state()
            self.playthrough.timer_left = TimerLeft(self.playthrough.session.log, elapsed, held)
        self.playthrough.pause_clock()
        problem = self.playthrough.autosave()
        if problem:
            self.notify(problem, severity="error", timeout=8)
        self.app.close_story()  # type: ignore[attr-defined]
