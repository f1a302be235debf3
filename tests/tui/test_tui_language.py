"""The full-screen game in French: title screen, a scene, the journal, an ending; the language setting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.i18n import interface
from game.i18n.language import localise
from game.profile import FILE_NAME
from game.story.loader import load_story
from game.tui.screens.journal_screen import JournalScreen
from game.tui.screens.settings_screen import SettingsScreen
from game.tui.widgets.ending_menu import EndingMenu
from game.tui.widgets.scene_text import SceneText
from tests.conftest import REPO
from tests.tui.helpers import SIZE, FakeClock, RecordingApp

# Screens word their key bindings when first imported: import them all here, in English, so that
# the French game below cannot be the first to import one and leave it French for later tests.
import game.tui.dialogs.confirm_dialog  # noqa: E402,F401
import game.tui.dialogs.slot_name_dialog  # noqa: E402,F401
import game.tui.screens.endings_screen  # noqa: E402,F401
import game.tui.screens.help_screen  # noqa: E402,F401
import game.tui.screens.saves_screen  # noqa: E402,F401
import game.tui.screens.stats_screen  # noqa: E402,F401

PACK = REPO / "tests" / "fixtures" / "bilingual"


@pytest.fixture(autouse=True)
def english_after():
    yield
    interface.use("")


def text_of(widget) -> str:
    return str(widget.render())


async def test_a_french_game_from_the_title_screen_to_an_ending(saves: Path, clock: FakeClock) -> None:
    """The menus, the scene, the journal and the ending line are French; the ids and the rules are the pack's."""
    app = RecordingApp(localise(load_story(PACK), "fr"), saves, seed=1, clock=clock, language="fr")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu")
        prompts = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert prompts[0].endswith("Nouvelle partie") and any("Charger une partie" in p for p in prompts)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.sub_title == "Le quai, cran 1" and app.screen.title == "ACTE I, scène 1"
        assert "Lino a 1\u00a0raisons de rester" in text_of(app.screen.query_one(SceneText))
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen) and app.screen.sub_title == "tout ce qui a été lu et choisi"
        await pilot.press("escape", "2")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        ending = app.screen.query_one(EndingMenu)
        assert str(ending.border_title) == "FIN\u00a0: Loin du canal (fin alternative)"
        assert app.said("Nouvelle fin (1 sur 1)\u00a0: Loin du canal")
        assert str(ending.get_option_at_index(0).prompt).endswith("Rejouer depuis le début")


async def test_the_language_setting_cycles_and_is_kept_for_the_next_start(saves: Path, clock: FakeClock) -> None:
    """g in Settings goes automatic -> English -> Français -> automatic, each written to the profile."""
    app = RecordingApp(load_story(PACK), saves, seed=1, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        label = app.screen.query_one("#language-label")
        assert "automatic" in str(label.render())
        kept = []
        for _ in range(3):
            await pilot.press("g")
            await pilot.pause()
            kept.append(json.loads((saves / FILE_NAME).read_text())["settings"].get("language", ""))
        assert kept == ["en", "fr", ""]
        assert "automatic" in str(label.render())
        await pilot.press("g", "g")
        await pilot.pause()
        assert "Français" in str(label.render())
