"""Save files: round trips, every kind of bad file, interrupted writes, and saves across story edits."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from game import atomic
from game.errors import SaveError, UsageError
from game.saves import FORMAT_VERSION, SaveStore
from game.session import Session
from game.story.loader import load_story
from game.story.model import Story
from tests.conftest import REPO, TINY_SCENES, TINY_STORY


def played(story: Story, *choices: str, seed: int = 4) -> Session:
    session = Session(story, seed)
    for choice in choices:
        session.choose(choice)
    return session


def save_on(folder: Path, story: Story, *choices: str) -> None:
    """A save in slot `slot` of `folder`, made on `story` after `choices`."""
    SaveStore(folder, story).save("slot", played(story, *choices))


def test_save_and_load_round_trip(tiny: Story, tmp_path: Path) -> None:
    """A loaded save restores scene, variables, seed and undo; the listing shows title, act, turn, time and playtime."""
    store = SaveStore(tmp_path / "saves", tiny)
    session = played(tiny, "wait", "paint")
    info = store.save("evening", session, playtime=93.25)
    assert (info.scene_title, info.act, info.turn, info.playtime) == ("The street (1)", 1, 2, 93.2)
    other = Session(tiny, 0)
    loaded = store.load("evening", other)
    assert loaded.view == session.view() and loaded.notice is None and loaded.playtime == 93.2
    assert other.snapshot() == session.snapshot()
    assert other.undo().title == "The street (1)"
    (listed,) = store.slots()
    assert listed == info
    assert json.loads((tmp_path / "saves" / "evening.json").read_text())["format"] == FORMAT_VERSION


def test_a_save_at_the_ending_is_small(tiny: Story, tmp_path: Path) -> None:
    """A save holds the log and the state, not the text: a few hundred bytes."""
    store = SaveStore(tmp_path, tiny)
    store.save("end", played(tiny, "wait", "run"))
    assert (tmp_path / "end.json").stat().st_size < 2_000


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b'{"format": 1, "story": {', "not valid JSON (line 1, column 25)"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[1, 2]", "not a save file"),
        (b'{"format": 99}', "made by a newer version of the game (format 99)"),
        (b'{"format": "one"}', "unknown format 'one'"),
    ],
)
def test_bad_save_files_give_one_line_and_are_kept(tiny: Story, tmp_path: Path, content: bytes, message: str) -> None:
    """Empty, truncated, binary, wrong-shape and future-version files raise one-line SaveErrors; the file is untouched."""
    path = tmp_path / "slot.json"
    path.write_bytes(content)
    session = played(tiny, "wait")
    before = session.snapshot()
    with pytest.raises(SaveError, match=re.escape(message)) as err:
        SaveStore(tmp_path, tiny).load("slot", session)
    assert "\n" not in str(err.value)
    assert session.snapshot() == before
    assert path.read_bytes() == content


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda d: d.pop("log"), "'log' is missing"),
        (lambda d: d.update(seed="7"), "'seed' has the wrong type"),
        (lambda d: d["scene"].pop("title"), "'scene.title' is missing"),
        (lambda d: d["state"]["vars"].update(heat=99), "not a valid value for 'heat'"),
        (lambda d: d["state"].update(scene="moon"), "no scene 'moon'"),
        (lambda d: d["story"].update(title="Another Game"), "belongs to another story"),
    ],
)
def test_hand_edited_saves_are_refused_clearly(tiny: Story, tmp_path: Path, edit: Callable[[dict], None], message: str) -> None:
    """A save edited by hand into nonsense is refused with a line naming the problem."""
    store = SaveStore(tmp_path, tiny)
    store.save("slot", played(tiny, "wait"))
    data = json.loads((tmp_path / "slot.json").read_text())
    edit(data)
    (tmp_path / "slot.json").write_text(json.dumps(data))
    with pytest.raises(SaveError, match=message):
        store.load("slot", Session(tiny))


def test_listing_includes_damaged_slots(tiny: Story, tmp_path: Path) -> None:
    """Damaged files appear in the listing with their error, after the good ones; other files are ignored."""
    store = SaveStore(tmp_path, tiny)
    store.save("good", played(tiny, "wait"))
    (tmp_path / "bad.json").write_text("{")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "old.corrupt.json").write_text("{")
    slots = store.slots()
    assert [s.slot for s in slots] == ["good", "bad"]
    assert slots[1].error is not None and "damaged" in slots[1].error


def test_saving_over_a_damaged_file_sets_it_aside(tiny: Story, tmp_path: Path) -> None:
    """A new save never destroys an unreadable file: it is renamed SLOT.corrupt.json first."""
    (tmp_path / "slot.json").write_text("{half a save")
    SaveStore(tmp_path, tiny).save("slot", played(tiny, "wait"))
    assert (tmp_path / "slot.corrupt.json").read_text() == "{half a save"
    (tmp_path / "slot.json").write_text("{again")
    SaveStore(tmp_path, tiny).save("slot", played(tiny, "wait"))
    assert (tmp_path / "slot.corrupt-2.json").read_text() == "{again"


@pytest.mark.parametrize("slot", ["../outside", "a/b", "..", "", "x.json", "/abs"])
def test_slot_names_cannot_leave_the_folder(tiny: Story, tmp_path: Path, slot: str) -> None:
    """Names with separators or dots are refused before any file is touched."""
    with pytest.raises(UsageError):
        SaveStore(tmp_path / "saves", tiny).save(slot, Session(tiny))
    assert not (tmp_path / "outside.json").exists()


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_failure_at_any_step_of_a_save_keeps_the_previous_one(
    tiny: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """Injecting a failure while writing, syncing or renaming leaves the old save whole and no temp file behind."""
    tmp_path = tmp_path / "saves"
    store = SaveStore(tmp_path, tiny)
    store.save("slot", played(tiny, "wait"))
    before = (tmp_path / "slot.json").read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if step == "write":
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, handle: int, mode: str) -> None:
                self.inner = real_fdopen(handle, mode)

            def __enter__(self) -> "Failing":
                return self

            def __exit__(self, *exc: object) -> None:
                self.inner.close()

            def write(self, data: bytes) -> None:
                self.inner.write(data[: len(data) // 2])
                boom()

        monkeypatch.setattr(atomic.os, "fdopen", Failing)
    else:
        monkeypatch.setattr(atomic.os, step, boom)
    with pytest.raises(SaveError, match="No space left on device"):
        store.save("slot", played(tiny, "wait", "paint"))
    monkeypatch.undo()
    assert (tmp_path / "slot.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["slot.json"]


def test_a_killed_writer_never_leaves_half_a_save(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """A process killed while saving over and over leaves a slot that always loads."""
    folder = make_pack()
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from game.saves import SaveStore
        from game.session import Session
        from game.story.loader import load_story
        story = load_story(Path({str(folder)!r}))
        store = SaveStore(Path({str(tmp_path)!r}), story)
        session = Session(story, 1)
        store.save("slot", session, playtime=0)
        print("ready", flush=True)
        n = 0
        while True:
            n += 1
            store.save("slot", session, playtime=n)
        """
    )
    for delay in (0.05, 0.13, 0.21):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        data = json.loads((tmp_path / "slot.json").read_text())
        assert data["format"] == FORMAT_VERSION and data["scene"]["id"]


def test_changed_story_replays_the_log(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """Editing prose changes the fingerprint; the save replays and says so in one line."""
    folder = make_pack()
    save_on(tmp_path, load_story(folder), "wait", "paint")
    (folder / "scenes.yaml").write_text(TINY_SCENES.replace("A wet street.", "A wet, black street."))
    session = Session(load_story(folder))
    loaded = SaveStore(tmp_path, session.story).load("slot", session)
    assert loaded.view.title == "The street (1)" and session.variables["paint"] == "blue"
    assert loaded.notice is not None and "your 2 choices were replayed" in loaded.notice


def test_removed_choice_resumes_at_the_last_point_that_replays(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """When a choice of the save is gone, the player resumes just before it and is told which."""
    folder = make_pack()
    save_on(tmp_path, load_story(folder), "wait", "paint", "wait")
    (folder / "scenes.yaml").write_text(
        TINY_SCENES.replace('      - {id: paint, text: Paint it blue, if: paint == "primer", do: paint = "blue", to: street}\n', "")
    )
    session = Session(load_story(folder))
    loaded = SaveStore(tmp_path, session.story).load("slot", session)
    assert session.log == ("street.wait",)
    assert loaded.notice is not None
    assert "'street.paint' no longer exists" in loaded.notice and "after 1 of 3 choices" in loaded.notice


def test_renames_let_saves_follow(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """Renaming a scene and a choice, declared under renamed:, keeps old saves replaying to the same place."""
    folder = make_pack()
    save_on(tmp_path, load_story(folder), "wait", "wait", "walk", "back", "paint")
    renamed = TINY_SCENES.replace("  home:\n", "  flat:\n").replace("to: home", "to: flat").replace("{id: back,", "{id: out,")
    (folder / "scenes.yaml").write_text(renamed)
    (folder / "story.yaml").write_text(TINY_STORY + "renamed:\n  home: flat\n  home.back: flat.out\n")
    session = Session(load_story(folder))
    loaded = SaveStore(tmp_path, session.story).load("slot", session)
    assert session.log == ("street.wait", "street.wait", "street.walk", "flat.out", "street.paint")
    assert loaded.notice is not None and "your 5 choices were replayed" in loaded.notice
