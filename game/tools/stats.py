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
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from game.session import Session
from game.story.model import Story
from game.tools.relevance import control_key

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


def story_stats(story: Story, max_states: int) -> StoryStats:
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
    endings, complete = _shortest(story, max_states)
    return StoryStats(acts, total, endings, complete)


def _shortest(story: Story, max_states: int) -> tuple[list[EndingPath], bool]:
    session = Session(story, 0)
    names = list(story.variables)
    key_of = control_key(story)

    start_full = (session.scene_id, tuple(session.variables.values()))
    start = key_of(start_full)
    full_of = {start: start_full}
    graph: dict[Any, list[tuple[str, Any]]] = {}
    cost: dict[Any, int] = {}
    complete = True
    queue = deque([start])
    seen = {start}
    while queue:
        state = queue.popleft()
        scene, values = full_of[state]
        session.rewind((scene, dict(zip(names, values)), 0, ()))
        cost[state] = words(session.view().text)
        edges: list[tuple[str, Any]] = []
        here = (scene, dict(zip(names, values)), 0, ())
        for choice in session.open_choice_ids():
            session.rewind(here)
            weights = session.outcomes(choice)
            branches: list[int | None] = [k for k, w in enumerate(weights) if w > 0] if weights else [None]
            for outcome in branches:
                session.rewind(here)
                try:
                    session.step(choice, outcome)
                except Exception:  # noqa: BLE001 - the linter and explorer report these
                    continue
                full = session.state_key()[:2]
                nxt = key_of(full)
                edges.append((f"{scene}.{choice}", nxt))
                if nxt not in seen:
                    if len(seen) >= max_states:
                        complete = False
                        continue
                    seen.add(nxt)
                    full_of[nxt] = full
                    queue.append(nxt)
        graph[state] = edges
    by_choices = _search(graph, start, lambda s: 1)
    by_words = _search(graph, start, lambda s: cost.get(s, 0), initial=cost.get(start, 0))
    result = []
    for ending_id, sid in story.endings.items():
        ending = story.scenes[sid].ending
        assert ending is not None
        entry = EndingPath(ending_id, ending.kind, ending.title)
        best_c = min(((d, p) for s, (d, p) in by_choices.items() if s[0] == sid), default=None, key=lambda x: x[0])
        best_w = min(((d, p) for s, (d, p) in by_words.items() if s[0] == sid), default=None, key=lambda x: x[0])
        if best_c and best_w:
            entry.choices, entry.path_by_choices = best_c[0], best_c[1]
            entry.words, entry.path_by_words = best_w[0], best_w[1]
        result.append(entry)
    return result, complete


def _search(graph: dict[Any, list[tuple[str, Any]]], start: Any, step: Any, initial: int = 0) -> dict[Any, tuple[int, list[str]]]:
    """Dijkstra from `start`; `step(state)` is the cost of arriving in a state."""
    best: dict[Any, tuple[int, list[str]]] = {start: (initial, [])}
    heap: list[tuple[int, int, Any]] = [(initial, 0, start)]
    tie = 1
    while heap:
        dist, _, state = heapq.heappop(heap)
        if dist > best[state][0]:
            continue
        for event, nxt in graph.get(state, []):
            new = dist + step(nxt)
            if nxt not in best or new < best[nxt][0]:
                best[nxt] = (new, best[state][1] + [event])
                heapq.heappush(heap, (new, tie, nxt))
                tie += 1
    return best
