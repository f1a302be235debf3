"""`play --load` draws the save's preview at once and loads the pack, then the save, behind it (issue 15).

The first story frame is the saved scene before the pack has loaded (the load waits on an
event here); keys that make moves wait for the load and the last one is made; the real view
then takes the screen, replacing a preview made on another text of the story; a save that
does not load goes back to the title as `--load` always did, and a pack that does not load
ends the game with the loader's error.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.preview import read_preview
from game.saves import SaveStore
from game.session import Session
from game.story.loader import load_story
from tests.tui.helpers import FakeClock, RecordingApp

SIZE = (80, 24)

LABELLED = """\
title: Tiny
version: 1
start: street
variables:
  heat: {type: int, initial: 0, min: 0, max: 3, label: Heat}
  lucky: {type: bool, initial: false, label: Lucky}
  paint: {type: enum, values: [primer, blue], initial: primer}
"""


def save(pack: Path, saves: Path, choices: tuple[str, ...] = ("wait",), slot: str = "slot") -> Session:
    session = Session(load_story(pack), 1)
    for choice in choices:
        session.choose(choice)
    SaveStore(saves, session.story).save(slot, session)
    return session


def previewing(pack: Path, saves: Path, clock: FakeClock | None = None, slot: str = "slot") -> RecordingApp:
    """The app as `play --load SLOT` builds it when the save has a preview."""
    preview = read_preview(saves / f"{slot}.json", "")
    assert preview is not None
    return RecordingApp(pack, saves, seed=1, load=slot, preview=preview, **({"clock": clock} if clock else {}))


async def until(pilot: Any, done: Callable[[], bool]) -> None:
    for _ in range(250):
        if done():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("never happened")


def loaded(app: RecordingApp) -> Callable[[], bool]:
    return lambda: app.ready and app.playthrough.active


def shown_text(app: RecordingApp) -> str:
    return str(app.screen.query_one("#scene-text").content)


def panel_body(app: RecordingApp) -> str:
    return str(app.screen.query_one("#panel-body").content)


async def test_the_first_frame_is_the_saved_scene_and_a_key_pressed_meanwhile_is_made_once_loaded(
    make_pack: Callable[..., Path], saves: Path, gate: threading.Event
) -> None:
    """Before the pack has loaded: the saved text, header line and panel; '1' waits, and is made after the load."""
    pack = make_pack(LABELLED)
    session = save(pack, saves, ("wait", "wait"))
    app = previewing(pack, saves)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "StoryScreen" and not app.ready
        assert "Sirens, 2 of them." in shown_text(app)
        assert (app.screen.title, app.screen.sub_title) == ("ACT I, scene 3", "The street (2)")
        await pilot.press("i")
        await pilot.pause()
        before = panel_body(app)
        assert "Heat" in before and "2/3" in before and "Lucky" in before
        await pilot.press("1")
        await pilot.pause()
        assert not app.ready
        gate.set()
        await until(pilot, lambda: loaded(app)() and len(app.playthrough.session.log) == 3)
        assert app.playthrough.session.log == (*session.log, "street.wait")
        assert app.screen._shown == app.playthrough.view and "Sirens, 3 of them." in shown_text(app)
        assert "3/3" in panel_body(app) and "(+1)" in panel_body(app)


async def test_once_loaded_the_screen_shows_the_sessions_own_view(
    make_pack: Callable[..., Path], saves: Path, clock: FakeClock, gate: threading.Event
) -> None:
    """Same pack: the real view equals the preview's, play time counts from the load, and Escape reaches a title screen."""
    pack = make_pack(LABELLED)
    save(pack, saves)
    app = previewing(pack, saves, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        preview = app.screen._shown
        clock.advance(50)  # before the load: not play time
        gate.set()
        await until(pilot, loaded(app))
        assert app.screen._shown == app.playthrough.view == preview
        assert app.screen.title == "ACT I, scene 2" and not app.notes
        clock.advance(30)
        assert app.playthrough.playtime == 30
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "TitleScreen"
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "StoryScreen" and app.playthrough.session.log == ("street.wait",)


async def test_a_stale_preview_is_replaced_and_a_key_pressed_on_it_is_dropped(
    make_pack: Callable[..., Path], saves: Path, gate: threading.Event
) -> None:
    """The pack changed since the save: the real text replaces the preview's, with the load's notice,
    and a choice pressed on the old text is not made on the new one."""
    pack = make_pack()
    save(pack, saves)
    scenes = pack / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("A wet street.", "A dry street."))
    app = previewing(pack, saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "A wet street." in shown_text(app)
        await pilot.press("1")
        gate.set()
        await until(pilot, loaded(app))
        assert "A dry street." in shown_text(app) and "wet" not in shown_text(app)
        assert app.said("The story has changed since this save")
        await pilot.pause(0.05)
        assert app.playthrough.session.log == ("street.wait",)


async def test_the_countdown_of_a_timed_scene_starts_only_after_the_load(
    timed_pack: Path, saves: Path, clock: FakeClock, gate: threading.Event
) -> None:
    """While the preview shows, the countdown is drawn full and held, whatever the clock does; it counts once loaded."""
    from game.tui.widgets.countdown import Countdown

    save(timed_pack, saves, ())
    app = previewing(timed_pack, saves, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.15)  # laid out, and past a tick of the countdown's 0.1 s interval
        countdown = app.screen.query_one(Countdown)
        assert countdown.display and countdown.held and not countdown.counting
        clock.advance(100)
        await pilot.pause(0.15)
        assert countdown.remaining == 8
        gate.set()
        await until(pilot, loaded(app))
        await pilot.pause(0.05)
        assert countdown.running and not countdown.held
        clock.advance(5)
        await pilot.pause(0.15)
        assert 2.9 < countdown.remaining <= 3 and app.playthrough.session.log == ()


async def test_a_save_the_pack_does_not_load_goes_back_to_the_title(make_pack: Callable[..., Path], saves: Path, tmp_path: Path) -> None:
    """A preview of another story's save shows, then the load fails as `--load` fails: the title, and why."""
    other = make_pack("title: Other\nversion: 1\nstart: street\nvariables:\n  heat: {type: int, initial: 0, min: 0, max: 3}\n"
                      "  lucky: {type: bool, initial: false}\n  paint: {type: enum, values: [primer, blue], initial: primer}\n")
    save(other, saves)
    app = previewing(make_pack(), saves)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.ready and type(app.screen).__name__ == "TitleScreen")
        assert not app.playthrough.active and app.said("Cannot load that save") and app.said("another story")


def test_a_pack_that_fails_behind_the_preview_is_the_loaders_error(
    make_pack: Callable[..., Path], saves: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`play --load` whose pack breaks after the save: file:line:col and exit 1, as behind the title."""
    import game.cli
    import game.tui.app

    pack = make_pack()
    save(pack, saves)
    (pack / "scenes.yaml").write_text("act: 1\nscenes:\n  street:\n    title: [unclosed\n")
    run = game.tui.app.LostBulletApp.run
    monkeypatch.setattr(game.tui.app.LostBulletApp, "run", lambda self: run(self, headless=True, size=SIZE))
    monkeypatch.setattr(game.cli, "_wants_plain", lambda args: False)
    code = game.cli.main(["play", "--scenes", str(pack), "--saves", str(saves), "--load", "slot"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err and all(line.startswith(f"{pack / 'scenes.yaml'}:") for line in err), err


TAMPERED = "\x1b]52;c;aGk=\x07[bold red]loud[/]\x9b2J"


async def test_a_tampered_preview_writes_no_control_character_and_no_markup(make_pack: Callable[..., Path], saves: Path, gate: threading.Event) -> None:
    """Escapes are removed from every string a preview shows, and Rich markup in it shows as written."""
    pack = make_pack(LABELLED)
    save(pack, saves)
    path = saves / "slot.json"
    data = json.loads(path.read_text())
    preview = data["preview"]
    preview["headline"] = preview["view"]["title"] = preview["view"]["text"] = TAMPERED
    preview["view"]["choices"][0]["text"] = preview["panel"]["rows"][0]["label"] = TAMPERED
    path.write_text(json.dumps(data))
    app = previewing(pack, saves)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        shown = [shown_text(app), app.screen.title, app.screen.sub_title, panel_body(app)]
        shown.append(app.screen.query_one("#choices").choices[0].text)  # drawn as a Text: never parsed for markup
        for text in shown:
            assert "[bold red]loud[/]" in text and not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)
        gate.set()
        await until(pilot, loaded(app))
        assert "A wet street." in shown_text(app) and "loud" not in shown_text(app)
