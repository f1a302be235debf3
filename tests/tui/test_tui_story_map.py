"""The story map and endings read again, through Pilot (issue 17, point 4)."""

from __future__ import annotations

from collections.abc import Callable

from game.tui.screens.ending_reader_screen import EndingReaderScreen
from game.tui.screens.endings_screen import EndingsScreen
from game.tui.screens.story_map_screen import StoryMapScreen
from game.tui.screens.story_screen import StoryScreen
from game.tui.widgets.reread_list import RereadList
from game.tui.widgets.scene_text import SceneText
from game.tui.widgets.story_map_view import StoryMapView
from tests.tui.helpers import RecordingApp, start_new_game

AppFactory = Callable[..., RecordingApp]


async def _end_a_game_then_play_on(pilot: object, app: RecordingApp) -> str:
    """Run (to an ending, by chance), then a new game with one Wait: returns the ending's text."""
    await start_new_game(pilot)
    step = app.playthrough.choose("run")
    assert step.view.ending is not None
    ending_text = step.view.text
    app.show_game(app.playthrough.new())
    await pilot.press("1")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return ending_text


async def test_the_map_opens_at_you_are_here_counts_what_was_found_and_reads_a_found_ending(make_app: AppFactory) -> None:
    """m at 80x24: this game's scene selected, "2 of 4 scenes" in the header (home and the other ending locked),
    Tab reaches the found ending and Enter reads its text again; Escape comes back each time."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ending_text = await _end_a_game_then_play_on(pilot, app)
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StoryMapScreen)
        assert screen.sub_title.startswith("2 of 4 scenes, 1 of 2 endings")  # street and the ending; home, the other ending locked
        view = screen.query_one(StoryMapView)
        assert view.selected is not None and view.selected.scene == "street" and view.has_focus
        drawn = "\n".join("".join(run.text for run in row) for row in view.rows)
        assert "you are here" in drawn and drawn.count("?") == 2 and "Home" not in drawn
        for _ in range(len(screen.stops)):
            if view.selected.ending:
                break
            await pilot.press("tab")
            await pilot.pause()
        assert view.selected.ending is not None
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, EndingReaderScreen) and reader.view is not None
        assert reader.view.text == ending_text and ending_text in str(reader.query_one(SceneText).render())
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)


async def test_the_map_pans_at_60x20_and_is_in_the_palette(make_app: AppFactory) -> None:
    """The map is wider than 60 columns and pans; Story map is a palette command on the title and story screens."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert "Story map" in {c.title for c in app.get_system_commands(app.screen)}
        await start_new_game(pilot)
        assert "Story map" in {c.title for c in app.get_system_commands(app.screen)}
        await pilot.press("m")
        await pilot.pause()
        view = app.screen.query_one(StoryMapView)
        assert view.virtual_size.width > view.size.width
        before = view.scroll_x
        await pilot.press("right", "right")
        await pilot.pause()
        assert view.scroll_x > before
        assert app.screen.query_one("Footer").region.bottom == 20


async def test_the_gallery_lists_found_endings_to_read_again(make_app: AppFactory) -> None:
    """In the endings gallery, Enter on a found ending under "Endings found" shows its text."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ending_text = await _end_a_game_then_play_on(pilot, app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EndingsScreen)
        found = app.screen.query_one(RereadList)
        assert found.display and found.option_count == 1 and found.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingReaderScreen) and app.screen.view is not None
        assert app.screen.view.text == ending_text
