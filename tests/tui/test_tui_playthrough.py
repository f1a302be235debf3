"""The TUI's headless parts: the playthrough's saving rules and play time, and the player's profile file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.errors import GameError, SaveError
from game.profile import FILE_NAME, Profile, Settings
from game.saves import AUTOSAVE, SaveStore
from game.story.model import Story
from game.tui.playthrough import Playthrough
from tests.tui.helpers import FakeClock


def playthrough(story: Story, folder: Path, clock: FakeClock, seed: int | None = 1) -> Playthrough:
    return Playthrough(story, SaveStore(folder, story), Profile.load(folder), seed=seed, clock=clock)


def test_every_step_is_autosaved(tiny: Story, tmp_path: Path, clock: FakeClock) -> None:
    """New game, each choice and each undo leave the autosave at the scene on screen."""
    game = playthrough(tiny, tmp_path, clock)
    game.new()
    game.choose("wait")
    assert json.loads((tmp_path / f"{AUTOSAVE}.json").read_text())["log"] == ["street.wait"]
    game.undo()
    assert json.loads((tmp_path / f"{AUTOSAVE}.json").read_text())["log"] == []


def test_play_time_counts_only_while_the_clock_runs(tiny: Story, tmp_path: Path, clock: FakeClock) -> None:
    """Paused time is not play time; a save keeps it and a load resumes from it."""
    game = playthrough(tiny, tmp_path, clock)
    game.new()
    game.resume_clock()
    clock.advance(30)
    game.pause_clock()
    clock.advance(1000)
    assert game.playtime == 30
    game.save("slot")
    other = playthrough(tiny, tmp_path, clock)
    other.load("slot")
    other.resume_clock()
    clock.advance(12)
    assert other.playtime == 42


def test_ending_is_recorded_once(tiny: Story, tmp_path: Path, clock: FakeClock) -> None:
    """The first time an ending is reached the step says so and the profile keeps it; the second time not."""
    game = playthrough(tiny, tmp_path, clock, seed=1)
    game.new()
    assert game.choose("run").unlocked is not None
    game.undo()
    assert game.choose("run").unlocked is None
    assert set(Profile.load(tmp_path).endings) == {"caught"}


def test_a_fixed_seed_is_used_by_every_new_game_and_none_draws_one(tiny: Story, tmp_path: Path, clock: FakeClock) -> None:
    """--seed fixes the seed of each new game; without it each game draws its own."""
    fixed = playthrough(tiny, tmp_path, clock, seed=7)
    fixed.new()
    fixed.restart()
    assert fixed.session.seed == 7
    free = playthrough(tiny, tmp_path / "b", clock, seed=None)
    seeds = set()
    for _ in range(5):
        free.new()
        seeds.add(free.session.seed)
    assert len(seeds) > 1


def test_a_failed_load_leaves_the_game_in_progress(tiny: Story, tmp_path: Path, clock: FakeClock) -> None:
    """Loading a missing or badly named slot raises a GameError and changes nothing."""
    game = playthrough(tiny, tmp_path, clock)
    game.new()
    game.choose("wait")
    with pytest.raises(SaveError):
        game.load("missing")
    with pytest.raises(GameError):
        game.load("../etc")
    assert game.session.log == ("street.wait",)


def test_autosave_problem_is_one_line_not_an_exception(tiny: Story, tmp_path: Path, clock: FakeClock) -> None:
    """When the save folder is a file, a step still happens and carries a one-line problem."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    game = playthrough(tiny, blocker, clock)
    step = game.new()
    assert step.view.id == "street"
    assert step.problem is not None and step.problem.startswith("Autosave failed:") and "\n" not in step.problem


def test_profile_round_trip(tmp_path: Path) -> None:
    """Settings and endings written are read back the same."""
    profile = Profile.load(tmp_path)
    assert profile.settings == Settings() and profile.problem is None
    profile.update(theme="nord", timers=False)
    assert profile.reach("caught") and not profile.reach("caught")
    again = Profile.load(tmp_path)
    assert again.settings == Settings("nord", False)
    assert list(again.endings) == ["caught"]


@pytest.mark.parametrize(
    "content",
    ["{", "[]", '{"format": 2, "settings": {}, "endings": {}}', '{"format": 1, "settings": {"timers": "yes"}, "endings": {}}'],
)
def test_damaged_profile_is_one_line_and_set_aside_before_a_write(tmp_path: Path, content: str) -> None:
    """An unreadable profile gives defaults and a one-line problem; the next write keeps it as .corrupt.json."""
    (tmp_path / FILE_NAME).write_text(content)
    profile = Profile.load(tmp_path)
    assert profile.settings == Settings()
    assert profile.problem is not None and "\n" not in profile.problem and FILE_NAME in profile.problem
    assert (tmp_path / FILE_NAME).read_text() == content
    profile.update(timers=False)
    assert (tmp_path / "player.profile.corrupt.json").read_text() == content
    assert Profile.load(tmp_path).settings.timers is False


def test_profile_is_never_listed_as_a_save(tiny: Story, tmp_path: Path) -> None:
    """The profile's file name is one the save store does not take for a slot."""
    Profile.load(tmp_path).update(theme="nord")
    assert SaveStore(tmp_path, tiny).slots() == []
