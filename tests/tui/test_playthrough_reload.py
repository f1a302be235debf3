"""`Playthrough.reload`, without Textual: the new text of the pack, the player's place kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from game.profile import Profile
from game.saves import SaveStore
from game.story.loader import load_story
from game.tui.playthrough import Playthrough
from tests.conftest import TINY_SCENES


def test_reload_stops_where_a_removed_choice_was(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """When a choice the player took is gone, the game resumes just before it, and says so."""
    pack = make_pack()
    story = load_story(pack)
    play = Playthrough(story, SaveStore(tmp_path, story), Profile.load(tmp_path), seed=2)
    play.new()
    for choice in ("wait", "paint", "wait"):
        play.choose(choice)
    (pack / "scenes.yaml").write_text(
        TINY_SCENES.replace('      - {id: paint, text: Paint it blue, if: paint == "primer", do: paint = "blue", to: street}\n', "")
    )
    step, errors = play.reload(pack)
    assert errors == [] and step is not None
    assert play.session is not None and play.session.log == ("street.wait",)
    assert step.notice == "'street.paint' is gone from the story: you resume after 1 of 3 choices."


def test_reload_of_a_broken_pack_changes_nothing(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """A pack with errors returns its diagnostics; story and session stay as they were."""
    pack = make_pack()
    story = load_story(pack)
    play = Playthrough(story, SaveStore(tmp_path, story), Profile.load(tmp_path), seed=2)
    play.new()
    play.choose("wait")
    story, session = play.story, play.session
    (pack / "scenes.yaml").write_text("scenes: [")
    step, errors = play.reload(pack)
    assert step is None and len(errors) == 1 and "scenes.yaml:2:1: error: YAML syntax" in errors[0]
    assert play.story is story and play.session is session
