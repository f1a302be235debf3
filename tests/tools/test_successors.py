"""The explorer's successor function and `Session.step` cannot disagree.

The exhaustive search computes moves with `engine.successors` on plain tuples instead of
playing each one through the session. Both are built on the same compiled story and rules;
these tests prove they agree, state by state: the same open choices, the same outcome weights,
and for every branch the same next scene and variables (or the same error), on every state of
the shipped story's search and on random packs.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.engine.successors import successors
from game.engine.turns import initial_vars
from game.session import Session
from game.story.loader import load_story
from game.story.model import Story
from game.tools.relevance import control_key
from game.tools.statespace import StateSpace, describe, search
from tests.conftest import SCENES, fuzz_budget, write_pack
from tests.tools.test_relevance import STORY, random_pack


def disagreements(story: Story, space: StateSpace, states: list[tuple[str, tuple[Any, ...]]]) -> list[str]:
    """Every way `successors` differs from `Session.step` on `states`, as readable lines."""
    session = Session(story, 0)
    names = space.names
    found: list[str] = []
    for scene_id, values in states:
        here = (scene_id, dict(zip(names, values)), 0, ())
        session.rewind(here)
        moves = successors(space.scenes[scene_id], names, values)
        if [c.id for c, _ in moves] != session.open_choice_ids():
            found.append(f"{scene_id} {values}: open choices {[c.id for c, _ in moves]} != {session.open_choice_ids()}")
            continue
        for choice, branches in moves:
            session.rewind(here)
            weights = session.outcomes(choice.id)
            drawn = [k for k, w in enumerate(weights) if w > 0] if weights else [None]
            if [b.outcome for b, _ in branches] != drawn:
                found.append(f"{choice.event} at {values}: branches {[b.outcome for b, _ in branches]} != weights {weights}")
                continue
            for branch, after in branches:
                session.rewind(here)
                try:
                    session.step(choice.id, branch.outcome)
                except Exception as err:  # noqa: BLE001 - an error must be the same error
                    if not (isinstance(after, Exception) and type(after) is type(err) and str(after) == str(err)):
                        found.append(f"{choice.event}/{branch.outcome} at {values}: play raised {err!r}, search {after!r}")
                    continue
                played = (session.scene_id, tuple(session.variables.values()))
                if (branch.to, after) != played:
                    found.append(f"{choice.event}/{branch.outcome} at {values}: search {(branch.to, after)} != play {played}")
    return found


SAMPLE = 30_000
"""Shipped states compared with play: the whole space (843,437 states on the second draft) took 53 s."""


def test_successors_equal_session_step_on_the_shipped_states(shipped_space: StateSpace) -> None:
    """On the shipped story's states, every move the search makes is the move play makes: the
    first state of every scene, and an even spread of the rest in search order (every state
    when there are at most SAMPLE)."""
    assert shipped_space.complete and shipped_space.size > 50_000
    states = shipped_space.states
    first = {scene: i for i, (scene, _) in reversed(list(enumerate(states)))}
    picked = sorted(set(first.values()) | set(range(0, len(states), max(1, len(states) // SAMPLE))))
    assert set(first) == set(shipped_space.story.scenes)
    assert disagreements(shipped_space.story, shipped_space, [states[i] for i in picked]) == []


@fuzz_budget(60)
@given(st.integers(0, 10**9))
def test_successors_equal_session_step_on_random_packs(tmp_path_factory: pytest.TempPathFactory, seed: int) -> None:
    """On random packs (conditions, effects, chance with weights that reach 0), the same holds on every state."""
    folder = write_pack(tmp_path_factory.mktemp("s"), STORY, {"s.yaml": yaml.safe_dump(random_pack(seed))})
    story = load_story(folder)
    space = search(story, 100_000)
    assert disagreements(story, space, space.states) == []


def plain_search(story: Story, max_states: int) -> tuple[Any, ...]:
    """The search written the plain way, one `successors` call per state (as it was before the
    search kept each scene's moves by reading): what `search` must still build, field by field."""
    space = search(story, 1)  # only for the compiled scenes and the variables' layout
    key_of = control_key(story)
    start = (story.start, tuple(initial_vars(story).values()))
    index, states, parent = {key_of(*start): 0}, [start], [None]
    edges: list[list[tuple[str, int]]] = []
    endings, dead, errors, opened, chosen, made = [], [], [], set(), set(), 0
    i = 0
    while i < len(states) and i < max_states:
        scene_id, values = states[i]
        scene = space.scenes[scene_id]
        out: list[tuple[str, int]] = []
        edges.append(out)
        if scene.source.ending is not None:
            endings.append(i)
        else:
            found = successors(scene, space.names, values)
            if not found:
                dead.append(i)
            for choice, moves in found:
                opened.add(choice.event)
                if not moves:
                    errors.append((i, choice.event, f"every outcome of '{choice.event}' has weight 0 here"))
                for branch, after in moves:
                    if isinstance(after, Exception):
                        errors.append((i, choice.event, f"choosing '{choice.event}': {describe(after)}"))
                        continue
                    chosen.add(choice.event)
                    made += 1
                    key = key_of(branch.to, after)
                    if key not in index:
                        index[key] = len(states)
                        states.append((branch.to, after))
                        parent.append((i, choice.event, branch.outcome))
                    if all(j != index[key] for _, j in out):
                        out.append((choice.event, index[key]))
        i += 1
    return states, i, parent, edges, endings, dead, errors, opened, chosen, made


def built(space: StateSpace) -> tuple[Any, ...]:
    return (space.states, space.size, space.parent, space.edges, space.endings, space.dead, space.errors, space.opened, space.chosen, space.moves)


@fuzz_budget(40)
@given(st.integers(0, 10**9), st.sampled_from([3, 20, 100_000]))
def test_search_builds_the_graph_a_plain_search_over_successors_builds(tmp_path_factory: pytest.TempPathFactory, seed: int, limit: int) -> None:
    """Keeping moves by reading, and building a state only when it is new, changes nothing the
    search returns, within `--max-states` or not."""
    folder = write_pack(tmp_path_factory.mktemp("g"), STORY, {"s.yaml": yaml.safe_dump(random_pack(seed))})
    story = load_story(folder)
    assert built(search(story, limit)) == plain_search(story, limit)


def test_search_of_the_shipped_story_starts_as_a_plain_search() -> None:
    """The same on the first 20,000 states of the shipped story (its effects and live variables)."""
    story = load_story(SCENES)
    assert built(search(story, 20_000)) == plain_search(story, 20_000)
