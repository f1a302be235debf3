"""A save's preview (`game.preview`): written with every save, read strictly and cheaply for `play --load`.

A preview that is missing, of another language, or out of shape in any way is no preview:
`play --load` then loads the pack first, as it did before previews existed.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import game.cli
import game.preview
import game.saves
from game.headline import headline
from game.panel import panel_view
from game.preview import read_preview
from game.saves import SaveStore
from game.session import Session
from game.story.loader import load_story
from tests.conftest import TINY_SCENES

TIMED = TINY_SCENES.replace("      - {id: walk, text: Walk home, if: heat >= 2, to: home}",
                            "      - {id: walk, text: Walk home, if: heat >= 2, to: home}\n    timer: {seconds: 8, default: wait}")


@pytest.fixture
def saved(make_pack: Callable[..., Path], tmp_path: Path) -> tuple[Session, Path]:
    """A timed scene (so every part of a view is there) saved after one choice: (session, file)."""
    session = Session(load_story(make_pack(files={"scenes.yaml": TIMED})), 1)
    session.choose("wait")
    SaveStore(tmp_path / "saves", session.story).save("slot", session)
    return session, tmp_path / "saves" / "slot.json"


def test_a_saves_preview_is_what_the_story_screen_shows(saved: tuple[Session, Path]) -> None:
    """Read back, the preview is the session's view, its header line and its panel, in the save's language."""
    session, path = saved
    preview = read_preview(path, "")
    assert preview is not None and preview.view.timer is not None
    assert preview.view == session.view()
    assert preview.headline == headline(session.story, session.log, session.view()) == "ACT I, scene 2"
    assert preview.panel == panel_view(session.story, session.variables)
    assert read_preview(path, "fr") is None  # shown in another language than the game's: not used


def test_the_preview_reads_the_save_format_of_the_store() -> None:
    assert game.preview.SAVE_FORMAT == game.saves.FORMAT_VERSION
    assert game.preview.MAX_SAVE_BYTES == game.saves.MAX_SAVE_BYTES


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        where = data
        for key in path[:-1]:
            where = where[key]
        if value is _DELETE:
            del where[path[-1]]
        else:
            where[path[-1]] = value
    return change


_DELETE = object()


@pytest.mark.parametrize(
    "change",
    [
        _set(("preview",), _DELETE),  # a save of before previews
        _set(("format",), 2),
        _set(("preview",), []),
        _set(("preview", "view", "act"), "1"),
        _set(("preview", "view", "act"), True),
        _set(("preview", "view", "turn"), -1),
        _set(("preview", "view", "text"), None),
        _set(("preview", "view", "text"), "x" * (game.preview.MAX_TEXT + 1)),
        _set(("preview", "view", "title"), "x" * (game.preview.MAX_LINE + 1)),
        _set(("preview", "view", "choices"), {"id": "wait"}),
        _set(("preview", "view", "choices"), [{"id": "wait", "event": "street.wait", "text": "Wait"}] * (game.preview.MAX_CHOICES + 1)),
        _set(("preview", "view", "choices", 0, "text"), 7),
        _set(("preview", "view", "timer", "default"), "nowhere"),  # the countdown would name no choice
        _set(("preview", "view", "timer", "seconds"), 3601),
        _set(("preview", "view", "ending"), "the end"),
        _set(("preview", "view", "extra"), 1),
        _set(("preview", "view", "note"), _DELETE),
        _set(("preview", "panel", "rows"), [{"label": "Heat", "value": "1/3", "bar": [9, 9]}]),
        _set(("preview", "panel", "rows"), [{"label": "Heat", "value": "1/3", "bar": [-1, 3]}]),
        _set(("preview", "panel", "title"), ["Status"]),
        _set(("preview", "headline"), 3),
        _set(("preview", "language"), None),
    ],
)
def test_a_preview_out_of_shape_is_no_preview(saved: tuple[Session, Path], change: Callable[[dict[str, Any]], None]) -> None:
    """Wrong types, unknown or missing keys, strings or lists past their bounds: None, never an error."""
    _session, path = saved
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    assert read_preview(path, "") is None


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe", b"[1, 2]", b'{"format": 1, "preview": ' + b"[" * 100_000 + b"]}", b'{"n": 1' + b"0" * 200 + b"}"])
def test_a_file_that_is_not_a_save_is_no_preview(tmp_path: Path, raw: bytes) -> None:
    (tmp_path / "slot.json").write_bytes(raw)
    assert read_preview(tmp_path / "slot.json", "") is None
    assert read_preview(tmp_path / "missing.json", "") is None
    assert read_preview(tmp_path, "") is None  # a folder


def test_control_characters_are_removed_as_the_loader_keeps_them_out(saved: tuple[Session, Path]) -> None:
    """C0 (but newline and tab), DEL and C1 go from every string; the rest stays as written."""
    _session, path = saved
    data = json.loads(path.read_text())
    data["preview"]["view"]["text"] = "a\x1b[2Jb\x07\x7f\x9b\n\tc [red]d[/]"
    data["preview"]["view"]["choices"][0]["text"] = "\x00Wait\x85"
    path.write_text(json.dumps(data))
    preview = read_preview(path, "")
    assert preview is not None
    assert preview.view.text == "a[2Jb\n\tc [red]d[/]" and preview.view.choices[0].text == "Wait"


def _args(pack: Path, saves: Path, *more: str) -> argparse.Namespace:
    return game.cli._parser().parse_args(["play", "--scenes", str(pack), "--saves", str(saves), *more])


def test_play_load_uses_the_preview_only_when_the_save_has_one(saved: tuple[Session, Path], tmp_path: Path) -> None:
    """With a preview the app starts on it, the pack not loaded; a save without one (an older
    save) loads the pack first as before, and still loads exactly as it did."""
    session, path = saved
    pack, saves = Path(session.story.root), path.parent
    app = game.cli.tui_app(_args(pack, saves, "--load", "slot"))
    assert app.preview is not None and not app.ready
    data = json.loads(path.read_text())
    del data["preview"]
    path.write_text(json.dumps(data))
    app = game.cli.tui_app(_args(pack, saves, "--load", "slot"))
    assert app.preview is None and app.ready and app.load_at_start == "slot"
    restored = Session(app.story, 0)
    assert SaveStore(saves, app.story).load("slot", restored).view == session.view()


def test_a_bad_slot_name_is_still_a_usage_error(saved: tuple[Session, Path], capsys: pytest.CaptureFixture[str]) -> None:
    session, path = saved
    code = game.cli.main(["play", "--scenes", session.story.root, "--saves", str(path.parent), "--load", "../slot"])
    assert code == 2 and "bad save name" in capsys.readouterr().err


def test_a_preview_in_another_language_than_the_games_is_not_shown(saved: tuple[Session, Path]) -> None:
    """Saved in the pack's language, played with --lang fr: the pack (in French) loads first, as before."""
    from game.i18n import interface

    session, path = saved
    try:
        app = game.cli.tui_app(_args(Path(session.story.root), path.parent, "--lang", "fr", "--load", "slot"))
        assert app.preview is None and app.ready and app.language == "fr"
    finally:
        interface.use("")  # the interface of the tests after this one is English
