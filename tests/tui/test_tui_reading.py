"""Reading before choosing (issue 17, points 1 and 2): a timed clock that waits for the reader,
Enter that reads on while text is hidden, and the "more text below" hint for even one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from game.tui.screens.settings_screen import SettingsScreen
from game.tui.screens.story_screen import ENTER_GUARD, StoryScreen
from game.tui.widgets.countdown import Countdown
from tests.tui.helpers import SIZE, TIMED_SCENES, FakeClock, RecordingApp, start_new_game

AppFactory = Callable[..., RecordingApp]
TICK_WAIT = 0.25
LONG_TEXT = "\n".join(f"      - text: Paragraph {n} of a scene far taller than the screen, read line by line." for n in range(30))
TALL_TIMED = TIMED_SCENES.replace("      - text: A wet street.", LONG_TEXT + "\n      - text: The key line, at the very end.")


@pytest.fixture
def tall_pack(make_pack: Callable[..., Path]) -> Path:
    return make_pack(files={"scenes.yaml": TALL_TIMED})


async def test_a_tall_timed_scene_does_not_count_until_scrolled_to_the_end(
    make_app: AppFactory, tall_pack: Path, clock: FakeClock
) -> None:
    """The clock waits while the end is below the fold, however long; once scrolled there it counts."""
    app = make_app(tall_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        countdown = screen.query_one(Countdown)
        assert screen.more_below and countdown.running and countdown.held
        assert "starts at the end of the text" in str(countdown.render())
        clock.advance(60)
        await pilot.pause(TICK_WAIT)
        assert app.playthrough.session.log == () and countdown.remaining == 8
        assert app.said("Off: o (Settings)")
        while screen.more_below:
            await pilot.press("pagedown")
            await pilot.pause()
        assert not countdown.held
        clock.advance(5)
        await pilot.pause(TICK_WAIT)
        assert 2 < countdown.remaining <= 3
        clock.advance(4)
        await pilot.pause(TICK_WAIT)
        assert app.playthrough.session.log == ("street.wait",)


async def test_the_reading_allowance_setting_counts_after_the_words_are_read(
    make_app: AppFactory, tall_pack: Path, clock: FakeClock
) -> None:
    """In "reading" mode the clock starts after words / 4 seconds, scrolled or not."""
    app = make_app(tall_pack)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.profile.update(timer_start="reading")
        await start_new_game(pilot)
        countdown = app.screen.query_one(Countdown)
        assert not countdown.held and countdown.elapsed < -60  # 30 paragraphs of 15 words: about 110 s
        clock.advance(-countdown.elapsed + 1)
        await pilot.pause(TICK_WAIT)
        assert countdown.counting and 6 < countdown.remaining < 8


async def test_the_timers_tip_is_said_once_across_games(make_app: AppFactory, timed_pack: Path) -> None:
    """The first timed scene says timers can be turned off; the next game does not say it again."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        assert app.said("Off: o (Settings)")
    again = make_app(timed_pack)
    async with again.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        assert not again.said("Off: o (Settings)")


async def test_escape_and_continue_resume_the_clock_where_it_was(make_app: AppFactory, timed_pack: Path, clock: FakeClock) -> None:
    """Leaving for the title at 3 s left and coming back does not hand over a full clock."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        clock.advance(5)
        await pilot.pause(TICK_WAIT)
        await pilot.press("escape")
        await pilot.pause()
        clock.advance(100)
        await pilot.press("c")
        await pilot.pause(TICK_WAIT)
        countdown = app.screen.query_one(Countdown)
        assert app.playthrough.session.log == () and 2 < countdown.remaining <= 3


async def test_the_countdown_line_ends_in_an_ellipsis_when_it_is_cut(make_app: AppFactory, timed_pack: Path) -> None:
    """A long "then:" is cut with "…", never mid-word with no sign."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        countdown = app.screen.query_one(Countdown)
        countdown.start(8, "Throw the main switch, kill the house, and walk out the back before anybody sees")
        await pilot.pause()
        line = countdown.render_line(0).text.rstrip()
        assert line.endswith("…") and len(line) <= SIZE[0]


async def test_enter_reads_on_while_text_is_hidden_then_chooses(make_app: AppFactory, tall_pack: Path) -> None:
    """Enter pages the prose while "more text below" shows; at the end it takes the choice; digits always choose."""
    app = make_app(tall_pack)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.set_timers(False)
        await start_new_game(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen) and screen.more_below
        assert "more text below" in str(screen.query_one("#choices").border_subtitle)
        await pilot.press("enter")
        await pilot.pause()
        assert app.playthrough.session.log == ()
        while screen.more_below:
            await pilot.press("enter")
            await pilot.pause()
        assert not screen.query_one("#choices").border_subtitle
        await pilot.press("enter")  # at once: the page just revealed is not chosen from
        await pilot.pause()
        assert app.playthrough.session.log == ()
        await pilot.pause(ENTER_GUARD)
        await pilot.press("enter")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.wait",)
        await pilot.press("2")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.wait", "street.paint")


async def test_one_hidden_line_shows_the_hint_and_a_scene_that_fits_never_does(make_app: AppFactory, tall_pack: Path) -> None:
    """Scrolled to one line above the end, the hint still shows (it once needed two); a short scene has none."""
    app = make_app(tall_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        screen = app.screen
        prose = screen.query_one("#prose")
        prose.scroll_to(y=prose.max_scroll_y - 1, animate=False)
        await pilot.pause()
        assert screen.more_below and screen.query_one("#choices").border_subtitle
    short = make_app()
    async with short.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        assert not short.screen.more_below and not short.screen.query_one("#choices").border_subtitle


async def test_o_opens_settings_in_the_story_and_r_switches_when_the_clock_starts(make_app: AppFactory, timed_pack: Path) -> None:
    """`o` in the story opens Settings; `r` there chooses the reading allowance, kept in the profile."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("r")
        await pilot.pause()
        assert app.profile.settings.timer_start == "reading"
    again = make_app(timed_pack)
    assert again.profile.settings.timer_start == "reading"


async def test_notifications_never_cover_the_choices(make_app: AppFactory) -> None:
    """A quicksave's and an ending's messages sit at the top, clear of the choices and the ending menu."""
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_new_game(pilot)
        await pilot.press("f5")
        await pilot.pause(0.2)
        toasts = list(app.screen.query(Toast))
        choices = app.screen.query_one("#choices").region
        assert toasts and all(not t.region.overlaps(choices) for t in toasts)
        await pilot.press("3")  # run: with the fixed seed, an ending
        await pilot.pause(0.2)
        menu = app.screen.query_one("#ending-menu")
        assert app.playthrough.view.ending is not None and menu.display
        toasts = list(app.screen.query(Toast))
        assert any("New ending" in str(t.render()) for t in toasts)
        assert all(not t.region.overlaps(menu.region) for t in toasts)


async def test_choices_taken_before_are_marked_after_an_undo_and_in_the_next_game(make_app: AppFactory) -> None:
    """Taken once (then undone), a choice shows a ✓; a new app on the same profile still shows it; others do not."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        choices = app.screen.query_one("#choices")
        assert "✓" not in choices.render_line(0).text
        await pilot.press("1", "u")
        await pilot.pause()
        assert "Wait  ✓" in choices.render_line(0).text and "✓" not in choices.render_line(1).text
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        assert "Wait  ✓" in again.screen.query_one("#choices").render_line(0).text
