"""The story as a `transitions` machine: one state per scene, one trigger per choice.

Each branch of a choice (`CompiledBranch`) is a transition: the choice's condition is its
guard and the branch's effects (its `apply`) are its `before` callback. A chance choice has
one branch per outcome under the same trigger; the engine draws the outcome first and passes
its index, and each outcome's guard accepts only its own index, so `transitions` picks the
branch while the draw stays in our seeded generator.
"""

from __future__ import annotations

from typing import Any, Callable

from transitions import EventData, Machine

from game.engine.compiled import CompiledChoice, CompiledScene
from game.engine.state import GameState
from game.expr.compile import Action


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


def build_machine(scenes: dict[str, CompiledScene], state: GameState) -> StoryMachine:
    """The machine; guards and callbacks are shared between transitions that do the same thing."""
    machine = StoryMachine(
        model=state,
        states=list(scenes),
        initial=state.scene,
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
