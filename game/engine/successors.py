"""Every move from a state at once, for searches that must not play each one through a session.

A search needs, for each state, every open choice and every outcome it can draw, with the
state each leads to. Playing them through `Session.step` costs a rewind, an undo entry and a
`transitions` trigger per move; `successors` computes the same moves with the same rules
(`rules`: the open choices, the weights, each branch's effects in the machine's order), on
plain tuples of values, so it cannot disagree with play (tests/tools/test_successors.py
checks it against `Session.step` on the shipped story's states and on random packs).

What a scene does depends only on the few variables its choices read (conditions, weights, and
the values and targets of effects), and a story repeats those few values across hundreds of
thousands of states: the shipped story's 871,205 states hold 1,739 distinct (scene, values
read). So `ScenePlan` runs the rules once per distinct reading, on a dict of those variables
only, and keeps the result as the values each branch writes; a state's moves are then its own
values with those written in. The closures are the engine's, unchanged: a condition reads the
same names from a smaller dict.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Callable

from game.engine.compiled import CompiledBranch, CompiledChoice, CompiledScene
from game.engine.rules import open_choices, weights
from game.expr.parse import names_in

Move = tuple[CompiledBranch, "tuple[Any, ...] | Exception"]
"""A branch and the values of every variable after it, or the error its effects raised."""

Written = tuple[Any, ...] | Exception
"""What a branch leaves in the variables it writes (`ScenePlan.writes` order), or its error."""

Reading = list[tuple[CompiledChoice, list[tuple[CompiledBranch, Written]]]]
"""A scene's moves for one reading: each open choice, in display order, with its branches."""


class ScenePlan:
    """One scene's moves as a function of the variables its choices read.

    `read(values)` picks those variables out of a full state (declaration order, as `names`);
    `moves(reading)` runs the rules on them. Two states with the same reading have the same open
    choices, the same weights and the same effects, so callers may keep `moves` by reading.
    """

    __slots__ = ("scene", "names", "read", "read_names", "writes", "_written")

    def __init__(self, scene: CompiledScene, names: tuple[str, ...]) -> None:
        position = {name: k for k, name in enumerate(names)}
        reads: set[str] = set()
        written: set[str] = set()
        for choice in scene.choices:
            source = choice.source
            if source.if_ is not None:
                reads |= names_in(source.if_.tree)
            for effect in source.do + tuple(e for o in source.outcomes or () for e in o.do):
                reads |= names_in(effect.value) | {effect.target}  # `+=` reads its target
                written.add(effect.target)
            for outcome in source.outcomes or ():
                reads |= names_in(outcome.weight.tree)
        self.scene = scene
        self.names = names
        self.read_names = tuple(n for n in names if n in reads)
        self.read: Callable[[tuple[Any, ...]], Any] = _getter(tuple(position[n] for n in self.read_names))
        self.writes = tuple(position[n] for n in names if n in written)
        """Positions (in `names`) of the variables some effect of the scene writes, in order."""
        self._written = itemgetter(*(n for n in names if n in written)) if written else None

    def moves(self, reading: Any) -> Reading:
        """For each open choice, in display order, its branches with a positive weight (in
        outcome order), each with what it leaves in `writes` (or the error its effects raised).
        An open chance choice whose weights all come to 0 has no branch: play raises there."""
        values = reading if len(self.read_names) != 1 else (reading,)
        variables = dict(zip(self.read_names, values if self.read_names else ()))
        found: Reading = []
        for choice in open_choices(self.scene, variables):
            if choice.outcomes:
                branches: tuple[CompiledBranch, ...] | list[CompiledBranch] = [
                    b for b, w in zip(choice.branches, weights(choice, variables)) if w > 0
                ]
            else:
                branches = choice.branches
            moves: list[tuple[CompiledBranch, Written]] = []
            for branch in branches:
                apply = branch.apply
                if apply is None:
                    moves.append((branch, ()))
                    continue
                after = variables.copy()
                try:
                    apply(after)
                except Exception as err:  # noqa: BLE001 - the caller reports it as play would raise it
                    moves.append((branch, err))
                    continue
                got = self._written(after) if self._written is not None else ()
                moves.append((branch, got if len(self.writes) != 1 else (got,)))
            found.append((choice, moves))
        return found


def write_into(values: tuple[Any, ...], positions: tuple[int, ...], written: tuple[Any, ...]) -> tuple[Any, ...]:
    """`values` with `written` put at `positions` (a branch's `Written`, from `ScenePlan.moves`)."""
    if not positions:
        return values
    after = list(values)
    for position, value in zip(positions, written):
        after[position] = value
    return tuple(after)


_PLANS: dict[tuple[int, tuple[str, ...]], tuple[CompiledScene, ScenePlan]] = {}
"""(id(scene), names) -> the scene (kept so its id stays its own) and its plan."""


def plan(scene: CompiledScene, names: tuple[str, ...]) -> ScenePlan:
    """The scene's plan, made once per scene and variable layout."""
    key = (id(scene), names)
    found = _PLANS.get(key)
    if found is None:
        if len(_PLANS) > 4096:  # tests make thousands of small packs: keep the newest only
            _PLANS.clear()
        found = _PLANS[key] = (scene, ScenePlan(scene, names))
    return found[1]


def successors(
    scene: CompiledScene, names: tuple[str, ...], values: tuple[Any, ...]
) -> list[tuple[CompiledChoice, list[Move]]]:
    """For each choice open in `scene` with the variables `names` = `values` (in declaration
    order), in display order: its branches with a positive weight, in outcome order, each with
    the values after it (the same tuple when the branch has no effect). An open chance choice
    whose weights all come to 0 has no branch: play raises `RuntimeContentError` there."""
    planned = plan(scene, names)
    found: list[tuple[CompiledChoice, list[Move]]] = []
    for choice, branches in planned.moves(planned.read(values)):
        moves: list[Move] = []
        for branch, written in branches:
            if isinstance(written, Exception):
                moves.append((branch, written))
            elif branch.apply is None:
                moves.append((branch, values))
            else:
                moves.append((branch, write_into(values, planned.writes, written)))
        found.append((choice, moves))
    return found


def _getter(positions: tuple[int, ...]) -> Callable[[tuple[Any, ...]], Any]:
    return itemgetter(*positions) if positions else _nothing


def _nothing(values: tuple[Any, ...]) -> None:
    return None
