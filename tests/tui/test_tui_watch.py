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


BROKEN_TWELVE = TINY_SCENES.replace(
    "      - {id: back, text: Go back out, to: street}",
    "\n".join(f"      - {{id: back{n}, text: Go back out, to: stret{n}}}" for n in range(12)),
)


async def test_broken_edit_lists_every_error_in_a_panel_until_a_good_reload(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """Twelve errors on disk: a panel under the header lists all twelve with file:line:col and
    keeps its title in view when scrolled; the last good story plays on; the fix takes it away."""
    from game.tui.widgets.diagnostics_panel import DiagnosticsPanel

    pack = make_pack()
    app = RecordingApp(load_story(pack), tmp_path / "saves", seed=1, watch=pack)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        panels = lambda: list(app.screen.query(DiagnosticsPanel))  # noqa: E731
        assert await edit_until(pilot, lambda: (pack / "scenes.yaml").write_text(BROKEN_TWELVE), lambda: bool(panels()))
        await pilot.pause()
        panel = panels()[0]
        assert panel.border_title is not None and "12 errors" in str(panel.border_title)
        assert len(panel.errors) == 12 and all("scenes.yaml:" in e and "unknown scene 'stret" in e for e in panel.errors)
        assert str(panel.query_one("Static").render()).count("unknown scene") == 12
        assert panel.region.y == 1 and panel.max_scroll_y > 0  # under the header, and it scrolls
        panel.scroll_end(animate=False)
        await pilot.pause()
        assert panel.region.y == 1 and app.screen.query_one("Header").region.y == 0
        await pilot.press("1")
        await pilot.pause()
        assert app.playthrough.view.title == "The street (1)"
        assert await edit_until(pilot, lambda: (pack / "scenes.yaml").write_text(TINY_SCENES), lambda: not panels())
