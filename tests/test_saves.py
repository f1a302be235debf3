"""Save files: round trips, every kind of bad file, interrupted writes, and saves across story edits."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from game import atomic
from game.errors import SaveError, UsageError
from game.profile import FILE_NAME as PROFILE
from game.profile import Profile
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


# Issue 14, point 1: a save is healthy only when the whole of it loads, and is never written over.


def saved_data(story: Story, folder: Path, *choices: str) -> dict:
    """The JSON of a fresh save in `folder`/slot.json, for a test to edit."""
    SaveStore(folder, story).save("slot", played(story, *choices))
    return json.loads((folder / "slot.json").read_text())


def write_save(folder: Path, data: dict | str | bytes, slot: str = "slot") -> bytes:
    """Write a save file as given (a dict as JSON); returns its bytes."""
    raw = data if isinstance(data, bytes) else (data if isinstance(data, str) else json.dumps(data)).encode()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slot}.json").write_bytes(raw)
    return raw


def kept_bytes(folder: Path) -> list[bytes]:
    """The bytes of every file in `folder`, so a test can tell that an old file is still there."""
    return [p.read_bytes() for p in folder.iterdir() if p.is_file()]


SNAPSHOT_DAMAGE = [
    (lambda d: d["state"]["vars"].update(heat=99), "99 is not a valid value for 'heat'"),
    (lambda d: d["state"]["vars"].update(heat="hot"), "'hot' is not a valid value for 'heat'"),
    (lambda d: d["state"]["vars"].update(lucky=1), "1 is not a valid value for 'lucky'"),
    (lambda d: d["state"]["vars"].update(ghost=1), "unknown variable 'ghost'"),
    (lambda d: d["state"]["vars"].pop("paint"), "missing variable 'paint'"),
    (lambda d: d["state"].update(scene="moon"), "no scene 'moon'"),
    (lambda d: d["state"].update(rng=2**64), "'rng' must be a 64-bit whole number"),
    (lambda d: d["state"].update(rng=-1), "'rng' must be a 64-bit whole number"),
    (lambda d: d["state"].update(version=2), "format version 2"),
    (lambda d: d["state"].update(log=[1, 2]), "'log' must be a list of choice ids"),
    (lambda d: d["state"].update(seed=2**70), "'seed' must be a whole number of at most 64 bits"),
    (lambda d: d.update(seed=5), "'seed' and 'log' do not match"),
    (lambda d: d.update(log=["street.paint"]), "'seed' and 'log' do not match"),
    (lambda d: d["story"].update(version="1"), "'story.version' is missing or has the wrong type"),
    (lambda d: d["scene"].update(act=-1), "'scene.act' is out of range"),
    (lambda d: d["scene"].update(turn=10**9), "'scene.turn' is out of range"),
    (lambda d: d.update(playtime=-5), "'playtime' is out of range"),
    (lambda d: d.update(playtime=10**12), "'playtime' is out of range"),
]


@pytest.mark.parametrize("edit, message", SNAPSHOT_DAMAGE)
def test_a_save_that_would_not_load_is_listed_as_damaged_and_kept(
    tiny: Story, tmp_path: Path, edit: Callable[[dict], None], message: str
) -> None:
    """Every field is checked before a save is called healthy; saving over a bad one sets it aside first."""
    data = saved_data(tiny, tmp_path, "wait")
    edit(data)
    raw = write_save(tmp_path, data)
    store = SaveStore(tmp_path, tiny)
    (info,) = store.slots()
    assert info.error is not None and message in info.error and info.error.startswith("save 'slot' is damaged: ")
    with pytest.raises(SaveError, match=re.escape(message)):
        store.load("slot", Session(tiny))
    saved = store.save("slot", played(tiny, "paint"))
    assert saved.kept_as == "slot.corrupt.json" and (tmp_path / "slot.corrupt.json").read_bytes() == raw
    assert saved.kept_notice() == "The old 'slot' could not be loaded by this game; it was kept as slot.corrupt.json."
    assert store.slots()[0].error is None


def test_a_save_of_another_story_is_listed_as_such_and_set_aside_not_overwritten(tiny: Story, tmp_path: Path) -> None:
    """Another story's save is named as such; a save into its slot keeps it as SLOT.other-story.json and says so."""
    data = saved_data(tiny, tmp_path, "wait")
    data["story"]["title"] = "Lost Bullet 3"
    data["state"]["scene"] = "a_scene_tiny_has_not"
    raw = write_save(tmp_path, data)
    store = SaveStore(tmp_path, tiny)
    (info,) = store.slots()
    assert info.other_story == "Lost Bullet 3" and info.error == "save 'slot' belongs to another story: 'Lost Bullet 3'"
    with pytest.raises(SaveError, match="belongs to another story: 'Lost Bullet 3'"):
        store.load("slot", Session(tiny))
    saved = store.save("slot", played(tiny))
    assert saved.kept_as == "slot.other-story.json" and (tmp_path / "slot.other-story.json").read_bytes() == raw
    assert saved.kept_notice() is not None and "slot.other-story.json" in saved.kept_notice()


def test_a_save_on_a_changed_text_is_healthy_while_its_log_replays(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """Its snapshot may name a scene the story lost: only the log is replayed, so it lists as healthy and loads."""
    folder = make_pack()
    save_on(tmp_path, load_story(folder), "wait", "wait", "walk")
    (folder / "scenes.yaml").write_text(TINY_SCENES.replace("  home:\n", "  flat:\n").replace("to: home", "to: flat"))
    story = load_story(folder)
    store = SaveStore(tmp_path, story)
    (info,) = store.slots()
    assert info.error is None and info.scene_id == "home"
    session = Session(story)
    loaded = store.load("slot", session)
    assert session.log == ("street.wait", "street.wait", "street.walk") and session.scene_id == "flat"
    assert loaded.notice is not None and "your 3 choices were replayed" in loaded.notice


def test_a_save_on_a_changed_text_is_still_checked_where_no_story_is_needed(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """On a changed text the snapshot's version, rng and log are checked all the same."""
    folder = make_pack()
    data = saved_data(load_story(folder), tmp_path, "wait")
    data["state"]["rng"] = -3
    write_save(tmp_path, data)
    (folder / "scenes.yaml").write_text(TINY_SCENES.replace("A wet street.", "A dry street."))
    (info,) = SaveStore(tmp_path, load_story(folder)).slots()
    assert info.error is not None and "'rng' must be a 64-bit whole number" in info.error


# Issue 14, point 6: no file in the save folder crashes or hangs a front end.

LONG = ["street.wait"] * 20_001
HOSTILE = [
    (lambda d: json.dumps(d).replace('"playtime": 0.0', '"playtime": NaN'), "NaN is not a number this file may hold"),
    (lambda d: json.dumps(d).replace('"playtime": 0.0', '"playtime": Infinity'), "Infinity is not a number"),
    (lambda d: json.dumps(d).replace('"playtime": 0.0', '"playtime": -Infinity'), "-Infinity is not a number"),
    (lambda d: json.dumps(d).replace('"playtime": 0.0', '"playtime": 1e999'), "a number is too large"),
    (lambda d: json.dumps(d).replace('"playtime": 0.0', '"playtime": ' + "9" * 5000), "more than 100 digits"),
    (lambda d: json.dumps({**d, "saved_at": "0001-01-01T00:00:00+14:00"}), "'saved_at' is not an ISO 8601 time"),
    (lambda d: json.dumps({**d, "saved_at": "9999-12-31T23:59:59-14:00"}), "'saved_at' is not an ISO 8601 time"),
    (lambda d: json.dumps({**d, "saved_at": "2026-01-01T10:00:00"}), "with a time zone"),
    (lambda d: json.dumps({**d, "saved_at": "yesterday"}), "'saved_at' is not an ISO 8601 time"),
    (lambda d: '{"format": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    (lambda d: json.dumps({**d, "log": LONG, "state": {**d["state"], "log": LONG}}), "more than the 20,000 a game may keep"),
    (lambda d: json.dumps(d) + " " * (4 * 2**20), "larger than 4 MiB"),
]


@pytest.mark.parametrize("write, message", HOSTILE)
def test_hostile_numbers_times_and_shapes_are_damage_not_crashes(
    tiny: Story, tmp_path: Path, write: Callable[[dict], str], message: str
) -> None:
    """NaN, Infinity, 5,000 digits, times datetime cannot convert, deep nesting, a huge log or file: one line each."""
    data = saved_data(tiny, tmp_path)
    raw = write_save(tmp_path, write(data))
    store = SaveStore(tmp_path, tiny)
    (info,) = store.slots()
    assert info.error is not None and message in info.error and "\n" not in info.error
    with pytest.raises(SaveError, match=re.escape(message)):
        store.load("slot", Session(tiny))
    store.save("slot", played(tiny))
    assert (tmp_path / "slot.corrupt.json").read_bytes() == raw


def returns_within(seconds: float, work: Callable[[], object]) -> object:
    """Run `work` in a daemon thread; fail (instead of hanging the suite) if it blocks."""
    outcome: list[tuple[object, BaseException | None]] = []

    def run() -> None:
        try:
            outcome.append((work(), None))
        except BaseException as err:  # handed to the test's thread below
            outcome.append((None, err))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked reading the save folder"
    value, error = outcome[0]
    if error is not None:
        raise error
    return value


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_what_is_not_a_regular_file_is_refused_without_blocking(tiny: Story, tmp_path: Path, kind: str) -> None:
    """A FIFO with no writer, a symlink to /dev/zero, a folder named like a save: listed as not a regular file."""
    path = tmp_path / "slot.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    store = SaveStore(tmp_path, tiny)
    (info,) = returns_within(5, store.slots)  # type: ignore[misc]
    assert info.error == "save 'slot' is damaged: not a regular file"
    with pytest.raises(SaveError, match="not a regular file"):
        returns_within(5, lambda: store.load("slot", Session(tiny)))
    returns_within(5, lambda: store.save("slot", played(tiny)))
    assert os.path.lexists(tmp_path / "slot.corrupt.json") and store.slots()[0].error is None


def test_the_game_never_writes_a_save_it_would_refuse(tiny: Story, tmp_path: Path) -> None:
    """A game past the longest log a save keeps is refused in one line, and the slot keeps its last save."""
    store = SaveStore(tmp_path, tiny)
    store.save("slot", played(tiny, "wait"))
    before = (tmp_path / "slot.json").read_bytes()
    session = Session(tiny, 1)
    for _ in range(20_001):
        session.step("paint" if session.variables["paint"] == "primer" else "wait")
    with pytest.raises(SaveError, match=r"cannot save 'slot': snapshot: 'log' holds 20,001 choices, more than the 20,000"):
        store.save("slot", session)
    assert (tmp_path / "slot.json").read_bytes() == before


def test_saved_at_is_kept_as_utc(tiny: Story, tmp_path: Path) -> None:
    """A time written with another offset is listed in UTC, so the listing sorts and formats it safely."""
    data = saved_data(tiny, tmp_path)
    data["saved_at"] = "2026-03-01T12:00:00+02:00"
    write_save(tmp_path, data)
    (info,) = SaveStore(tmp_path, tiny).slots()
    assert info.saved_at == "2026-03-01T10:00:00+00:00"


# Issue 14, point 9: racing set-asides, orphan temporary files.


def test_setting_aside_a_file_already_gone_is_not_an_error(tmp_path: Path) -> None:
    """The second of two writers finds the damaged file moved: None, no exception, the first copy intact."""
    path = tmp_path / "slot.json"
    path.write_text("{")
    first = atomic.set_aside(path)
    assert first is not None and first.name == "slot.corrupt.json"
    assert atomic.set_aside(path) is None
    assert first.read_text() == "{"


def test_two_set_asides_never_take_the_same_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When another writer takes the name between the check and the move, the file goes to the next name."""
    path = tmp_path / "slot.json"
    path.write_text("mine")
    real_link = os.link

    def racing_link(src: Path, dst: Path, **kwargs: object) -> None:
        if Path(dst).name == "slot.corrupt.json" and not os.path.lexists(dst):
            Path(dst).write_text("theirs")  # the other writer, a moment earlier
        real_link(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "link", racing_link)
    kept = atomic.set_aside(path)
    assert kept is not None and kept.name == "slot.corrupt-2.json" and kept.read_text() == "mine"
    assert (tmp_path / "slot.corrupt.json").read_text() == "theirs" and not path.exists()


def test_set_aside_without_hard_links_renames_to_a_free_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system without hard links the move falls back to a rename that skips taken names."""
    (tmp_path / "slot.corrupt.json").write_text("older")
    path = tmp_path / "slot.json"
    path.write_text("newer")

    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    kept = atomic.set_aside(path)
    assert kept is not None and kept.name == "slot.corrupt-2.json" and kept.read_text() == "newer"
    assert (tmp_path / "slot.corrupt.json").read_text() == "older"


def test_writers_racing_over_one_damaged_slot_lose_nothing(tiny: Story, tmp_path: Path) -> None:
    """Threads saving at once over a damaged slot all succeed, and the damaged bytes are still in the folder."""
    raw = write_save(tmp_path, b"{damaged")
    store = SaveStore(tmp_path, tiny)
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            store.save("slot", played(tiny, "wait"))
        except BaseException as err:  # collected: the assertion below names them
            errors.append(err)

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and raw in kept_bytes(tmp_path)
    assert store.slots()[0].error is None


def test_stale_temporary_files_are_cleared_and_live_ones_kept(tiny: Story, tmp_path: Path) -> None:
    """Orphans of killed writers older than a minute go when the store opens or lists; a fresh one stays."""
    stale = tmp_path / ".slot.json.k2j4x9_a.tmp"
    live = tmp_path / ".autosave.json.q8w7e6r5.tmp"
    not_ours = tmp_path / ".notes.tmp"
    old = time.time() - 3600

    def orphan() -> None:
        stale.write_text("half")
        os.utime(stale, (old, old))

    for path in (live, not_ours):
        path.write_text("half")
    os.utime(not_ours, (old, old))
    orphan()
    store = SaveStore(tmp_path, tiny)
    assert not stale.exists() and live.exists() and not_ours.exists()
    orphan()
    assert store.slots() == []
    assert not stale.exists() and live.exists()


# Issue 14, point 6, the profile: read as carefully as a save.

PROFILE_OK = '{"format": 1, "settings": {"theme": "nord", "timers": true}, "endings": {"caught": "2026-01-01T00:00:00+00:00"}}'


@pytest.mark.parametrize(
    "content, message",
    [
        (PROFILE_OK.replace("true", "NaN"), "NaN is not a number"),
        (PROFILE_OK.replace('"format": 1', '"format": Infinity'), "Infinity is not a number"),
        (PROFILE_OK.replace('"format": 1', '"format": ' + "1" * 5000), "more than 100 digits"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (PROFILE_OK.replace("2026-01-01T00:00:00+00:00", "0001-01-01T00:00:00+14:00"), "ISO 8601 times"),
        (PROFILE_OK.replace("2026-01-01T00:00:00+00:00", "soon"), "ISO 8601 times"),
        (PROFILE_OK.replace('"nord"', '"' + "n" * 500 + '"'), "a setting has the wrong type"),
        (PROFILE_OK + " " * (256 * 1024), "larger than 256 KiB"),
    ],
)
def test_hostile_profiles_give_defaults_and_one_line(tmp_path: Path, content: str, message: str) -> None:
    """NaN, huge numbers, deep nesting, bad ending times, a huge file: defaults, one line, the file set aside on write."""
    (tmp_path / PROFILE).write_text(content)
    profile = Profile.load(tmp_path)
    assert profile.problem is not None and message in profile.problem and "\n" not in profile.problem
    assert profile.endings == {}
    profile.update(timers=False)
    assert (tmp_path / "player.profile.corrupt.json").read_text() == content


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_profile_that_is_not_a_regular_file_does_not_block(tmp_path: Path, kind: str) -> None:
    """A FIFO or a symlink to /dev/zero as the profile: defaults and one line, at once."""
    path = tmp_path / PROFILE
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    profile = returns_within(5, lambda: Profile.load(tmp_path))
    assert isinstance(profile, Profile) and profile.problem is not None and "not a regular file" in profile.problem
    returns_within(5, lambda: profile.update(theme="nord"))
    assert os.path.lexists(tmp_path / "player.profile.corrupt.json") and Profile.load(tmp_path).settings.theme == "nord"


def test_profile_ending_times_are_kept_as_utc(tmp_path: Path) -> None:
    """An ending time with another offset reads as the same moment in UTC."""
    (tmp_path / PROFILE).write_text(PROFILE_OK.replace("+00:00", "+01:00"))
    assert Profile.load(tmp_path).endings == {"caught": "2025-12-31T23:00:00+00:00"}


def test_a_save_keeps_its_typed_name_and_last_choice_and_older_saves_still_list(tiny: Story, tmp_path: Path) -> None:
    """`name` and `last_choice` are optional fields: kept and listed when given, absent in older
    saves (which list as before), and a save whose name is not text is damaged, not a crash."""
    store = SaveStore(tmp_path, tiny)
    store.save("avant-le-cafe", played(tiny, "wait"), name="Avant le café", last_choice="Wait")
    store.save("plain", played(tiny, "wait"))
    listed = {info.slot: info for info in store.slots()}
    assert listed["avant-le-cafe"].shown_name == "Avant le café" and listed["avant-le-cafe"].last_choice == "Wait"
    assert listed["plain"].name is None and listed["plain"].shown_name == "plain" and listed["plain"].log == ("street.wait",)
    data = json.loads((tmp_path / "plain.json").read_text())
    assert data["format"] == FORMAT_VERSION and "name" not in data
    data["name"] = 7
    (tmp_path / "plain.json").write_text(json.dumps(data))
    assert "'name' must be text" in (store.info("plain").error or "")
