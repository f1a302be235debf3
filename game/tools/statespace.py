"""The exhaustive search's state graph: one breadth-first search that several reports read.

`explore --exhaustive` (dead ends, soft-locks, errors, coverage), `validate --deep` (the same,
as diagnostics) and `validate --stats` (shortest paths to each ending) all need every state
and every move between them. `search` builds that once; each report is a pass over the graph,
so `validate --deep --stats` explores once, and so does a test session (tests/conftest.py).

A state is the scene plus every variable's value; two states are one when their control keys
(`relevance.control_key`) agree, and the full values kept are those of the first reached. Chance
is branches: every outcome with a positive weight is followed. Moves come from
`successors.ScenePlan`, which applies the engine's rules to plain tuples (no session, undo, log
or `transitions` trigger per state), and paths are parent pointers, not lists.

What made it fast (profiled with `python -m cProfile -s tottime -m game explore --exhaustive`):
a scene's moves depend only on the few variables its choices read, and the shipped story's
871,205 states hold 1,739 distinct (scene, values read), so the rules run once per reading and
each state only writes the values a move changes into its own (one `itemgetter` call over
values + written); a move to a state already known builds no tuple; and the cyclic collector,
which walked the millions of live tuples again and again for nothing, is paused. The states
and every report are the same as a plain search over `successors` gives
(tests/tools/test_successors.py), so the state count means what it did: distinct control keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Callable

from game import collector
from game.engine.compiled import CompiledScene, compile_story
from game.engine.successors import ScenePlan, plan
from game.engine.turns import initial_vars
from game.errors import GameError
from game.story.model import Story
from game.tools.relevance import control_getter, control_key, control_positions

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


@collector.kept()  # millions of tuples that all stay alive: see there
def search(story: Story, max_states: int, progress: Progress | None = None) -> StateSpace:
    """Breadth-first over every state, each expanded once, up to `max_states` states."""
    return _search(story, max_states, progress)


PROGRESS_EVERY = 4096
"""New states between two progress reports (a terminal's bar need not redraw per state)."""

Step = tuple[str, int | None, str, tuple[Any, ...], Callable[[tuple[Any, ...]], Any]]
"""One branch of a reading that succeeds: event, outcome, target scene, values written (()
when none), and the target's control key, read off the state's values followed by the values
written (so the state after the move is built only when it is new)."""

Reading = tuple[tuple[Step, ...], tuple[tuple[str, str], ...], bool]
"""A scene's moves for one reading: its steps in display and outcome order, the moves that fail
(event, message) in the order play meets them, and whether no choice is open (a dead end)."""


def _search(story: Story, max_states: int, progress: Progress | None) -> StateSpace:
    scenes = compile_story(story)
    names = tuple(story.variables)
    key_of = control_key(story)
    live = control_positions(story)
    at: dict[str, tuple[ScenePlan, dict[Any, Reading], Callable[[tuple[Any, ...]], tuple[Any, ...]]] | None] = {}
    for sid, scene in scenes.items():
        if scene.source.ending is None:
            scene_plan = plan(scene, names)
            at[sid] = (scene_plan, {}, _merger(len(names), scene_plan.writes))
        else:
            at[sid] = None
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
        out: list[tuple[str, int]] = []
        edges.append(out)
        here = at[scene_id]
        if here is None:
            endings.append(i)
            i += 1
            continue
        scene_plan, known, merge = here
        reading = scene_plan.read(values)
        found = known.get(reading)
        if found is None:
            found = known[reading] = _reading(scene_plan, reading, live, opened, chosen)
        steps, failed, is_dead = found
        if is_dead:
            dead.append(i)
        if failed:
            errors += [(i, event, message) for event, message in failed]
        made += len(steps)
        targets: list[int] = []
        for event, outcome, to, written, key_at in steps:
            both = values + written if written else values
            key = (to, key_at(both))
            j = index.get(key)
            if j is None:
                j = index[key] = len(states)
                states.append((to, merge(both) if written else values))
                parent.append((i, event, outcome))
                if progress and j < max_states and not j % PROGRESS_EVERY:
                    progress(j + 1)
            if j not in targets:
                targets.append(j)
                out.append((event, j))
        i += 1
    if progress:
        progress(min(len(states), max_states))
    return StateSpace(story, scenes, names, states, i, parent, edges, endings, dead, errors, opened, chosen, made)


def _merger(size: int, writes: tuple[int, ...]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """values + written -> the values after the move: one C call (an itemgetter) per new state."""
    written_at = {position: size + k for k, position in enumerate(writes)}
    picks = [written_at.get(position, position) for position in range(size)]
    if len(picks) >= 2:
        return itemgetter(*picks)
    return (lambda both: (both[picks[0]],)) if picks else (lambda both: ())


def _reading(
    scene_plan: ScenePlan,
    reading: Any,
    live: dict[str, tuple[tuple[int, ...], Callable[[tuple[Any, ...]], Any]]],
    opened: set[str],
    chosen: set[str],
) -> Reading:
    """A scene's moves for one reading, as the search walks them. The choices it opens and takes
    are noted here, once: every state with this reading opens and takes the same."""
    steps: list[Step] = []
    failed: list[tuple[str, str]] = []
    moves = scene_plan.moves(reading)
    size = len(scene_plan.names)
    written_at = {position: size + k for k, position in enumerate(scene_plan.writes)}
    for choice, branches in moves:
        event = choice.event
        opened.add(event)
        if not branches:
            failed.append((event, f"every outcome of '{event}' has weight 0 here"))
        for branch, written in branches:
            if isinstance(written, Exception):
                failed.append((event, f"choosing '{event}': {describe(written)}"))
                continue
            chosen.add(event)
            positions, key_at = live[branch.to]
            if branch.apply is None:
                written = ()
            elif any(p in written_at for p in positions):  # the key reads what the move wrote
                key_at = control_getter(tuple(written_at.get(p, p) for p in positions))
            steps.append((event, branch.outcome, branch.to, written, key_at))
    return tuple(steps), tuple(failed), not moves


def describe(err: BaseException) -> str:
    """An engine error as a finding's message: our own errors say it all, others add their type."""
    return str(err) if isinstance(err, GameError) else f"{type(err).__name__}: {err}"
