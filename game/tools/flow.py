"""What each variable can hold when a scene opens, scene by scene.

LB103 asks whether a condition can hold anywhere in the story. A text part can pass that test
and still never show, because the values that make it true are only written on paths that do
not lead to its scene: `nights_watched >= 190` in a last act that the story reaches with at
most three nights added. This analysis follows the values along the story's choices instead:
for every scene, the set of values each variable may have on arrival, each effect applied as the
engine applies it (the same compiled closures, so clamping and arithmetic cannot differ).

It over-approximates: conditions on choices prune nothing, chance outcomes are all followed,
and each variable is followed on its own. So when a condition is false for every combination of
the values found, the text truly never shows; when it is not, nothing is claimed. A set that
grows past `MAX_VALUES` becomes "anything", which proves nothing, and that keeps the fixed
point finite.
"""

from __future__ import annotations

from collections import deque
from itertools import product
from typing import Any, Callable, Iterable

from game.engine.compiled import var_types
from game.expr.compile import compile_effect, compile_expr
from game.expr.parse import Effect, Expr, names_in
from game.story.model import Story

Values = frozenset[Any] | None
"""A variable's possible values on arrival; None when they are too many to follow."""
Arrival = dict[str, Values]

MAX_VALUES = 256
"""A variable with more possible values than this at one scene is followed no further there."""
MAX_COMBINATIONS = 4096
"""The most value combinations one effect or condition is evaluated over."""


def arrival_values(story: Story) -> dict[str, Arrival]:
    """For each scene the start reaches, what each variable can hold as it opens."""
    types = var_types(story)
    steps: dict[str, list[tuple[str, list[Callable[[Arrival], Arrival]]]]] = {}
    for sid, scene in story.scenes.items():
        out: list[tuple[str, list[Callable[[Arrival], Arrival]]]] = []
        for choice in scene.choices:
            own = [_transfer(e, compile_effect(e, types[e.target])) for e in choice.do]
            if choice.to is not None:
                out.append((choice.to, own))
            for outcome in choice.outcomes or ():
                out.append((outcome.to, own + [_transfer(e, compile_effect(e, types[e.target])) for e in outcome.do]))
        steps[sid] = out

    start: Arrival = {name: frozenset([var.initial]) for name, var in story.variables.items()}
    arrival: dict[str, Arrival] = {story.start: start}
    queue = deque([story.start])
    queued = {story.start}
    while queue:
        sid = queue.popleft()
        queued.discard(sid)
        for target, effects in steps[sid]:
            values = arrival[sid]
            for apply in effects:
                values = apply(values)
            before = arrival.get(target)
            merged = values if before is None else _join(before, values)
            if merged != before:
                arrival[target] = merged
                if target not in queued:
                    queue.append(target)
                    queued.add(target)
    return arrival


def can_hold(condition: Expr, values: Arrival) -> bool:
    """False only when no combination of `values` makes `condition` true."""
    test = compile_expr(condition.tree)
    combos = _combinations(sorted(names_in(condition.tree)), values)
    return combos is None or any(test(env) for env in combos)


def describe(names: Iterable[str], values: Arrival) -> str:
    """The values a condition's variables can have, as a finding says them."""
    parts = []
    for name in sorted(names):
        seen = values.get(name)
        if seen is None:
            continue
        ordered = sorted(seen, key=lambda v: (str(type(v)), v))
        if len(ordered) == 1:
            parts.append(f"'{name}' is always {_show(ordered[0])}")
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in ordered) and ordered[-1] - ordered[0] == len(ordered) - 1:
            parts.append(f"'{name}' is only {ordered[0]}..{ordered[-1]}")
        else:
            parts.append(f"'{name}' is only {', '.join(_show(v) for v in ordered)}")
    return "; ".join(parts)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _transfer(effect: Effect, action: Callable[[dict[str, Any]], None]) -> Callable[[Arrival], Arrival]:
    """An effect on sets of values: the target takes every value the effect can give it."""
    reads = sorted(names_in(effect.value) | ({effect.target} if effect.op != "=" else set()))

    def apply(values: Arrival) -> Arrival:
        combos = _combinations(reads, values)
        result: Values = None
        if combos is not None:
            seen = set()
            for env in combos:
                action(env)
                seen.add(env[effect.target])
            result = frozenset(seen) if len(seen) <= MAX_VALUES else None
        return {**values, effect.target: result}

    return apply


def _combinations(names: list[str], values: Arrival) -> list[dict[str, Any]] | None:
    """Every assignment of the names' possible values, or None when one is unknown or there are too many."""
    pools = [values.get(n) for n in names]
    if any(p is None for p in pools):
        return None
    count = 1
    for pool in pools:
        count *= len(pool)  # type: ignore[arg-type]
    if count > MAX_COMBINATIONS:
        return None
    return [dict(zip(names, combo)) for combo in product(*pools)]  # type: ignore[arg-type]


def _join(a: Arrival, b: Arrival) -> Arrival:
    joined: Arrival = {}
    for name, seen in a.items():
        other = b[name]
        if seen is None or other is None:
            joined[name] = None
        else:
            union = seen | other
            joined[name] = union if len(union) <= MAX_VALUES else None
    return joined
