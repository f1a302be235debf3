"""The exhaustive search's state graph: one breadth-first search that several reports read.

`explore --exhaustive` (dead ends, soft-locks, errors, coverage), `validate --deep` (the same,
as diagnostics) and `validate --stats` (shortest paths to each ending) all need every state
and every move between them. `search` builds that once; each report is a pass over the graph,
so `validate --deep --stats` explores once, and so does a test session (tests/conftest.py).

A state is the scene plus every variable's value; two states are one when their control keys
(`relevance.control_key`) agree, and the full values kept are those of the first reached. Chance
is branches: every outcome with a positive weight is followed. Moves come from
`successors`, which applies the engine's rules to plain tuples (no session, undo, log or
`transitions` trigger per state), and paths are parent pointers, not lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from game.engine.compiled import CompiledScene, compile_story
from game.engine.successors import successors
from game.engine.turns import initial_vars
from game.errors import GameError
from game.story.model import Story
from game.tools.relevance import control_key

Progress = Callable[[int], None]
FullState = tuple[str, tuple[Any, ...]]


@dataclass
class StateSpace:
    """What one exhaustive search found. State ids are indexes into `states`, in the order the
    search reached them (so the first state of a scene is its nearest)."""

    story: Story
    scenes: dict[str, CompiledScene]
    """The compiled story the moves were computed on."""
    names: tuple[str, ...]
    """The variables, in declaration order: the layout of each state's values."""
    states: list[FullState]
    """Every state reached; the first `size` were expanded, the rest lie beyond `--max-states`."""
    size: int
    """States within the limit, each expanded once: what reports count as explored."""
    parent: list[tuple[int, str, int | None] | None]
    """For each state, (state, global choice id, outcome forced or None) of the move that first reached it."""
    edges: list[list[tuple[str, int]]]
    """For each expanded state, the states its moves lead to, each once, with the first move (in
    display and outcome order) that leads there: (global choice id, state). A second move to the
    same state changes no report: it is never a shorter way there, nor a new way to an ending."""
    endings: list[int]
    dead: list[int]
    """Expanded states that are not endings and have no open choice."""
    errors: list[tuple[int, str, str]]
    """(state, global choice id, message) for each move that fails in play, in search order."""
    opened: set[str]
    """Global ids of the choices open in at least one expanded state."""
    chosen: set[str]
    """Global ids of the choices taken successfully at least once."""
    moves: int
    """Moves that succeeded."""

    @property
    def complete(self) -> bool:
        """False when `--max-states` stopped the search: absences prove nothing then."""
        return len(self.states) == self.size

    def path_to(self, i: int) -> tuple[list[str], list[int | None]]:
        """The global choice ids from the start to state `i`, and the outcome forced at each."""
        steps: list[tuple[str, int | None]] = []
        while (link := self.parent[i]) is not None:
            i, event, outcome = link
            steps.append((event, outcome))
        steps.reverse()
        return [e for e, _ in steps], [o for _, o in steps]


def search(story: Story, max_states: int, progress: Progress | None = None) -> StateSpace:
    """Breadth-first over every state, each expanded once, up to `max_states` states."""
    scenes = compile_story(story)
    names = tuple(story.variables)
    key_of = control_key(story)
    start: FullState = (story.start, tuple(initial_vars(story).values()))
    index = {key_of(*start): 0}
    states = [start]
    parent: list[tuple[int, str, int | None] | None] = [None]
    edges: list[list[tuple[str, int]]] = []
    endings: list[int] = []
    dead: list[int] = []
    errors: list[tuple[int, str, str]] = []
    opened: set[str] = set()
    chosen: set[str] = set()
    made = 0
    i = 0
    while i < len(states) and i < max_states:  # states are queued in the order they are reached
        scene_id, values = states[i]
        scene = scenes[scene_id]
        out: list[tuple[str, int]] = []
        edges.append(out)
        targets: list[int] = []
        if scene.source.ending is not None:
            endings.append(i)
        else:
            found = successors(scene, names, values)
            if not found:
                dead.append(i)
            for choice, moves in found:
                event = choice.event
                opened.add(event)
                if not moves:
                    errors.append((i, event, f"every outcome of '{event}' has weight 0 here"))
                    continue
                for branch, after in moves:
                    if isinstance(after, Exception):
                        errors.append((i, event, f"choosing '{event}': {describe(after)}"))
                        continue
                    chosen.add(event)
                    made += 1
                    key = key_of(branch.to, after)
                    j = index.get(key)
                    if j is None:
                        j = index[key] = len(states)
                        states.append((branch.to, after))
                        parent.append((i, event, branch.outcome))
                        if progress and j < max_states:
                            progress(j + 1)
                    if j not in targets:
                        targets.append(j)
                        out.append((event, j))
        i += 1
    return StateSpace(story, scenes, names, states, i, parent, edges, endings, dead, errors, opened, chosen, made)


def describe(err: BaseException) -> str:
    """An engine error as a finding's message: our own errors say it all, others add their type."""
    return str(err) if isinstance(err, GameError) else f"{type(err).__name__}: {err}"
