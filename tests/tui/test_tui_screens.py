"""The other screens (journal, stats, endings gallery, help), the command palette, and the terminal itself:
80x24, resizing, NO_COLOR."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from game.profile import FILE_NAME
from game.tui.screens.endings_screen import LOCKED, EndingsScreen
from game.tui.screens.help_screen import HelpScreen
from game.tui.screens.stats_screen import StatsScreen
from game.tui.screens.story_screen import ENTER_GUARD, StoryScreen
from game.tui.widgets.choice_list import ChoiceList
from tests.tui.helpers import SIZE, RecordingApp, start_new_game

AppFactory = Callable[..., RecordingApp]


async def test_stats_screen_counts_this_game(make_app: AppFactory) -> None:
    """t shows choices made, scenes seen, how far undo reaches and endings found; no seed (it means nothing to a player)."""
    app = make_app(seed=5)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "1", "4")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        rows = dict(app.screen.rows())
        assert rows["Choices made"] == "3"
        assert rows["Scenes seen this game"] == "2 of 4"
        assert "Seed" not in rows and rows["Undo"] == "3 choices back"
        assert rows["Endings found (all games)"] == "0 of 2"
        assert rows["Now"] == "ACT I · Home"


async def test_gallery_after_an_ending_persists_across_games(make_app: AppFactory, saves: Path) -> None:
    """The ending reached is shown with its title and kind, the other as locked with its kind and act as a hint, and a new app still has it."""
    app = make_app(seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert [row[0] for row in app.screen.entries()] == [LOCKED, LOCKED]
        await pilot.press("escape")
        await start_new_game(pilot)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("2")  # the ending menu: see the gallery
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EndingsScreen)
        assert screen.counts() == (1, 2)
        entries = {title: (kind, when) for title, kind, when in screen.entries()}
        assert entries[LOCKED] == ("alternate", "somewhere in ACT I") and entries["Caught"][0] == "arrest"
    assert set(json.loads((saves / FILE_NAME).read_text())["endings"]) == {"caught"}
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert again.screen.counts() == (1, 2)
        assert "1 of 2 endings found" in str(again.screen.query_one("#endings-summary").content)


async def test_help_screen_explains_the_keys(make_app: AppFactory) -> None:
    """? opens the help from help.md; Escape closes it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "quicksave" in app.screen.query_one("#help").source
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)


async def palette(pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_command_palette_runs_game_actions(make_app: AppFactory, saves: Path) -> None:
    """Quicksave and a choice run from Ctrl+P by name."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await palette(pilot, "quicks")
        assert (saves / "quicksave.json").is_file()
        await palette(pilot, "choose 2")
        assert app.playthrough.session.log == ("street.paint",)


async def test_every_action_is_in_the_command_palette(make_app: AppFactory) -> None:
    """The palette offers each action of the story screen and of the title screen by name."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = {command.title for command in app.get_system_commands(app.screen)}
        assert {"New game", "Continue", "Load", "Endings", "Settings", "Help", "Timers on", "Timers off", "Theme", "Quit"} <= title
        await start_new_game(pilot)
        story = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "Undo", "Quicksave", "Quickload", "Side panel", "Title screen", "Save", "Load", "Journal", "Stats",
            "Endings", "Settings", "Help", "Theme", "Quit", "Choose 1: Wait", "Choose 3: Run",
        } <= story


async def test_command_palette_on_the_title_screen_starts_a_game(make_app: AppFactory) -> None:
    """New game is in the palette on the title screen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "New game")
        assert isinstance(app.screen, StoryScreen)


async def test_every_screen_fits_80x24(make_app: AppFactory, timed_pack: Path) -> None:
    """At 80x24 the story screen shows prose, countdown, choices and footer inside the screen, panel open or not."""
    app = make_app(timed_pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        screen = app.screen
        for _ in range(2):
            for selector in ("#prose", "#countdown", "#choices", "Footer", "Header"):
                region = screen.query_one(selector).region
                assert region.height > 0 and region.right <= 80 and region.bottom <= 24, selector
            await pilot.press("i")
            await pilot.pause()
        for key in ("j", "t", "e", "s", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is not screen and app.screen.query_one("Footer").region.bottom == 24
            await pilot.press("escape")
            await pilot.pause()
        assert app.screen is screen


async def test_resize_keeps_the_game(make_app: AppFactory) -> None:
    """Shrinking and growing the terminal keeps the scene, the log, the choices and the focus."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "down")
        await pilot.pause()
        for width, height in ((40, 12), (132, 50), SIZE):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert app.size == (width, height)
        assert app.playthrough.session.log == ("street.wait",)
        choices = app.screen.query_one(ChoiceList)
        assert choices.has_focus and choices.highlighted == 1
        await pilot.pause(ENTER_GUARD)  # at 40x12 the text overflowed: Enter waits till its end has been in view
        await pilot.press("enter")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.wait", "street.paint")


async def test_no_color_plays(make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """With NO_COLOR set the app renders without colour and plays as usual."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.wait",)
