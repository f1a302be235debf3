"""Saves from earlier texts of the story load on today's, and land where their replay says.

A save whose story has changed is replayed choice by choice; the test replays each log itself
(following `renamed:`) and fails if the save lands anywhere else, or lands short without telling
the player.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.errors import GameError
from game.saves import SaveStore
from game.session import Session
from game.story.loader import load_story
from tests.conftest import REPO, SCENES

CORPUS = sorted((REPO / "tests" / "saves_corpus").glob("*/*.json"))


def test_corpus_is_not_empty() -> None:
    """The corpus holds saves, so the test below cannot pass vacuously."""
    assert len(CORPUS) >= 5


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_corpus_save_lands_where_its_replay_says(path: Path) -> None:
    """Loading gives the same state as replaying the save's log; a partial replay is announced."""
    story = load_story(SCENES)
    data = json.loads(path.read_text())
    session = Session(story)
    loaded = SaveStore(path.parent, story).load(path.stem, session)

    replay = Session(story, data["seed"])
    replayed = 0
    for event in data["log"]:
        try:
            replay.choose(story.follow(event))
        except GameError:
            break
        replayed += 1

    if data["story"]["fingerprint"] == story.fingerprint:
        assert session.snapshot() == data["state"] and loaded.notice is None
        return
    assert session.snapshot() == replay.snapshot()
    assert loaded.notice is not None
    if replayed < len(data["log"]):
        assert f"'{data['log'][replayed]}' no longer exists" in loaded.notice
        assert f"after {replayed} of {len(data['log'])} choices" in loaded.notice
    else:
        assert f"your {replayed} choices were replayed" in loaded.notice
