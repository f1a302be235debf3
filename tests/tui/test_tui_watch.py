"""`play --watch`: edits to the scene files reach the game in progress; broken edits do not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from game.story.loader import load_story
from tests.conftest import TINY_SCENES
from tests.tui.helpers import SIZE, RecordingApp, start_new_game


async def edit_until(pilot: object, edit: Callable[[], None], condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Make the edit, and make it again every half second until the app shows it.

    The file watcher starts listening a moment after the app does; an edit made before that
    would never be seen, so the (idempotent) edit is repeated rather than timed.
    """
    for tick in range(int(seconds / 0.1)):
        if tick % 5 == 0:
            edit()
        await pilot.pause(0.1)  # type: ignore[attr-defined]
        if condition():
            return True
    return False


async def test_edit_reloads_and_keeps_the_players_place(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """Changing prose on disk shows the new text at the same spot, with the choices made kept."""
    pack = make_pack()
    app = RecordingApp(load_story(pack), tmp_path / "saves", seed=1, watch=pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert app.playthrough.view.title == "The street (1)"
        new_text = TINY_SCENES.replace("A wet street.", "A dry, windy street.")
        assert await edit_until(pilot, lambda: (pack / "scenes.yaml").write_text(new_text), lambda: app.said("Scenes reloaded") and "dry, windy" in app.playthrough.view.text)
        assert app.playthrough.view.title == "The street (1)"
        assert app.playthrough.session is not None and app.playthrough.session.log == ("street.wait",)


async def test_broken_edit_shows_errors_and_keeps_playing(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """A pack broken on disk is reported in the app with file:line:col; the last good story plays on."""
    pack = make_pack()
    app = RecordingApp(load_story(pack), tmp_path / "saves", seed=1, watch=pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        broken = TINY_SCENES.replace("to: home", "to: hom")
        assert await edit_until(pilot, lambda: (pack / "scenes.yaml").write_text(broken), lambda: app.said("still playing the last good version"))
        assert app.said("unknown scene 'hom' (did you mean 'home'?)")
        await pilot.press("1")
        await pilot.pause()
        assert app.playthrough.view.title == "The street (1)"
