"""`validate --stats`' fewest-words search against a plain Dijkstra, on random packs.

The search relies on a move's cost being its target's alone (each state settled when first
reached); this checks that reasoning, and the paths it prints, against a textbook heap
Dijkstra over the same state graph, where prose of varying length depends on variables.
"""

from __future__ import annotations

import heapq
import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.story.loader import load_story
from game.tools.stats import _dial, _fewest_words, _forward_order, _in_order, _words_of_states
from game.tools.statespace import search
from tests.conftest import fuzz_budget, write_pack
from tests.tools.test_relevance import STORY, random_pack


def wordy_pack(seed: int, forward: bool) -> dict[str, object]:
    """A random pack whose scenes show 1 to 5 words (many ways tie), some of them only when `b` holds or `a` is
    high; with `forward`, every move leads to a later scene (no loop), else moves go anywhere."""
    rnd = random.Random(seed)
    pack = random_pack(seed)
    scenes: dict[str, dict[str, object]] = pack["scenes"]  # type: ignore[assignment]
    if forward:
        ids = list(scenes)
        for i, scene in enumerate(scenes.values()):
            for choice in scene.get("choices", ()):  # type: ignore[attr-defined]
                for move in [choice, *choice.get("outcomes", ())]:
                    if "to" in move:
                        move["to"] = rnd.choice(ids[i + 1:])
    for scene in scenes.values():
        parts: list[dict[str, str]] = [{"text": " ".join(["word"] * rnd.randint(1, 2))}]  # few lengths: ties
        if rnd.random() < 0.5:
            parts.append({"if": rnd.choice(["b", "a >= 1", "mood > 5"]), "text": " ".join(["more"] * rnd.randint(1, 3))})
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


@fuzz_budget(60)
@given(st.integers(0, 10**9), st.booleans())
def test_fewest_words_is_the_shortest_path(tmp_path_factory: pytest.TempPathFactory, seed: int, forward: bool) -> None:
    """Every ending scene reached gets the distance a heap Dijkstra finds, by a path of moves in
    the graph whose words add up to it; on a story with no loop, the pass in scene order and
    the queue agree on every state's distance and on the way it comes from."""
    story = load_story(write_pack(tmp_path_factory.mktemp("w"), STORY, {"s.yaml": yaml.safe_dump(wordy_pack(seed, forward))}))
    space = search(story, 100_000)
    order = _forward_order(space)
    assert order is not None or not forward
    if order is not None:
        assert _in_order(space, _words_of_states(space), order) == _dial(space, _words_of_states(space))
    wanted = set(story.endings.values())
    found = _fewest_words(space, wanted)
    assert {sid: d for sid, (d, _path) in found.items()} == reference(space, wanted)
    cost = _words_of_states(space)
    for sid, (d, path) in found.items():
        ways = {0: cost[0]}  # a chance choice's id leads to each of its outcomes: follow them all
        for event in path:
            ways = {nxt: total + cost[nxt] for state, total in ways.items() for ev, nxt in space.edges[state] if ev == event}
        assert (sid, d) in {(space.states[state][0], total) for state, total in ways.items()}


def test_a_tie_goes_to_the_way_the_search_found_first(tmp_path: Path) -> None:
    """Two ways into the ending read the same words: by `left` (found second by the queue, which
    reaches `late` only after the cheap `right` side) and by `right`. Both methods keep the way
    through the state the search reached first, `late`, so the path printed is `left`'s."""
    def scene(words: int, *to: str) -> dict[str, object]:
        return {"title": "t", "text": " ".join(["word"] * words), "choices": [{"id": f"to_{t}", "text": t, "to": t} for t in to]}

    scenes = {
        "s0": scene(1, "left", "right"), "left": scene(10, "late"), "right": scene(1, "mid"), "mid": scene(1, "early"),
        "late": scene(1, "end"), "early": scene(9, "end"),
        "end": {"title": "End", "text": "Over.", "ending": {"id": "end", "kind": "canonical", "title": "End"}},
    }
    story = load_story(write_pack(tmp_path, STORY, {"s.yaml": yaml.safe_dump({"act": 1, "scenes": scenes})}))
    space = search(story, 1_000)
    cost = _words_of_states(space)
    late, early = (next(i for i, (sid, _v) in enumerate(space.states) if sid == name) for name in ("late", "early"))
    assert late < early  # the search (breadth-first) reached `late` first; the queue pops `early` first
    order = _forward_order(space)
    assert order is not None
    end = next(i for i, (sid, _v) in enumerate(space.states) if sid == "end")
    for dist, came_from in (_in_order(space, cost, order), _dial(space, cost)):
        assert (dist[late], came_from[end]) == (dist[early], late)
    assert _fewest_words(space, {"end"}) == {"end": (13, ["s0.to_left", "left.to_late", "late.to_end"])}
