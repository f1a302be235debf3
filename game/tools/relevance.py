"""Which variables can still change what happens next, scene by scene.

The exhaustive explorer (and `--stats`, and `validate --deep`) search the story's states. A
full state is the scene plus every variable, and a story that remembers many choices has
millions of those; but most variables only colour the prose. What the player can do next
depends only on the variables read by conditions and weights from here on (and on those that
feed them through effects). Two states that agree on the scene and on those live variables
have the same future: the same choices open, the same endings reachable. So the search may
treat them as one state without missing a dead end, a soft-lock or an unreachable ending.

The analysis over-approximates (it ignores conditions when following the graph and never
kills a variable on assignment), so it may keep a variable that no longer matters; it never
drops one that does.
"""

from __future__ import annotations

from collections import deque
from operator import itemgetter
from typing import Any, Callable

from game.expr.parse import names_in
from game.story.model import Story


def live_control_variables(story: Story) -> dict[str, tuple[str, ...]]:
    """For each scene, the variables that can still decide what is open or drawn, in declaration order."""
    local: dict[str, set[str]] = {}
    effects: dict[str, list[tuple[str, set[str]]]] = {}
    successors: dict[str, set[str]] = {}
    for sid, scene in story.scenes.items():
        reads: set[str] = set()
        writes: list[tuple[str, set[str]]] = []
        targets: set[str] = set()
        for choice in scene.choices:
            if choice.if_ is not None:
                reads |= names_in(choice.if_.tree)
            for effect in choice.do:
                writes.append((effect.target, names_in(effect.value) | ({effect.target} if effect.op != "=" else set())))
            if choice.to is not None:
                targets.add(choice.to)
            for outcome in choice.outcomes or ():
                reads |= names_in(outcome.weight.tree)
                targets.add(outcome.to)
                for effect in outcome.do:
                    writes.append((effect.target, names_in(effect.value) | ({effect.target} if effect.op != "=" else set())))
        local[sid], effects[sid], successors[sid] = reads, writes, targets

    relevant = set().union(*local.values()) if local else set()
    changed = True
    while changed:  # a variable that feeds a relevant one through an effect is relevant too
        changed = False
        for writes in effects.values():
            for target, sources in writes:
                if target in relevant and not sources <= relevant:
                    relevant |= sources
                    changed = True

    predecessors: dict[str, set[str]] = {sid: set() for sid in story.scenes}
    for sid, targets in successors.items():
        for target in targets:
            predecessors[target].add(sid)
    live: dict[str, set[str]] = {}
    for sid in story.scenes:
        own = set(local[sid])
        for target, sources in effects[sid]:
            if target in relevant:
                own |= sources
        live[sid] = own & relevant
    queue = deque(story.scenes)
    queued = set(story.scenes)
    while queue:  # backwards to a fixed point: what a successor needs, its predecessors carry
        sid = queue.popleft()
        queued.discard(sid)
        for pred in predecessors[sid]:
            if not live[sid] <= live[pred]:
                live[pred] |= live[sid]
                if pred not in queued:
                    queue.append(pred)
                    queued.add(pred)
    order = list(story.variables)
    return {sid: tuple(v for v in order if v in names) for sid, names in live.items()}


StateKey = Callable[[str, tuple[Any, ...]], tuple[str, Any]]


def control_key(story: Story) -> StateKey:
    """A function from a full state (the scene, every variable's value in declaration order) to
    the key searches use: the scene and the values of its live control variables only.

    The values come out as `itemgetter` gives them (none, one value, or a tuple), which is one
    C call per key; the shape is fixed per scene, so two keys are equal exactly when the scene
    and its live values are."""
    pick = {sid: getter for sid, (_, getter) in control_positions(story).items()}

    def key(scene: str, values: tuple[Any, ...]) -> tuple[str, Any]:
        return scene, pick[scene](values)

    return key


def control_positions(story: Story) -> dict[str, tuple[tuple[int, ...], Callable[[tuple[Any, ...]], Any]]]:
    """For each scene, the positions of its live control variables in a full state, and the
    getter of the second half of its `control_key` (full values -> those variables' values)."""
    position = {name: i for i, name in enumerate(story.variables)}
    found = {}
    for sid, vs in live_control_variables(story).items():
        where = tuple(position[v] for v in vs)
        found[sid] = (where, control_getter(where))
    return found


def control_getter(positions: tuple[int, ...]) -> Callable[[tuple[Any, ...]], Any]:
    """The values at `positions`, shaped as control keys hold them (none, one value, or a tuple)."""
    return itemgetter(*positions) if positions else _nothing


def _nothing(values: tuple[Any, ...]) -> None:
    return None
