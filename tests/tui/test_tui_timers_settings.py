"""Timed choices against a fake clock, the timers setting, and the theme setting; both persist."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from game.profile import FILE_NAME
from game.tui.screens.settings_screen import SettingsScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.countdown import Countdown
from tests.tui.helpers import SIZE, FakeClock, RecordingApp, start_new_game

AppFactory = Callable[..., RecordingApp]
TICK_WAIT = 0.25
"""Real seconds to let the countdown's 0.1 s interval look at the (fake) clock."""


async def test_timer_counts_down_and_takes_the_default_at_zero(make_app: AppFactory, timed_pack: Path, clock: FakeClock) -> None:
    """A timed scene shows a countdown; when the clock passes its seconds, the default choice is taken."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        countdown = app.screen.query_one(Countdown)
        assert countdown.display and countdown.running
        assert app.screen.query_one(ChoiceList).default == "wait"
        clock.advance(5)
        await pilot.pause(TICK_WAIT)
        assert app.playthrough.session.log == ()
        assert "3 s" in str(countdown.render())
        clock.advance(4)
        await pilot.pause(TICK_WAIT)
        assert app.playthrough.session.log == ("street.wait",)
        assert app.said("Time ran out: Wait")
        assert app.screen.sub_title == "The street (1)"
        assert countdown.running and countdown.remaining == 8


async def test_countdown_counts_at_most_an_hour_whatever_it_is_handed(make_app: AppFactory, timed_pack: Path, clock: FakeClock) -> None:
    """Handed more than the loader allows (10**400 once overflowed a float), the countdown counts 3600 s and draws."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        countdown = app.screen.query_one(Countdown)
        countdown.start(10**400, "Wait")
        clock.advance(1)
        await pilot.pause(TICK_WAIT)
        assert countdown.running and countdown.remaining == 3599
        assert "3599 s" in str(countdown.render())


async def test_choosing_in_time_beats_the_clock(make_app: AppFactory, timed_pack: Path, clock: FakeClock) -> None:
    """A choice made before zero is the one taken, and the next scene's countdown starts afresh."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        clock.advance(7)
        await pilot.press("2")
        await pilot.pause(TICK_WAIT)
        clock.advance(2)
        await pilot.pause(TICK_WAIT)
        assert app.playthrough.session.log == ("street.paint",)


async def test_countdown_pauses_while_another_screen_is_open(make_app: AppFactory, timed_pack: Path, clock: FakeClock) -> None:
    """Reading the journal costs no time: the clock moving meanwhile does not run the timer out."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        clock.advance(2)
        await pilot.pause(TICK_WAIT)
        await pilot.press("j")
        await pilot.pause()
        clock.advance(60)
        await pilot.pause(TICK_WAIT)
        await pilot.press("escape")
        await pilot.pause(TICK_WAIT)
        assert app.playthrough.session.log == ()
        assert 5 < app.screen.query_one(Countdown).remaining <= 6


async def test_timers_off_the_scene_waits_and_still_plays(make_app: AppFactory, timed_pack: Path, clock: FakeClock, saves: Path) -> None:
    """With timers off no countdown shows, nothing is taken however long, and choosing works."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.set_timers(False)
        await start_new_game(pilot)
        countdown = app.screen.query_one(Countdown)
        assert not countdown.display and not countdown.running
        assert app.screen.query_one(ChoiceList).default is None
        clock.advance(600)
        await pilot.pause(TICK_WAIT)
        assert app.playthrough.session.log == ()
        await pilot.press("2")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.paint",)
    assert json.loads((saves / FILE_NAME).read_text())["settings"]["timers"] is False


async def test_timers_switch_in_settings_applies_to_the_scene_on_screen(make_app: AppFactory, timed_pack: Path) -> None:
    """Turning timers off in Settings mid-scene stops that scene's countdown; on again restarts it."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Settings")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("m")
        await pilot.pause()
        assert app.profile.settings.timers is False
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one(Countdown).running
        app.action_settings()
        await pilot.pause()
        await pilot.press("m", "escape")
        await pilot.pause()
        assert app.profile.settings.timers is True and app.screen.query_one(Countdown).running


async def test_theme_change_applies_and_persists(make_app: AppFactory, saves: Path) -> None:
    """Picking a light theme in Settings changes the app's theme and a new app starts with it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        themes = screen.query_one("#themes")
        names = [themes.get_option_at_index(i).id for i in range(themes.option_count)]
        assert "textual-light" in names and "textual-dark" in names
        assert themes.highlighted == names.index("textual-dark")
        while themes.highlighted_option.id != "textual-light":
            await pilot.press("down")
        await pilot.pause()
        assert app.theme == "textual-light"  # previewed as the cursor moved...
        assert json.loads((saves / FILE_NAME).read_text() if (saves / FILE_NAME).exists() else "{}").get("settings", {}).get("theme") != "textual-light"
        await pilot.press("enter")  # ...kept on Enter, and marked
        await pilot.pause()
        assert app.theme == "textual-light" and not app.current_theme.dark
        assert str(themes.highlighted_option.prompt).startswith("● textual-light")
        await pilot.press("down", "escape")  # a preview not picked is undone
        await pilot.pause()
        assert app.theme == "textual-light"
    assert json.loads((saves / FILE_NAME).read_text())["settings"]["theme"] == "textual-light"
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_damaged_profile_is_reported_and_the_game_starts(make_app: AppFactory, saves: Path) -> None:
    """An unreadable settings file is one warning; defaults apply; the next change sets it aside."""
    saves.mkdir(parents=True)
    (saves / FILE_NAME).write_text("[]", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.said("player.profile.json is damaged")
        assert app.theme == "textual-dark"
        app.theme = "nord"
        await pilot.pause()
    assert (saves / "player.profile.corrupt.json").read_text() == "[]"
    assert json.loads((saves / FILE_NAME).read_text())["settings"]["theme"] == "nord"
