"""The story as a `transitions` machine: one state per scene, one trigger per choice.

Each branch of a choice (`CompiledBranch`) is a transition: the choice's condition is its
guard and the branch's effects (its `apply`) are its `before` callback. A chance choice has
one branch per outcome under the same trigger; the engine draws the outcome first and passes
its index, and each outcome's guard accepts only its own index, so `transitions` picks the
branch while the draw stays in our seeded generator.

A story has one machine, built once and shared by every engine playing it: each engine's
`GameState` is one of the machine's models (guards and effects read `event.model`), added
when the engine is made and removed when it is dropped. Building the machine was most of a
new session (a save's load, a journal's replay): 167 transitions on the shipped story.
"""

from __future__ import annotations

import weakref
from typing import Any, Callable

from transitions import EventData, Machine

from game.engine.compiled import CompiledChoice, CompiledScene
from game.engine.state import GameState
from game.expr.compile import Action
from game.story.model import Story


class StoryMachine(Machine):
    """A `Machine` that adds only `trigger` to its model.

    The stock machine also binds `is_<scene>`, `<trigger>` and `may_<trigger>` to the model for
    every scene and choice; we call `trigger(name)` only, and a model that holds nothing but
    the game state stays cheap to build, copy and inspect on a story of thousands of scenes.
    """

    def _add_trigger_to_model(self, trigger: str, model: Any) -> None:
        return None

    def _add_model_to_state(self, state: Any, model: Any) -> None:
        return None


_MACHINES: dict[int, StoryMachine] = {}
"""id(story) -> its machine, while the story lives (a finalizer drops the entry), as `compile_story`."""


def attach(owner: object, story: Story, scenes: dict[str, CompiledScene], state: GameState) -> StoryMachine:
    """The story's machine with `state` added as a model, at the story's start, until `owner`
    (the engine holding `state`) is dropped: the machine then forgets `state` too."""
    machine = _MACHINES.get(id(story))
    if machine is None:
        machine = _MACHINES[id(story)] = build_machine(scenes, story.start)
        weakref.finalize(story, _MACHINES.pop, id(story), None).atexit = False
    machine.add_model(state, initial=state.scene)
    weakref.finalize(owner, machine.remove_model, state).atexit = False
    return machine


def build_machine(scenes: dict[str, CompiledScene], start: str) -> StoryMachine:
    """The machine, with no model yet; guards and callbacks are shared between transitions
    that do the same thing."""
    machine = StoryMachine(
        model=None,
        states=list(scenes),
        initial=start,
        model_attribute="scene",
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=False,
    )
    shared: dict[Any, Any] = {}
    for scene in scenes.values():
        for choice in scene.choices:
            _add_choice(machine, scene.id, choice, shared)
    return machine


def _add_choice(machine: StoryMachine, source: str, choice: CompiledChoice, shared: dict[Any, Any]) -> None:
    """One transition per branch (`CompiledBranch`), its effects as one `before` callback."""

    def one(key: Any, make: Callable[[], Any]) -> Any:
        if key not in shared:
            shared[key] = make()
        return shared[key]

    guard = [one(("if", id(choice.condition)), lambda: _guard(choice.condition))] if choice.condition is not None else []
    for branch in choice.branches:
        index = branch.outcome
        conditions = guard if index is None else [*guard, one(("drawn", index), lambda: _drawn(index))]
        action = branch.apply
        before = [one(("do", id(action)), lambda: _run(action))] if action is not None else []
        machine.add_transition(choice.event, source, branch.to, conditions=conditions, before=before)


def _guard(condition: Callable[[dict[str, Any]], bool]) -> Callable[[EventData], bool]:
    return lambda event: bool(condition(event.model.vars))


def _drawn(index: int) -> Callable[[EventData], bool]:
    return lambda event: event.kwargs.get("outcome") == index


def _run(action: Action) -> Callable[[EventData], None]:
    return lambda event: action(event.model.vars)
