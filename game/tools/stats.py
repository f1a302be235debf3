"""`lostbullet validate --stats`: the size of a story, and the shortest way to each ending.

Counts are per act and in all. Shortest paths run over the real state graph (chance as
branches), so a path needs every condition on it to hold: fewest choices by breadth-first
search, fewest words read by Dijkstra, where a step costs the words of the scene it shows.
Like the explorer, states that differ only in variables no later condition reads are one
state (`relevance`); the words of such a state are those of the first of them reached, so the
word counts are close estimates where prose varies with those variables. Reading time assumes
200 words a minute.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from operator import itemgetter
from typing import Any, Callable

from game import collector
from game.engine.rules import shown_parts
from game.expr.parse import names_in
from game.story.model import Story
from game.tools.statespace import StateSpace, search

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"[\w'’-]+")


def words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass
class EndingPath:
    id: str
    kind: str
    title: str
    choices: int | None = None
    words: int | None = None
    path_by_choices: list[str] = field(default_factory=list)
    path_by_words: list[str] = field(default_factory=list)

    @property
    def minutes(self) -> float | None:
        return None if self.words is None else round(self.words / WORDS_PER_MINUTE, 1)


@dataclass
class StoryStats:
    acts: dict[int, dict[str, int]]
    total: dict[str, int]
    endings: list[EndingPath]
    complete: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "acts": [{"act": act, **row} for act, row in sorted(self.acts.items())],
            "total": self.total,
            "endings": [
                {
                    "id": e.id, "kind": e.kind, "title": e.title, "choices": e.choices, "words": e.words,
                    "minutes": e.minutes, "path_by_choices": e.path_by_choices, "path_by_words": e.path_by_words,
                }
                for e in self.endings
            ],
            "complete": self.complete,
        }

    def to_text(self) -> str:
        columns = ["scenes", "choices", "words", "endings", "variables"]
        lines = [f"{'act':<6}" + "".join(f"{c:>10}" for c in columns)]
        for act, row in sorted(self.acts.items()):
            lines.append(f"{act:<6}" + "".join(f"{row[c]:>10,}" for c in columns))
        lines.append(f"{'all':<6}" + "".join(f"{self.total[c]:>10,}" for c in columns))
        lines.append("")
        lines.append(f"{'ending':<24}{'kind':<12}{'fewest choices':>15}{'fewest words':>14}{'reading':>10}")
        for e in self.endings:
            if e.choices is None:
                lines.append(f"{e.id:<24}{e.kind:<12}{'unreached':>15}")
                continue
            lines.append(f"{e.id:<24}{e.kind:<12}{e.choices:>15}{e.words:>14,}{e.minutes:>7} min")
        if not self.complete:
            lines.append("(the state search stopped at --max-states: paths are the shortest found, not proven shortest)")
        return "\n".join(lines)


def story_stats(story: Story, max_states: int, space: StateSpace | None = None) -> StoryStats:
    """The table; `space` is a search already made (by `validate --deep` in the same run), else one is made."""
    acts: dict[int, dict[str, int]] = {}
    written: dict[int, set[str]] = {}
    for scene in story.scenes.values():
        act = scene.act or 0
        row = acts.setdefault(act, {"scenes": 0, "choices": 0, "words": 0, "endings": 0, "variables": 0})
        row["scenes"] += 1
        row["choices"] += len(scene.choices)
        row["words"] += sum(words(p.text) for p in scene.text) + sum(words(c.text) for c in scene.choices)
        row["endings"] += scene.ending is not None
        for choice in scene.choices:
            targets = {e.target for e in choice.do} | {e.target for o in choice.outcomes or () for e in o.do}
            written.setdefault(act, set()).update(targets)
    for act, row in acts.items():
        row["variables"] = len(written.get(act, set()))
    total = {k: sum(row[k] for row in acts.values()) for k in ("scenes", "choices", "words", "endings")}
    total["variables"] = len(story.variables)
    if space is None:
        space = search(story, max_states)
    return StoryStats(acts, total, _shortest(space), space.complete)


@collector.paused()  # lists as long as the search, kept to the end
def _shortest(space: StateSpace) -> list[EndingPath]:
    """Each ending's fewest-choices and fewest-words paths; the state reached first wins a tie.

    Fewest choices needs no search of its own: the search is breadth-first, so the first state
    it reached in a scene is the nearest, by the path it was first reached by."""
    story = space.story
    first: dict[str, int] = {}
    for i in [*space.endings, *range(space.size, len(space.states))]:  # ending states in the order reached
        sid = space.states[i][0]
        if story.scenes[sid].ending is not None:
            first.setdefault(sid, i)
    by_words = _fewest_words(space, set(story.endings.values()))
    result = []
    for ending_id, sid in story.endings.items():
        ending = story.scenes[sid].ending
        assert ending is not None
        entry = EndingPath(ending_id, ending.kind, ending.title)
        if sid in first:
            entry.path_by_choices = space.path_to(first[sid])[0]
            entry.choices = len(entry.path_by_choices)
            entry.words, entry.path_by_words = by_words[sid]
        result.append(entry)
    return result


_UNSEEN = sys.maxsize
"""The distance of a state no move has reached yet: more than any path's words."""


def _fewest_words(space: StateSpace, wanted: set[str]) -> dict[str, tuple[int, list[str]]]:
    """For each scene of `wanted` reached, the fewest words read on the way into one of its states, and the path.

    Arriving in a state costs the words it shows. Among equally short ways into a state, the
    one from the state the search reached first is kept, and among a scene's nearest states
    the one reached first: the paths printed do not depend on which of the two methods below
    computed them (tests/tools/test_stats_paths.py)."""
    cost = _words_of_states(space)
    order = _forward_order(space)
    dist, came_from = _in_order(space, cost, order) if order is not None else _dial(space, cost)
    best: dict[str, tuple[int, int]] = {}
    for state, (sid, _values) in enumerate(space.states):
        if sid in wanted and dist[state] < best.get(sid, _NOT_YET)[0]:
            best[sid] = (dist[state], state)
    paths: dict[str, tuple[int, list[str]]] = {}
    for sid, (d, state) in best.items():
        path: list[str] = []
        while state != 0:  # the move taken is the one edge of the state before that leads here
            before = came_from[state]
            path.append(next(event for event, nxt in space.edges[before] if nxt == state))
            state = before
        path.reverse()
        paths[sid] = (d, path)
    return paths


_NOT_YET = (_UNSEEN, -1)


def _forward_order(space: StateSpace) -> list[str] | None:
    """The scenes in an order every move goes forward in (each scene after every scene with a
    move into it), or None when a move can lead back (a loop, even to the same scene)."""
    into: dict[str, set[str]] = {sid: set() for sid in space.scenes}
    for sid, scene in space.scenes.items():
        for choice in scene.choices:
            for branch in choice.branches:
                into[branch.to].add(sid)
    try:
        return list(TopologicalSorter(into).static_order())
    except CycleError:
        return None


Distances = tuple[list[int], list[int]]
"""(fewest words into each state, the state that way comes from), `_UNSEEN` and -1 where none."""


def _in_order(space: StateSpace, cost: list[int], order: list[str]) -> Distances:
    """With no loop among the scenes, every state's distance is final once the states of the
    scenes before its own are done: one pass over the moves, scene by scene in `order`, no queue
    (twice as fast as `_dial` on the shipped story)."""
    size, edges, states = space.size, space.edges, space.states
    rank = {sid: i for i, sid in enumerate(order)}
    by_scene: list[list[int]] = [[] for _ in order]
    for state, (sid, _values) in enumerate(states[:size]):
        by_scene[rank[sid]].append(state)
    dist = [_UNSEEN] * len(states)
    came_from = [-1] * len(states)
    dist[0] = cost[0]
    for scene_states in by_scene:
        for state in scene_states:
            at = dist[state]
            for _event, nxt in edges[state]:
                new, old = at + cost[nxt], dist[nxt]
                if new < old or (new == old and state < came_from[nxt]):
                    dist[nxt], came_from[nxt] = new, state
    return dist, came_from


def _dial(space: StateSpace, cost: list[int]) -> Distances:
    """Dijkstra from the start, for stories with loops. Costs are small whole numbers, so the
    queue is a bucket per distance (Dial's algorithm). A move's cost is its target's alone, so
    the first time a state is reached (from the nearest state popped so far) is already its
    shortest way, and every state is pushed once; another way in from a state popped at the
    same distance can only change which state the way comes from."""
    size, edges = space.size, space.edges
    dist = [_UNSEEN] * len(space.states)
    came_from = [-1] * len(space.states)
    at = top = dist[0] = cost[0]
    buckets: dict[int, list[int]] = {at: [0]}
    bucket_of = buckets.get
    while at <= top:
        bucket = bucket_of(at)
        if bucket is not None:
            for state in bucket:  # a move that costs 0 appends to this bucket, and is still visited
                if state >= size:  # beyond --max-states: not expanded
                    continue
                for _event, nxt in edges[state]:
                    old = dist[nxt]
                    if old == _UNSEEN:
                        new = dist[nxt] = at + cost[nxt]
                        came_from[nxt] = state
                        queued = bucket_of(new)
                        if queued is None:
                            buckets[new] = [nxt]
                            if new > top:
                                top = new
                        else:
                            queued.append(nxt)
                    elif state < came_from[nxt] and old == at + cost[nxt]:
                        came_from[nxt] = state
            del buckets[at]
        at += 1
    return dist, came_from


def _words_of_states(space: StateSpace) -> list[int]:
    """The words each expanded state shows (0 beyond `--max-states`). Prose reads few variables,
    so the count is kept per scene and values of the variables its prose reads (`_ProseWords`)."""
    counts = _ProseWords(space)
    prose = counts.prose
    cost = [counts[sid, prose[sid][1](values)] for sid, values in space.states[: space.size]]
    return cost + [0] * (len(space.states) - space.size)


class _ProseWords(dict[tuple[str, Any], int]):
    """(scene, values of the variables its prose reads, as `prose[scene][1]` picks them) -> words shown."""

    def __init__(self, space: StateSpace) -> None:
        super().__init__()
        self.scenes = space.scenes
        self.literal: dict[str, int] = {}
        self.prose: dict[str, tuple[tuple[str, ...], Callable[[tuple[Any, ...]], Any]]] = {}
        position = {name: i for i, name in enumerate(space.names)}
        for sid, scene in space.story.scenes.items():
            read: set[str] = set()
            for part in scene.text:
                read.update(space.story.templates[part.text].pieces[1::2])
                if part.if_ is not None:
                    read |= names_in(part.if_.tree)
            names = tuple(sorted(read, key=position.__getitem__))
            self.prose[sid] = (names, itemgetter(*map(position.__getitem__, names)) if names else _nothing)

    def __missing__(self, key: tuple[str, Any]) -> int:
        """Counted part by part (the blank line between parts never joins two words), and a part
        with no `{name}` in it is counted once."""
        sid, picked = key
        names = self.prose[sid][0]
        variables = dict(zip(names, picked if len(names) > 1 else (picked,) if names else ()))
        count = self[key] = sum(
            words(part.text.render(variables)) if len(part.text.pieces) > 1 else self._fixed(part.text.pieces[0])
            for part in shown_parts(self.scenes[sid], variables)
        )
        return count

    def _fixed(self, text: str) -> int:
        count = self.literal.get(text)
        if count is None:
            count = self.literal[text] = words(text)
        return count


def _nothing(values: tuple[Any, ...]) -> None:
    return None
