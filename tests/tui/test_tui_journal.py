"""The journal (issue 17, point 3): the whole backlog, laid out as the game goes so opening it
costs no more late in a game, opened at "you are here", with contents and "go back to here"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from game.tui.journal_pages import JournalPages
from game.tui.screens.journal_screen import JournalScreen
from game.tui.screens.story_screen import StoryScreen
from game.tui.widgets.journal_view import JournalView
from tests.tui.helpers import SIZE, RecordingApp, start_new_game

AppFactory = Callable[..., RecordingApp]


def journal_text(pages: JournalPages) -> str:
    return "\n".join("".join(segment.text for segment in line).rstrip() for line in pages.lines)


async def open_journal(pilot: Any) -> JournalScreen:
    await pilot.press("j")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, JournalScreen)
    return screen


async def test_journal_holds_the_full_backlog_and_opens_at_you_are_here(make_app: AppFactory) -> None:
    """Every scene read, oldest first, with the choice taken; the current scene at the top; Escape goes back."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "1", "1")
        await pilot.pause()
        screen = await open_journal(pilot)
        text = journal_text(app.journal_pages)
        assert text.index("1. The street (0)") < text.index("You chose: Wait") < text.index("2. The street (1)")
        assert text.rstrip().endswith("(You are here.)") and text.count("ACT I") == 1
        view = screen.query_one(JournalView)
        assert view.here == 3 and round(view.scroll_y) == app.journal_pages.starts[3] > 0
        assert "you are here" in str(screen.query_one("#journal-here").content)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)


async def test_the_journal_is_laid_out_as_the_game_goes_not_when_it_opens(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each scene adds one entry as it is played; opening the journal lays out nothing more, at any length."""
    laid_out: list[int] = []
    sync = JournalPages.sync
    monkeypatch.setattr(JournalPages, "sync", lambda self, *a: laid_out.append(sync(self, *a)) or laid_out[-1])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        for _ in range(6):
            await pilot.press("1")
            await pilot.pause()
        assert len(app.journal_pages.starts) == 7 and max(laid_out) == 2  # the last entry (now chosen) and the new one, never the whole game
        laid_out.clear()
        await open_journal(pilot)
        assert sum(laid_out) == 0
        await pilot.press("escape", "u")
        await pilot.pause()
        await open_journal(pilot)
        assert len(app.journal_pages.starts) == 6 and "7. The street" not in journal_text(app.journal_pages)


async def test_contents_and_go_back_to_here(make_app: AppFactory) -> None:
    """c lists the act and its scenes; picking one goes there; b then takes the game back to it, after asking."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "1", "1", "1")
        await pilot.pause()
        screen = await open_journal(pilot)
        await pilot.press("c")
        await pilot.pause()
        toc = screen.query_one("#journal-toc")
        prompts = [str(toc.get_option_at_index(i).prompt) for i in range(toc.option_count)]
        assert prompts[0] == "ACT I" and prompts[1].strip() == "1. The street (0)" and len(prompts) == 6
        await pilot.press("up", "up", "enter")  # from "you are here" (5) to 3
        await pilot.pause()
        assert not toc.display and screen.query_one(JournalView).here == 2
        await pilot.press("b")
        await pilot.pause()
        assert "choices after it" in str(app.screen.query_one(".question").content)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.playthrough.session.log == ("street.wait", "street.wait") and app.screen.sub_title == "The street (2)"


async def test_after_continue_the_journal_is_replayed_once(make_app: AppFactory) -> None:
    """A game resumed from the autosave has its whole journal, read from the replayed log."""
    first = make_app()
    async with first.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "2")
        await pilot.pause()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await open_journal(pilot)
        text = journal_text(app.journal_pages)
        assert "You chose: Paint it blue" in text and len(app.journal_pages.starts) == 3
