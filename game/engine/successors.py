"""Every move from a state at once, for searches that visit each state of a story.

A search asks of each state what every open choice does, with chance as branches. Playing
each branch through `Session.step` answers that, at the price of the undo history, the log
and a `transitions` trigger per branch, with a rewind before each: most of the time of an
exhaustive search. `successors` answers it from the same compiled story with the same rules
(`rules`: the open choices, the weights, each branch's effects in the machine's order), on
plain tuples of values, so it cannot disagree with play (tests/tools/test_successors.py
checks it against `Session.step` on every state of the shipped story and on random packs).
"""

from __future__ import annotations

from typing import Any

from game.engine.compiled import CompiledBranch, CompiledChoice, CompiledScene
from game.engine.rules import open_choices, weights

Move = tuple[CompiledBranch, "tuple[Any, ...] | Exception"]
"""A branch and the values of every variable after it, or the error its effects raised."""


def successors(
    scene: CompiledScene, names: tuple[str, ...], values: tuple[Any, ...]
) -> list[tuple[CompiledChoice, list[Move]]]:
    """For each choice open in `scene` with the variables `names` = `values` (in declaration
    order), in display order: its branches with a positive weight, in outcome order, each with
    the values after it (the same tuple when the branch has no effect). An open chance choice
    whose weights all come to 0 has no branch: play raises `RuntimeContentError` there."""
    variables = dict(zip(names, values))
    found: list[tuple[CompiledChoice, list[Move]]] = []
    for choice in open_choices(scene, variables):
        if choice.outcomes:
            branches: tuple[CompiledBranch, ...] | list[CompiledBranch] = [
                b for b, w in zip(choice.branches, weights(choice, variables)) if w > 0
            ]
        else:
            branches = choice.branches
        moves: list[Move] = []
        for branch in branches:
            apply = branch.apply
            if apply is None:
                moves.append((branch, values))
                continue
            after = variables.copy()
            try:
                apply(after)
            except Exception as err:  # noqa: BLE001 - the caller reports it as play would raise it
                moves.append((branch, err))
                continue
            moves.append((branch, tuple(after.values())))
        found.append((choice, moves))
    return found
