"""The game screen through Pilot at 80x24: starting, choosing, undo, the side panel, endings, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from game.saves import AUTOSAVE
from game.tui.screens.story_screen import ENTER_GUARD, StoryScreen
from game.tui.screens.title_screen import TitleScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.ending_menu import EndingMenu
from game.tui.widgets.inventory_panel import InventoryPanel
from tests.tui.helpers import SIZE, FakeClock, RecordingApp, start_new_game

AppFactory = Callable[..., RecordingApp]


async def test_title_screen_offers_the_menu(make_app: AppFactory) -> None:
    """The title screen lists New game, Continue (off with no autosave), Load, Endings, Settings, Quit."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        menu = app.screen.query_one("#menu")
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert ids == ["new", "continue", "load", "endings", "settings", "quit"]
        assert menu.get_option_at_index(1).disabled
        assert menu.highlighted == 0


async def test_new_game_shows_the_first_scene_and_autosaves(make_app: AppFactory, saves: Path) -> None:
    """New game opens the story screen: act and title in the header, numbered choices, an autosave."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        screen = app.screen
        assert (screen.title, screen.sub_title) == ("ACT I, scene 1", "The street (0)")
        choices = screen.query_one(ChoiceList)
        assert [c.id for c in choices.choices] == ["wait", "paint", "run"]
        assert choices.has_focus and choices.highlighted == 0
        assert (saves / f"{AUTOSAVE}.json").is_file()


async def test_choose_by_number(make_app: AppFactory) -> None:
    """A number key takes that choice at once."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.paint",)
        assert app.screen.sub_title == "The street (0)"
        assert [c.id for c in app.screen.query_one(ChoiceList).choices] == ["wait", "run"]


async def test_choose_by_arrows_and_enter(make_app: AppFactory) -> None:
    """Down, Down, Enter takes the third choice; Up moves back."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.pause(ENTER_GUARD)  # Enter chooses once the scene has been in view a moment
        await pilot.press("down", "down", "up", "enter")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.paint",)


async def test_a_number_with_no_choice_says_so(make_app: AppFactory) -> None:
    """Pressing 7 with three choices changes nothing and tells the player the range."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("7")
        await pilot.pause()
        assert app.playthrough.session.log == ()
        assert app.said("There is no choice 7 here: pick 1 to 3.")


async def test_undo_steps_back_as_far_as_the_start(make_app: AppFactory) -> None:
    """u undoes each choice in turn; at the start it says there is nothing to undo."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "1")
        await pilot.pause()
        assert app.screen.sub_title == "The street (2)"
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.sub_title == "The street (1)"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.playthrough.session.log == ()
        await pilot.press("u")
        await pilot.pause()
        assert app.said("Nothing to undo: this is where the game began.")


LABELLED_STORY = """\
title: Tiny
version: 1
start: street
variables:
  heat: {type: int, initial: 0, min: 0, max: 3, doc: Trouble that ends the game., label: Heat}
  lucky: {type: bool, initial: false, label: Lucky}
  paint: {type: enum, values: [primer, blue], initial: primer, label: Paint}
"""


async def test_side_panel_shows_labelled_variables_never_the_authors_doc(make_app: AppFactory, make_pack: Callable[..., Path]) -> None:
    """i toggles the panel; it lists the labelled variables and their values, marks changes, and hides docs."""
    app = make_app(make_pack(LABELLED_STORY))
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        panel = app.screen.query_one(InventoryPanel)
        assert not panel.display
        await pilot.press("i")
        await pilot.pause()
        assert panel.display and panel.region.width > 0
        await pilot.press("1")
        await pilot.pause()
        body = str(panel.query_one("#panel-body").content)
        assert body.startswith("STATUS\n")  # the neutral heading of a pack that names none
        assert "Heat" in body and "1/3" in body and "(+1)" in body and "Trouble" not in body
        assert "Lucky" in body and "no" in body and "Paint" in body and "primer" in body
        await pilot.press("i")
        await pilot.pause()
        assert not panel.display


async def test_reaching_an_ending_offers_play_again(make_app: AppFactory) -> None:
    """At an ending the choices give way to the ending menu; 1 plays again from the first scene."""
    app = make_app(seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert app.playthrough.view.ending is not None and app.playthrough.view.ending.id == "caught"
        menu = screen.query_one(EndingMenu)
        assert menu.display and menu.has_focus and not screen.query_one(ChoiceList).display
        assert "THE END: Caught" in str(menu.border_title)
        assert app.said("New ending (1 of 2): ")
        await pilot.press("1")
        await pilot.pause()
        assert app.playthrough.session.log == () and screen.sub_title == "The street (0)"


async def test_undo_from_an_ending(make_app: AppFactory) -> None:
    """An ending can be undone like any scene."""
    app = make_app(seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert app.playthrough.view.ending is None
        assert app.screen.query_one(ChoiceList).display


async def test_escape_goes_to_the_title_and_continue_comes_back(make_app: AppFactory) -> None:
    """Escape leaves for the title screen, whose Continue names the scene and resumes it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        menu = app.screen.query_one("#menu")
        assert "The street (1)" in str(menu.get_option_at_index(1).prompt)
        assert menu.highlighted == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen) and app.screen.sub_title == "The street (1)"


async def test_new_game_over_a_game_in_progress_asks_first(make_app: AppFactory) -> None:
    """With a game in progress, New game asks; No keeps the game."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert app.playthrough.session.log == ("street.wait",)


async def test_a_game_error_is_a_notification_not_a_crash(make_app: AppFactory, make_pack: Callable[..., Path]) -> None:
    """A chance choice whose weights are all zero raises in the engine; the player sees one line and plays on."""
    broken = make_pack(
        files={
            "s.yaml": """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - id: gamble
        text: Gamble
        outcomes:
          - {weight: heat, to: done}
      - {id: leave, text: Leave, do: heat += 1, to: street}
  done:
    title: Done
    text: Over.
    ending: {id: done, kind: alternate, title: Done}
""",
        }
    )
    app = make_app(broken)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, StoryScreen)
        errors = [n for n in app.notes if n[0] == "error"]
        assert len(errors) == 1 and "\n" not in errors[0][2]
        assert app.playthrough.session.log == ()
        await pilot.press("2")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.leave",)


async def test_quit_mid_scene_then_continue_at_the_same_spot(make_app: AppFactory) -> None:
    """Ctrl+Q mid-scene; a new app's Continue resumes the same scene, with undo back to the start."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "2")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        menu = again.screen.query_one("#menu")
        assert not menu.get_option_at_index(1).disabled and "The street (1)" in str(menu.get_option_at_index(1).prompt)
        await pilot.press("c")
        await pilot.pause()
        assert again.playthrough.session.log == ("street.wait", "street.paint")
        assert again.screen.sub_title == "The street (1)"
        await pilot.press("u", "u")
        await pilot.pause()
        assert again.playthrough.session.log == ()


async def test_play_time_is_saved_when_the_app_ends(make_app: AppFactory, clock: FakeClock, saves: Path) -> None:
    """Time played since the last scene reaches the autosave when the app stops, whichever way it stops."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        clock.advance(95)
        await pilot.pause()
    assert json.loads((saves / f"{AUTOSAVE}.json").read_text())["playtime"] == 95


async def test_side_panel_shows_nothing_a_story_does_not_label(make_app: AppFactory) -> None:
    """Variables without a label stay out of the panel, however many the story declares."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("i")
        await pilot.pause()
        body = str(app.screen.query_one(InventoryPanel).query_one("#panel-body").content)
        assert "This story keeps no state to show." in body and "Heat" not in body
