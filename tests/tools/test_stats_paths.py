"""`validate --stats`' fewest-words search against a plain Dijkstra, on random packs.

The search relies on a move's cost being its target's alone (each state settled when first
reached); this checks that reasoning, and the paths it prints, against a textbook heap
Dijkstra over the same state graph, where prose of varying length depends on variables.
"""

from __future__ import annotations

import heapq
import random

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.story.loader import load_story
from game.tools.stats import _fewest_words, _words_of_states
from game.tools.statespace import search
from tests.conftest import fuzz_budget, write_pack
from tests.tools.test_relevance import STORY, random_pack


def wordy_pack(seed: int) -> dict[str, object]:
    """A random pack whose scenes show 0 to 12 words, some of them only when `b` holds or `a` is high."""
    rnd = random.Random(seed)
    pack = random_pack(seed)
    for scene in pack["scenes"].values():  # type: ignore[attr-defined]
        parts: list[dict[str, str]] = [{"text": " ".join(["word"] * rnd.randint(0, 6)) or "."}]
        if rnd.random() < 0.5:
            parts.append({"if": rnd.choice(["b", "a >= 1", "mood > 5"]), "text": " ".join(["more"] * rnd.randint(1, 6))})
        scene["text"] = parts
    return pack


def reference(space, wanted: set[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    cost = _words_of_states(space)
    dist = {0: cost[0]}
    queue = [(cost[0], 0)]
    while queue:
        d, state = heapq.heappop(queue)
        if d > dist[state] or state >= space.size:
            continue
        for _event, nxt in space.edges[state]:
            if d + cost[nxt] < dist.get(nxt, d + cost[nxt] + 1):
                dist[nxt] = d + cost[nxt]
                heapq.heappush(queue, (dist[nxt], nxt))
    best: dict[str, int] = {}
    for state, d in dist.items():
        sid = space.states[state][0]
        if sid in wanted:
            best[sid] = min(d, best.get(sid, d))
    return best


@fuzz_budget(40)
@given(st.integers(0, 10**9))
def test_fewest_words_is_the_shortest_path(tmp_path_factory: pytest.TempPathFactory, seed: int) -> None:
    """Every ending scene reached gets the distance a heap Dijkstra finds, by a path of moves in
    the graph whose words add up to it."""
    story = load_story(write_pack(tmp_path_factory.mktemp("w"), STORY, {"s.yaml": yaml.safe_dump(wordy_pack(seed))}))
    space = search(story, 100_000)
    wanted = set(story.endings.values())
    found = _fewest_words(space, wanted)
    assert {sid: d for sid, (d, _path) in found.items()} == reference(space, wanted)
    cost = _words_of_states(space)
    for sid, (d, path) in found.items():
        ways = {0: cost[0]}  # a chance choice's id leads to each of its outcomes: follow them all
        for event in path:
            ways = {nxt: total + cost[nxt] for state, total in ways.items() for ev, nxt in space.edges[state] if ev == event}
        assert (sid, d) in {(space.states[state][0], total) for state, total in ways.items()}
