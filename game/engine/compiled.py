"""The story compiled for play: closures for every condition, weight, effect and text.

Built once per story (shared by all its engines) from the frozen `Story`; the machine's guards and callbacks, and the
engine's own questions ("which choices are open?"), all call these same closures.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any, Callable

from game.expr.check import VarType
from game.expr.compile import Action, Getter, compile_effect, compile_expr
from game.expr.template import Template
from game.story.model import Choice, Scene, Story

Condition = Callable[[dict[str, Any]], bool]


@dataclass(frozen=True, slots=True)
class CompiledOutcome:
    weight: Getter
    to: str
    effects: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class CompiledBranch:
    """One way a choice can go: where to, and every effect on the way, in the order they run.

    A plain choice has one branch (`outcome` None) with its own effects; a chance choice has one
    per outcome, with the choice's effects then the outcome's. The machine's transitions and the
    explorer's successor function are both built from these, so they cannot order effects apart.
    """

    outcome: int | None
    to: str
    apply: Action | None
    """Every effect of the branch in one call, in place; None when the branch changes nothing."""


@dataclass(frozen=True, slots=True)
class CompiledChoice:
    id: str
    event: str
    """The global id `scene.choice`, which is also the machine's trigger name."""
    text: Template
    condition: Condition | None
    outcomes: tuple[CompiledOutcome, ...]
    """Empty for a plain choice."""
    branches: tuple[CompiledBranch, ...]
    """Where the choice can lead: one branch per outcome, or the single `to`."""
    source: Choice


@dataclass(frozen=True, slots=True)
class CompiledPart:
    condition: Condition | None
    text: Template


@dataclass(frozen=True, slots=True)
class CompiledScene:
    id: str
    title: Template
    parts: tuple[CompiledPart, ...]
    choices: tuple[CompiledChoice, ...]
    by_id: dict[str, CompiledChoice]
    source: Scene


def var_types(story: Story) -> dict[str, VarType]:
    return {
        name: VarType(name, v.type, v.min, v.max, tuple(v.values or ()))
        for name, v in story.variables.items()
    }


_COMPILED: dict[int, dict[str, CompiledScene]] = {}
"""id(story) -> its compiled scenes, while the story lives (a finalizer drops the entry)."""


def compile_story(story: Story) -> dict[str, CompiledScene]:
    """The story's compiled scenes, made once per story and shared by every engine of it.

    The story is frozen and a compiled scene is too, so sharing is safe; building them was
    two thirds of a new `Session` (1.6 ms on the shipped story), paid again by every load,
    journal and replay.
    """
    found = _COMPILED.get(id(story))
    if found is None:
        found = _COMPILED[id(story)] = _compile(story)
        weakref.finalize(story, _COMPILED.pop, id(story), None)
    return found


def _compile(story: Story) -> dict[str, CompiledScene]:
    """Closures for the whole story. Identical expressions share one parsed object (the parser
    caches), so each distinct expression is compiled once: a big story repeats a few dozen."""
    types = var_types(story)
    compiled: dict[Any, Any] = {}

    def once(obj: Any, make: Any) -> Any:
        key = tuple(map(id, obj)) if isinstance(obj, tuple) else id(obj)
        found = compiled.get(key)
        if found is None:
            found = compiled[key] = (obj, make())  # keep obj alive so its id stays unique
        return found[1]

    def effects(items: tuple[Any, ...]) -> tuple[Action, ...]:
        return once(items, lambda: tuple(compile_effect(e, types[e.target]) for e in items)) if items else ()

    def in_order(actions: tuple[Action, ...]) -> Action | None:
        return once(actions, lambda: sequence(actions)) if actions else None

    def condition(expr: Any) -> Condition | None:
        return None if expr is None else once(expr, lambda: compile_expr(expr.tree))

    def choice(sid: str, c: Choice) -> CompiledChoice:
        own = effects(c.do)
        outcomes = tuple(
            CompiledOutcome(once(o.weight, lambda o=o: compile_expr(o.weight.tree)), o.to, effects(o.do))
            for o in c.outcomes or ()
        )
        if outcomes:
            branches = tuple(CompiledBranch(k, o.to, in_order(own + o.effects)) for k, o in enumerate(outcomes))
        else:
            assert c.to is not None, "the loader gives every choice `to` or `outcomes`"
            branches = (CompiledBranch(None, c.to, in_order(own)),)
        return CompiledChoice(
            id=c.id,
            event=f"{sid}.{c.id}",
            text=story.templates[c.text],
            condition=condition(c.if_),
            outcomes=outcomes,
            branches=branches,
            source=c,
        )

    scenes: dict[str, CompiledScene] = {}
    for sid, scene in story.scenes.items():
        choices = tuple(choice(sid, c) for c in scene.choices)
        scenes[sid] = CompiledScene(
            id=sid,
            title=story.templates[scene.title],
            parts=tuple(CompiledPart(condition(p.if_), story.templates[p.text]) for p in scene.text),
            choices=choices,
            by_id={c.id: c for c in choices},
            source=scene,
        )
    return scenes


def sequence(actions: tuple[Action, ...]) -> Action:
    """One action running `actions` in order; an action that fails leaves the ones before it done."""
    if len(actions) == 1:
        return actions[0]

    def run(variables: dict[str, Any]) -> None:
        for action in actions:
            action(variables)

    return run
