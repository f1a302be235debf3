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

import heapq
import re
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Callable

from game.engine.rules import scene_text
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


def _shortest(space: StateSpace) -> list[EndingPath]:
    """Each ending's fewest-choices and fewest-words paths; the first state reached wins a tie."""
    by_choices = _search(space, [1] * len(space.states), 0)
    cost = _words_of_states(space)
    by_words = _search(space, cost, cost[0])
    story = space.story
    result = []
    for ending_id, sid in story.endings.items():
        ending = story.scenes[sid].ending
        assert ending is not None
        entry = EndingPath(ending_id, ending.kind, ending.title)
        best_c = _nearest(space, by_choices, sid)
        best_w = _nearest(space, by_words, sid)
        if best_c is not None and best_w is not None:
            entry.choices, entry.path_by_choices = best_c
            entry.words, entry.path_by_words = best_w
        result.append(entry)
    return result


def _words_of_states(space: StateSpace) -> list[int]:
    """The words each expanded state shows (0 beyond `--max-states`). Prose reads few variables,
    so states that agree on a scene and on the variables its prose reads share one count."""
    position = {name: i for i, name in enumerate(space.names)}
    prose: dict[str, Callable[[tuple[Any, ...]], Any]] = {}
    for sid, scene in space.story.scenes.items():
        read: set[str] = set()
        for part in scene.text:
            read.update(space.story.templates[part.text].pieces[1::2])
            if part.if_ is not None:
                read |= names_in(part.if_.tree)
        picked = sorted(position[n] for n in read)
        prose[sid] = itemgetter(*picked) if picked else _nothing
    counted: dict[tuple[str, Any], int] = {}
    cost = [0] * len(space.states)
    for i in range(space.size):
        sid, values = space.states[i]
        key = (sid, prose[sid](values))
        found = counted.get(key)
        if found is None:
            found = counted[key] = words(scene_text(space.scenes[sid], dict(zip(space.names, values))))
        cost[i] = found
    return cost


def _nothing(values: tuple[Any, ...]) -> None:
    return None


Best = dict[int, tuple[int, int, str]]
"""State -> (distance, previous state, global choice id of the move from it); -1 and "" at the start."""


def _search(space: StateSpace, cost: list[int], initial: int) -> Best:
    """Dijkstra from the start, where arriving in state j costs `cost[j]`. Ties go to the move
    found first (a heap of (distance, order)), and `best` keeps the order states were found in."""
    best: Best = {0: (initial, -1, "")}
    heap: list[tuple[int, int, int]] = [(initial, 0, 0)]
    tie = 1
    edges, size = space.edges, space.size
    push, pop = heapq.heappush, heapq.heappop
    while heap:
        dist, _, state = pop(heap)
        if dist > best[state][0] or state >= size:
            continue
        for event, nxt in edges[state]:
            new = dist + cost[nxt]
            known = best.get(nxt)
            if known is None or new < known[0]:
                best[nxt] = (new, state, event)
                push(heap, (new, tie, nxt))
                tie += 1
    return best


def _nearest(space: StateSpace, best: Best, sid: str) -> tuple[int, list[str]] | None:
    """The least distance to a state of scene `sid`, and the path there."""
    states = space.states
    found = min(((d, s) for s, (d, _, _) in best.items() if states[s][0] == sid), default=None, key=lambda x: x[0])
    if found is None:
        return None
    dist, state = found
    path: list[str] = []
    while state != 0:
        _, state, event = best[state]
        path.append(event)
    path.reverse()
    return dist, path
