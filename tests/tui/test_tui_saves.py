"""Saving through the TUI: quicksave and quickload, named slots, damaged and out-of-date saves."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from game.paths import slot_name
from game.saves import AUTOSAVE, BEFORE_LOAD, QUICKSAVE, SaveStore
from game.session import Session
from game.story.loader import load_story
from game.tui.screens.saves_screen import SavesScreen, played, saved_ago, saved_when
from game.tui.screens.story_screen import StoryScreen
from game.tui.screens.title_screen import TitleScreen
from tests.conftest import TINY_SCENES
from tests.tui.helpers import SIZE, RecordingApp, start_new_game

AppFactory = Callable[..., RecordingApp]


def slot_lines(screen: SavesScreen) -> list[str]:
    slots = screen.query_one("#slots")
    return [str(slots.get_option_at_index(i).prompt) for i in range(slots.option_count)]


async def test_quicksave_and_quickload_asks_and_can_be_undone(make_app: AppFactory, saves: Path) -> None:
    """F5 saves the spot; F9 after more play asks first (no keeps the game), then brings the game
    back to it; the game it left is the 'before load' save, and loading that undoes the load."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "f5")
        await pilot.pause()
        assert (saves / f"{QUICKSAVE}.json").is_file()
        assert app.said("Quicksaved: The street (1) (F9)")
        await pilot.press("f9")  # nothing to lose: no question
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen) and not (saves / f"{BEFORE_LOAD}.json").exists()
        await pilot.press("1", "1")
        await pilot.pause()
        assert app.screen.sub_title == "The street (3)"
        await pilot.press("f9")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        assert "You leave your game at The street (3)" in str(app.screen.query_one(".question").content)
        await pilot.press("n")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.wait",) * 3
        await pilot.press("f9", "y")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.wait",)
        assert app.screen.sub_title == "The street (1)"
        assert app.said("Left The street (3): see 'before load' (l).")
        await pilot.press("l")
        await pilot.pause()
        entry = next(line for line in slot_lines(app.screen) if line.startswith("before load"))
        assert "last: Wait" in entry
        slots = app.screen.query_one("#slots")
        while slots.highlighted_option.id != BEFORE_LOAD:
            await pilot.press("down")
        await pilot.press("enter", "y")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.wait",) * 3 and isinstance(app.screen, StoryScreen)


async def test_quickload_without_a_quicksave_is_a_message(make_app: AppFactory) -> None:
    """F9 before any F5 says there is no such save, and the game goes on."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "f9")
        await pilot.pause()
        assert app.said("no save named 'quicksave'")
        assert app.playthrough.session.log == ("street.wait",) and isinstance(app.screen, StoryScreen)


async def test_save_and_load_a_named_slot(make_app: AppFactory, saves: Path) -> None:
    """s, New save, a typed name: the slot is written; later l lists it and loading it restores the spot."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("2", "s")
        await pilot.pause()
        assert isinstance(app.screen, SavesScreen) and app.screen.mode == "save"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "SlotNameDialog"
        name_input = app.screen.query_one("Input")
        assert name_input.value == "The street (0)"
        name_input.value = ""
        await pilot.press(*"Avant la fuite, café", "enter")  # spaces and accents are kept
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.said("Saved 'Avant la fuite, café'")
        assert json.loads((saves / "avant-la-fuite-cafe.json").read_text())["name"] == "Avant la fuite, café"
        await pilot.press("1", "1")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SavesScreen) and screen.mode == "load"
        lines = slot_lines(screen)
        entry = next(line for line in lines if line.startswith("Avant la fuite, café"))
        assert "ACT I · The street (0) · turn 1" in entry and "last: Paint it blue" in entry
        assert "saved just now" in entry and "played" in entry
        slots = screen.query_one("#slots")
        while slots.highlighted_option.id != "avant-la-fuite-cafe":
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"  # two choices played since: it asks
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.playthrough.session.log == ("street.paint",)
        assert app.screen.sub_title == "The street (0)"


async def test_saving_over_a_slot_asks_first(make_app: AppFactory, saves: Path) -> None:
    """Picking an existing slot in the save screen asks before writing over it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("f5", "1", "s")
        await pilot.pause()
        slots = app.screen.query_one("#slots")
        while slots.highlighted_option.id != QUICKSAVE:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await pilot.pause()
        data = json.loads((saves / f"{QUICKSAVE}.json").read_text())
        assert data["log"] == ["street.wait"]


async def test_damaged_save_is_listed_and_loading_it_is_a_clear_message(make_app: AppFactory, saves: Path) -> None:
    """A broken file is listed as DAMAGED with its reason, cannot be picked, and --load of it only notifies."""
    saves.mkdir(parents=True)
    (saves / "broken.json").write_text("{ not json", encoding="utf-8")
    app = make_app(load="broken")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert app.said("save 'broken' is damaged: not valid JSON")
        await pilot.press("l")
        await pilot.pause()
        lines = slot_lines(app.screen)
        assert any(line.startswith("broken  DAMAGED") and "not valid JSON" in line for line in lines)
        assert app.screen.query_one("#slots").get_option_at_index(0).disabled
        assert app.is_running


async def test_damaged_autosave_explained_on_the_title_screen(make_app: AppFactory, saves: Path) -> None:
    """An unreadable autosave turns Continue off and says why; New game still works."""
    saves.mkdir(parents=True)
    (saves / f"{AUTOSAVE}.json").write_text('{"format": 99}', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#title-status").content)
        assert "The autosave cannot be continued" in status and "newer version" in status
        assert app.screen.query_one("#menu").get_option_at_index(1).disabled
        await start_new_game(pilot)
        assert (saves / f"{AUTOSAVE}.corrupt.json").is_file()


async def test_out_of_date_save_loads_with_a_notice(make_app: AppFactory, make_pack: Callable[..., Path]) -> None:
    """A save made on another text of the story is replayed, and the player is told so."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "f5")
        await pilot.pause()
    changed = make_pack(files={"scenes.yaml": TINY_SCENES.replace("A wet street.", "A wet, dark street.")})
    again = make_app(changed, load=QUICKSAVE)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, StoryScreen)
        assert again.playthrough.session.log == ("street.wait",)
        assert again.said("The story has changed since this save")


async def test_delete_a_slot(make_app: AppFactory, saves: Path) -> None:
    """d on a highlighted slot asks, then deletes it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("f5", "l")
        await pilot.pause()
        slots = app.screen.query_one("#slots")
        while slots.highlighted_option.id != QUICKSAVE:
            await pilot.press("down")
        await pilot.press("d", "y")
        await pilot.pause()
        assert not (saves / f"{QUICKSAVE}.json").exists()
        assert QUICKSAVE not in [s.slot for s in app.screen.slots]


def test_play_time_and_save_time_read_like_a_person_wrote_them() -> None:
    """Seconds become '42 s played', '12 min played', '1 h 05 min played'; ISO times become local minutes."""
    assert played(42.4) == "42 s played"
    assert played(12 * 60 + 5) == "12 min played"
    assert played(3900) == "1 h 05 min played"
    assert len(saved_when("2026-01-02T03:04:05+00:00")) == len("2026-01-02 03:04")
    assert saved_when("not a time") == "not a time"
    assert saved_when("0001-01-01T00:00:00+14:00") == "0001-01-01T00:00:00+14:00"  # would overflow astimezone()
    now = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)
    assert saved_ago("2026-05-01T11:59:30+00:00", now) == "just now"
    assert saved_ago("2026-05-01T11:58:00+00:00", now) == "2 min ago"
    assert saved_ago("2026-05-01T09:00:00+00:00", now) == "3 h ago"
    assert saved_ago("2026-04-30T10:00:00+00:00", now).startswith("yesterday ")
    assert saved_ago("2026-01-02T03:04:05+00:00", now) == saved_when("2026-01-02T03:04:05+00:00")
    assert saved_ago("not a time", now) == "not a time"
    assert slot_name("Avant la fuite, café") == "avant-la-fuite-cafe" and slot_name("../..") == "save"


async def test_load_from_the_title_screen_and_escape_back_to_it(make_app: AppFactory) -> None:
    """Load on the title screen opens the story on the saved scene; Escape returns to the title, not the list."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await pilot.press("1", "f5", "escape")
        await pilot.pause()
        app.playthrough.session = None  # as if the app had just started
        await pilot.press("l")
        await pilot.pause()
        slots = app.screen.query_one("#slots")
        while slots.highlighted_option.id != QUICKSAVE:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen) and app.screen.sub_title == "The street (1)"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert [type(s).__name__ for s in app.screen_stack][-1:] == ["TitleScreen"] and len(app.screen_stack) == 2


async def test_messages_with_brackets_are_shown_as_written(make_app: AppFactory, saves: Path) -> None:
    """An error quoting '[1]' is not taken for markup: the title screen and the notification show it whole."""
    saves.mkdir(parents=True)
    (saves / f"{AUTOSAVE}.json").write_text('{"format": [1]}', encoding="utf-8")
    app = make_app(load=AUTOSAVE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "unknown format [1]" in str(app.screen.query_one("#title-status").content)
        assert app.said("unknown format [1]")


def autosave_of(pack: Path, saves: Path, edit: Callable[[dict], None]) -> bytes:
    """An autosave of the tiny story after one choice, edited by `edit`; returns the bytes written."""
    story = load_story(pack)
    session = Session(story, 1)
    session.choose("wait")
    SaveStore(saves, story).save(AUTOSAVE, session)
    data = json.loads((saves / f"{AUTOSAVE}.json").read_text())
    edit(data)
    raw = json.dumps(data).encode()
    (saves / f"{AUTOSAVE}.json").write_bytes(raw)
    return raw


async def test_an_autosave_that_would_not_restore_is_no_continue_and_new_game_keeps_it(
    make_app: AppFactory, tiny_pack: Path, saves: Path
) -> None:
    """A well-formed autosave with a bad snapshot: Continue is off, c says why, New game sets the file aside."""
    raw = autosave_of(tiny_pack, saves, lambda d: d["state"]["vars"].update(heat=99))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#title-status").content)
        assert "99 is not a valid value for 'heat'" in status
        assert app.screen.query_one("#menu").get_option_at_index(1).disabled
        await pilot.press("c")
        await pilot.pause()
        assert app.said("Cannot continue") and isinstance(app.screen, TitleScreen)
        await start_new_game(pilot)
        assert (saves / f"{AUTOSAVE}.corrupt.json").read_bytes() == raw
        assert app.said("it was kept as autosave.corrupt.json")
        assert json.loads((saves / f"{AUTOSAVE}.json").read_text())["log"] == []


async def test_an_autosave_of_another_story_is_named_and_kept(make_app: AppFactory, tiny_pack: Path, saves: Path) -> None:
    """Another story's autosave is no Continue, is listed as OTHER STORY, and New game keeps it aside."""
    raw = autosave_of(tiny_pack, saves, lambda d: d["story"].update(title="Taxi 6"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu")
        assert menu.get_option_at_index(1).disabled and "of another story" in str(menu.get_option_at_index(1).prompt)
        assert "belongs to another story: 'Taxi 6'" in str(app.screen.query_one("#title-status").content)
        await pilot.press("l")
        await pilot.pause()
        (line,) = slot_lines(app.screen)
        assert line.startswith("autosave (Continue)  OTHER STORY") and "'Taxi 6'" in line
        await pilot.press("escape")
        await pilot.pause()
        await start_new_game(pilot)
        assert (saves / f"{AUTOSAVE}.other-story.json").read_bytes() == raw
        assert app.said("kept as autosave.other-story.json")


async def test_load_screen_lists_a_save_with_a_bad_snapshot_as_damaged(make_app: AppFactory, tiny_pack: Path, saves: Path) -> None:
    """The reason a well-formed file would not restore is on the load screen, and the slot cannot be picked."""
    autosave_of(tiny_pack, saves, lambda d: d["state"].update(rng=2**64))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        (line,) = slot_lines(app.screen)
        assert "DAMAGED" in line and "'rng' must be a 64-bit whole number" in line
        assert app.screen.query_one("#slots").get_option_at_index(0).disabled


async def test_saves_in_another_known_folder_are_offered_and_copied(make_app: AppFactory, saves: Path, tmp_path: Path) -> None:
    """This folder is empty, the other holds a save and the profile: the title says where, b copies them
    (the originals stay, nothing here is replaced), and Continue then resumes the copied autosave."""
    from game.profile import Profile

    other = tmp_path / "installed-saves"
    story = make_app().story
    session = Session(story, seed=1)
    session.choose("wait")
    SaveStore(other, story).save(AUTOSAVE, session)
    Profile.load(other).reach("caught")
    before = {p.name: p.read_bytes() for p in other.iterdir()}

    app = make_app(other_saves=(saves, other))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#title-status").content)
        assert f"No saves here, but 1 save in {other}: b copies them here" in status
        await pilot.press("b")
        await pilot.pause()
        assert app.said(f"Copied 1 save from {other}; the originals stay there.")
        assert {p.name: p.read_bytes() for p in other.iterdir()} == before
        assert (saves / "autosave.json").read_bytes() == before["autosave.json"]
        assert "caught" in app.profile.endings
        assert "No saves here" not in str(app.screen.query_one("#title-status").content)
        await pilot.press("c")
        await pilot.pause()
        assert app.playthrough.session.log == ("street.wait",)


def test_bringing_saves_over_never_replaces_a_file(tmp_path: Path) -> None:
    """A name already taken in the folder in use is skipped; only what is missing is copied."""
    from game.save_folders import bring_over, saves_elsewhere

    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    (there / "quicksave.json").write_text('{"theirs": 1}')
    (there / "evening.json").write_text('{"theirs": 2}')
    (there / "notes.txt").write_text("not a save")
    (here / "quicksave.json").write_text('{"mine": 1}')
    (found,) = saves_elsewhere(here, [here, there, tmp_path / "missing"])
    assert found.slots == ("evening.json", "quicksave.json")
    assert bring_over(found, here) == ["evening.json"]
    assert (here / "quicksave.json").read_text() == '{"mine": 1}'
    assert (here / "evening.json").read_text() == '{"theirs": 2}' and (there / "evening.json").exists()
    assert sorted(p.name for p in here.iterdir()) == ["evening.json", "quicksave.json"]
    assert saves_elsewhere(here, [here]) == []


async def test_a_copy_that_fails_is_one_message(make_app: AppFactory, saves: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bringing saves over into a folder that refuses them says so in one line; the game goes on."""
    import game.save_folders
    from game.errors import SaveError

    other = tmp_path / "installed-saves"
    story = make_app().story
    SaveStore(other, story).save(AUTOSAVE, Session(story, seed=1))

    def refuse(*_args: object) -> list[str]:
        raise SaveError("cannot copy saves: No space left on device")

    monkeypatch.setattr(game.save_folders, "bring_over", refuse)  # the app imports it when saves are brought over
    app = make_app(other_saves=(saves, other))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert app.said("cannot copy saves: No space left on device")
        assert isinstance(app.screen, TitleScreen)
