"""Commands that need no TUI never import Textual, and the engine imports no YAML or UI.

Checked in fresh subprocesses, so one test's imports cannot hide another's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO


def modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "scenes"],
        ["graph", "--format", "json"],
        ["explore", "--random", "5"],
        ["explore", "--exhaustive", "--scenes", "tests/fixtures/ignored_choices"],
        ["walk", "tests/walkthroughs/canonical.walk.yaml"],
    ],
)
def test_tool_commands_never_import_textual(command: list[str]) -> None:
    """Running validate, graph, explore and walk through the CLI leaves Textual out of sys.modules."""
    loaded = modules_after(
        "import contextlib, io\nfrom game.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    main({command!r})"
    )
    assert "game.cli" in loaded and "game.story.loader" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert "babel" not in loaded  # catalogs are read only when a language is asked for (--lang)


def test_init_never_imports_textual(tmp_path: Path) -> None:
    """`init` writes and checks a pack without loading any front end."""
    pack = tmp_path / "pack"
    loaded = modules_after(
        "import contextlib, io\nfrom game.cli import main\n"
        f"with contextlib.redirect_stderr(io.StringIO()):\n"
        f"    assert main(['init', {str(pack)!r}]) == 0"
    )
    assert "game.tools.starter" in loaded and (pack / "story.yaml").is_file()
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_engine_and_session_import_no_yaml_and_no_ui() -> None:
    """The engine layer is pure: importing it brings in neither PyYAML nor Textual."""
    loaded = modules_after("import game.engine.turns, game.engine.machine, game.engine.rng")
    assert "yaml" not in loaded and "textual" not in loaded
    assert "transitions" in loaded


def test_importing_game_costs_nothing() -> None:
    """`import game` loads only the version, not the loader, engine or CLI."""
    loaded = modules_after("import game")
    assert not {m for m in loaded if m.startswith("game.")}


def test_language_server_never_imports_textual() -> None:
    """`lostbullet lsp` builds its server and checks a pack (static and deep) without loading any front end."""
    loaded = modules_after(
        "from pathlib import Path\nfrom game.cli import _parser\nfrom game.lsp.server import build\n"
        "from game.lsp.workspace import check, deep_only\n"
        "_parser().parse_args(['lsp', '--tcp', '9999'])\nbuild()\n"
        "assert check(Path('tests/fixtures/ignored_choices'), {})\n"
        "import os, sys\nout = os.dup(1)\ndeep_only('tests/fixtures/ignored_choices', {})\nos.dup2(out, 1)"
    )
    assert {"game.lsp.server", "pygls", "game.tools.lint", "game.tools.statespace"} <= loaded


def test_the_story_map_data_imports_no_textual() -> None:
    """`game.storymap` (layout, discovery, canvas, reread) is data for the TUI, not part of it."""
    loaded = modules_after("import game.storymap.layout, game.storymap.discovery, game.storymap.canvas, game.storymap.reread")
    assert "game.storymap.canvas" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_the_games_title_screen_needs_no_story_model(tmp_path: Path) -> None:
    """`play` sets up its title screen from story.yaml's title alone: the loader, its pydantic
    models, the session and the story screen load behind it (issue 15), Babel not at all."""
    loaded = modules_after(
        "import game.cli\n"
        f"args = game.cli._parser().parse_args(['play', '--scenes', 'scenes', '--saves', {str(tmp_path)!r}])\n"
        "app = game.cli.tui_app(args)\nassert app.pack is not None and app.title"
    )
    assert "game.tui.screens.title_screen" in loaded
    assert not {"pydantic", "game.story.model", "game.story.loader", "game.session", "game.tui.screens.story_screen", "babel"} & loaded


def test_play_load_draws_its_first_story_frame_without_the_story_model(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """`play --load SLOT` of a save with a preview: at the story screen's first frame, neither
    pydantic, the loader, the session nor the saves are imported; the pack loads behind it (issue 15)."""
    from game.saves import SaveStore
    from game.session import Session
    from game.story.loader import load_story

    pack, saves = make_pack(), tmp_path / "saves"
    session = Session(load_story(pack), 1)
    SaveStore(saves, session.story).save("slot", session)
    script = (
        "import asyncio, json, sys\nimport game.cli\n"
        f"args = game.cli._parser().parse_args(['play', '--scenes', {str(pack)!r}, '--saves', {str(saves)!r}, '--load', 'slot'])\n"
        "app = game.cli.tui_app(args)\nfirst = []\ndisplay = app._display\n"
        "def spy(screen, update):\n"
        "    if not first and type(app.screen).__name__ == 'StoryScreen':\n"
        "        first.append(sorted(sys.modules))\n"
        "    return display(screen, update)\n"
        "app._display = spy\n"
        "async def run():\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        while not (first and app.ready):\n"
        "            await pilot.pause(0.01)\n"
        "asyncio.run(run())\nprint(json.dumps(first[0]))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert {"game.tui.screens.story_screen", "game.preview"} <= loaded
    assert not {"pydantic", "game.story.model", "game.story.loader", "game.session", "game.saves", "game.engine.turns", "yaml"} & loaded
