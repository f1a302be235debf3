"""The explorer's state abstraction: prose-only variables are ignored, and nothing is missed.

Soundness is checked against a plain full-state search (every variable in the state) on
random small packs: both must find the same scenes, endings, dead ends and soft-locks.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.session import Session
from game.story.loader import load_story
from game.story.model import Story
from game.tools.explore import explore_exhaustive
from game.tools.relevance import live_control_variables
from tests.conftest import fuzz_budget, write_pack

STORY = """\
title: R
version: 1
start: s0
variables:
  a: {type: int, initial: 0, min: 0, max: 3}
  b: {type: bool, initial: false}
  mood: {type: int, initial: 0, min: 0, max: 50}
"""


def test_prose_only_variables_are_not_live(make_pack: Callable[..., Path]) -> None:
    """A variable read only in text is never live; one read by a later condition is live until then."""
    scenes = """\
    act: 1
    scenes:
      s0:
        title: Start {mood}
        text: x
        choices:
          - {id: go, text: Go, do: [mood += 7, a += 1], to: s1}
      s1:
        title: Gate
        text: [{text: y}, {if: mood > 3, text: z}]
        choices:
          - {id: open, text: Open, if: a >= 1, to: s2}
      s2:
        title: After
        text: w
        choices:
          - {id: end, text: End, to: e}
      e:
        title: E
        text: e
        ending: {id: e, kind: alternate, title: E}
    """
    live = live_control_variables(load_story(make_pack(STORY, {"s.yaml": scenes})))
    assert live == {"s0": ("a",), "s1": ("a",), "s2": (), "e": ()}


def reference(story: Story) -> tuple[set[str], set[str], set[str], set[str], set[str]]:
    """Scenes, endings, dead-end, soft-locked and engine-error scenes by brute force over full states."""
    session = Session(story, 0)
    names = list(story.variables)
    start = (session.scene_id, tuple(session.variables.values()))
    seen = {start: 0}
    states = [start]
    succ: list[list[int]] = [[]]
    errors: set[int] = set()
    queue = deque([0])
    while queue:
        i = queue.popleft()
        scene, values = states[i]
        if story.scenes[scene].ending:
            continue
        here = (scene, dict(zip(names, values)), 0, ())
        session.rewind(here)
        for choice in session.open_choice_ids():
            session.rewind(here)
            weights = session.outcomes(choice)
            if weights and not any(weights):  # every outcome at weight 0: an engine error, not a dead end
                errors.add(i)
            for outcome in ([k for k, w in enumerate(weights) if w > 0] if weights else [None]):
                session.rewind(here)
                session.choose(choice, outcome)
                nxt = session.state_key()[:2]
                if nxt not in seen:
                    seen[nxt] = len(states)
                    states.append(nxt)
                    succ.append([])
                    queue.append(seen[nxt])
                succ[i].append(seen[nxt])
    ends = {i for i, (s, _) in enumerate(states) if story.scenes[s].ending}
    dead = {i for i, (s, _) in enumerate(states) if i not in ends and not succ[i] and i not in errors}
    can_end = set(ends)
    changed = True
    while changed:
        changed = False
        for i, outs in enumerate(succ):
            if i not in can_end and any(o in can_end for o in outs):
                can_end.add(i)
                changed = True
    return (
        {s for s, _ in states},
        {story.scenes[states[i][0]].ending.id for i in ends},  # type: ignore[union-attr]
        {states[i][0] for i in dead},
        {states[i][0] for i in range(len(states)) if i not in can_end and i not in dead},
        {states[i][0] for i in errors},
    )


def random_pack(seed: int) -> dict[str, object]:
    rnd = random.Random(seed)
    n = rnd.randint(3, 7)
    ids = [f"s{i}" for i in range(n)] + ["e1", "e2"]
    conds = ["a >= 1", "a < 2", "b", "not b", "a == 3", "b and a > 0", "mood > 10"]
    effects = ["a += 1", "a -= 1", "b = true", "b = false", "mood += 5", "a = 0"]
    scenes: dict[str, object] = {}
    for i in range(n):
        choices = []
        for k in range(rnd.randint(1, 3)):
            choice: dict[str, object] = {"id": f"c{k}", "text": f"C{k}"}
            if rnd.random() < 0.5:
                choice["if"] = rnd.choice(conds)
            if rnd.random() < 0.6:
                choice["do"] = [rnd.choice(effects)]
            if rnd.random() < 0.25:
                choice["outcomes"] = [{"weight": rnd.choice(["1", "a", "2 - a"]), "to": rnd.choice(ids)} for _ in range(2)]
            else:
                choice["to"] = rnd.choice(ids)
            choices.append(choice)
        scenes[f"s{i}"] = {"title": f"S{i} {{mood}}", "text": "x", "choices": choices}
    for e in ("e1", "e2"):
        scenes[e] = {"title": e, "text": e, "ending": {"id": e, "kind": "alternate", "title": e}}
    return {"act": 1, "scenes": scenes}


@fuzz_budget(60)
@given(st.integers(0, 10**9))
def test_abstract_search_finds_what_the_full_search_finds(tmp_path_factory: pytest.TempPathFactory, seed: int) -> None:
    """On random packs, scenes, endings, dead ends, soft-locks and engine errors agree with a full-state search."""
    folder = write_pack(tmp_path_factory.mktemp("r"), STORY, {"s.yaml": yaml.safe_dump(random_pack(seed))})
    story = load_story(folder)
    report = explore_exhaustive(story, 100_000)
    scenes, endings, dead, soft, errors = reference(story)
    assert report.scenes == scenes
    assert report.endings == endings
    assert {f.scene for f in report.dead_ends} == dead
    assert {f.scene for f in report.softlocks} == soft
    assert {f.scene for f in report.errors} == errors
