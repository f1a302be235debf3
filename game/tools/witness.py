"""What proves a `--deep` finding, in the author's words: the state, the part of a condition, the guard.

A finding from the search is a claim about states: "from here no ending can be reached", "this
choice is never open". Stated bare, it reads as unconditional; an author needs the values that
make it true to see the cause. So a soft-lock or a dead end names the values of the variables
that still decide anything there (`when lamp = false`); a never-open choice names the part of
its condition that never held, with the values its variables took in that scene; a scene or an
ending never reached names the choices on the way there and why each never led there.
"""

from __future__ import annotations

import ast
from typing import Any

from game.expr.compile import compile_expr
from game.expr.parse import Expr, names_in
from game.story.model import Choice
from game.tools.relevance import live_control_variables
from game.tools.statespace import StateSpace


def show(value: Any) -> str:
    """A value as an author writes it in a condition."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def when(space: StateSpace, state: int, live: dict[str, tuple[str, ...]] | None = None) -> str:
    """` when a = 1, b = false`: the values at `state` of the variables still live in its scene
    (those that can change what opens or is drawn from there on), or nothing when none are."""
    scene, values = space.states[state]
    names = (live if live is not None else live_control_variables(space.story))[scene]
    if not names:
        return ""
    at = dict(zip(space.names, values))
    return " when " + ", ".join(f"{n} = {show(at[n])}" for n in names)


def _source(expr: Expr, node: ast.expr) -> str:
    """The words of `node` inside `expr`, as the author wrote them."""
    text = " ".join(expr.source.splitlines())
    return text[node.col_offset : node.end_col_offset]


def _seen(values: list[Any]) -> str:
    """The values a variable took: a range for numbers, else each one."""
    distinct = sorted(set(values), key=lambda v: (str(type(v)), v))
    if distinct and all(isinstance(v, int) and not isinstance(v, bool) for v in distinct) and len(distinct) > 2:
        return f"{distinct[0]}..{distinct[-1]}"
    return ", ".join(show(v) for v in distinct)


def never_open(space: StateSpace, scene: str, choice: Choice) -> str:
    """Why a choice's condition never held in the explored states of its scene: each part of a
    top-level `and` that never held, or that its parts held but never together, with the
    values its variables took there."""
    assert choice.if_ is not None, "a choice with no condition is open wherever its scene is"
    expr = choice.if_
    tree = expr.tree
    parts = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]
    tests = [compile_expr(p) for p in parts]
    held = [False] * len(parts)
    names = sorted(names_in(tree))
    seen: dict[str, list[Any]] = {n: [] for n in names}
    for name_of_scene, values in space.states[: space.size]:
        if name_of_scene != scene:
            continue
        at = dict(zip(space.names, values))
        for k, test in enumerate(tests):
            held[k] = held[k] or bool(test(at))
        for n in names:
            seen[n].append(at[n])
    never = [_source(expr, p) for p, h in zip(parts, held) if not h]
    if never:
        said = ", ".join(f"`{w}`" for w in never) + (" never holds" if len(never) == 1 else " never hold")
    else:
        said = "its parts hold, but never together"
    values = "; ".join(f"{n} was {_seen(v)}" for n, v in seen.items() if v)
    return f"{said} ({values})" if values else said


def in_the_way(space: StateSpace, target: str) -> str:
    """Why no explored state reaches `target`: each choice that leads there, and what stopped it
    (its scene never reached, its condition never open, or its outcome never drawn)."""
    reached = {s for s, _ in space.states[: space.size]}
    reasons: list[str] = []
    for sid, scene in space.story.scenes.items():
        for choice in scene.choices:
            leads = choice.to == target or any(o.to == target for o in choice.outcomes or ())
            if not leads:
                continue
            event = f"{sid}.{choice.id}"
            if sid not in reached:
                reasons.append(f"'{event}' is in scene '{sid}', never reached")
            elif event not in space.opened:
                guard = f" (if: {choice.if_.source.strip()})" if choice.if_ is not None else ""
                reasons.append(f"'{event}'{guard} is never open")
            elif choice.outcomes:
                reasons.append(f"'{event}' never draws the outcome that leads there")
            else:
                reasons.append(f"'{event}' fails whenever it is taken")
    if not reasons:
        return "no choice leads there"
    return "in the way: " + "; ".join(reasons)
