"""The title screen comes up from story.yaml's title and the pack loads behind it (issue 15).

New game pressed before the pack has loaded waits for it, saying so; a pack that fails behind
the title ends the game with the loader's one-line `file:line:col` error and exit 1, as a bad
pack did before the game started.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from game.story.title import quick_title
from game.tui.screens.title_screen import TitleScreen
from tests.tui.helpers import RecordingApp

SIZE = (80, 24)


def _labels(app: RecordingApp) -> list[str]:
    from textual.widgets import OptionList

    menu = app.screen.query_one("#menu", OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


async def test_new_game_pressed_while_loading_waits_then_starts(tiny_pack: Path, saves: Path, gate: threading.Event) -> None:
    """Until the pack loads, the title shows its title and 'loading…'; New game waits, then plays."""
    app = RecordingApp(tiny_pack, saves, seed=1, title="Tiny")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.05)
        assert isinstance(app.screen, TitleScreen) and not app.ready
        assert "TINY" in str(app.screen.query_one("#game-title").render())
        assert any("Continue  loading…" in label for label in _labels(app))
        await pilot.press("n")
        await pilot.pause(0.05)
        assert isinstance(app.screen, TitleScreen)
        assert "Loading the story" in str(app.screen.query_one("#title-status").render())
        gate.set()
        for _ in range(200):
            await pilot.pause(0.02)
            if type(app.screen).__name__ == "StoryScreen":
                break
        await pilot.pause()
        assert type(app.screen).__name__ == "StoryScreen" and app.playthrough.view.id == "street"


async def test_menu_is_whole_once_loaded(tiny_pack: Path, saves: Path) -> None:
    app = RecordingApp(tiny_pack, saves, seed=1, title="Tiny")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app.ready:
                break
        await pilot.pause()
        labels = _labels(app)
        assert any("(no game in progress)" in label for label in labels)
        assert any("Endings  0 of" in label for label in labels), labels


def test_a_pack_broken_behind_the_title_is_the_loaders_error(make_pack: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """story.yaml reads, a scene file does not: `play` still prints file:line:col and exits 1."""
    import game.cli
    import game.tui.app

    pack = make_pack(files={"scenes.yaml": "act: 1\nscenes:\n  street:\n    title: [unclosed\n"})
    assert quick_title(pack) == "Tiny"  # so the game does start, and loads the pack behind its title
    run = game.tui.app.LostBulletApp.run
    monkeypatch.setattr(game.tui.app.LostBulletApp, "run", lambda self: run(self, headless=True, size=SIZE))
    monkeypatch.setattr(game.cli, "_wants_plain", lambda args: False)
    code = game.cli.main(["play", "--scenes", str(pack), "--saves", str(tmp_path / "saves")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err and all(line.startswith(f"{pack / 'scenes.yaml'}:") for line in err), err
    assert "Traceback" not in "\n".join(err)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("title: Tiny\nversion: 1\n", "Tiny"),
        ("title: [a, list]\n", None),
        ('title: "bell\\a"\n', None),  # control characters: left to the loader
        ("title: Tiny\n  bad: indent\n", None),
        ("- a list\n", None),
        ("title: " + "x" * 70_000 + "\n", None),
    ],
)
def test_quick_title_reads_only_a_plain_title(tmp_path: Path, text: str, title: str | None) -> None:
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    assert quick_title(tmp_path) == title
    assert quick_title(tmp_path / "missing") is None
