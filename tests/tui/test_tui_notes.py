"""A choice's `note:` ("Stella will remember that."): in the session's view of the next scene
(after undo and a load too), in plain text and transcripts, and dimmed above the prose in the
TUI, where Settings turns it off and the profile keeps that."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from game.profile import FILE_NAME
from game.session import Session
from game.story.loader import load_story
from game.transcript import render_scene
from game.tui.widgets.scene_text import SceneText
from tests.conftest import TINY_SCENES, TINY_STORY
from tests.tui.helpers import SIZE, RecordingApp, start_new_game

NOTED = TINY_SCENES.replace(
    "{id: wait, text: Wait, do: heat += 1, to: street}",
    "{id: wait, text: Wait, do: heat += 1, note: The night patrol will remember the car., to: street}",
)


def noted_pack(make_pack: Callable[..., Path]) -> Path:
    return make_pack(TINY_STORY, {"scenes.yaml": NOTED})


def test_the_note_belongs_to_the_view_after_the_choice_and_follows_undo(make_pack: Callable[..., Path]) -> None:
    session = Session(load_story(noted_pack(make_pack)), 1)
    assert session.view().note is None
    view = session.choose("wait")
    assert view.note == "The night patrol will remember the car."
    assert render_scene(view).splitlines()[2] == "(The night patrol will remember the car.)"
    session.choose("paint")
    assert session.view().note is None  # a choice with no note says nothing
    session.undo()
    assert session.view().note == "The night patrol will remember the car."


async def test_the_tui_shows_the_note_dimmed_and_settings_turn_it_off(make_pack: Callable[..., Path], saves: Path, clock: object) -> None:
    app = RecordingApp(load_story(noted_pack(make_pack)), saves, seed=1, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1")
        await pilot.pause()
        shown = app.screen.query_one(SceneText).render()
        assert shown.plain.startswith("The night patrol will remember the car.\n\nA wet street.")  # type: ignore[union-attr]
        assert any(span.start == 0 and "dim" in str(span.style) for span in shown.spans)  # type: ignore[union-attr]
        app.action_settings()
        await pilot.pause()
        await pilot.press("k", "escape")
        await pilot.pause()
        assert app.profile.settings.notes is False
        assert json.loads((saves / FILE_NAME).read_text())["settings"]["notes"] is False
        await pilot.press("1")
        await pilot.pause()
        shown = app.screen.query_one(SceneText).render()
        assert shown.plain.startswith("A wet street.")  # type: ignore[union-attr]
