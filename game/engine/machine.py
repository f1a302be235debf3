"""The story as a `transitions` machine: one state per scene, one trigger per choice.

A choice's condition is the transition's guard and its effects are the `before` callbacks.
A chance choice becomes one transition per outcome under the same trigger; the engine draws
the outcome first and passes its index, and each outcome's guard accepts only its own index,
so `transitions` picks the branch while the draw stays in our seeded generator.
"""

from __future__ import annotations

from typing import Any, Callable

from transitions import EventData, Machine

from game.engine.compiled import CompiledChoice, CompiledScene
from game.engine.state import GameState


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
    def one(key: Any, make: Callable[[], Any]) -> Any:
        if key not in shared:
            shared[key] = make()
        return shared[key]

    guard = [one(("if", id(choice.condition)), lambda: _guard(choice.condition))] if choice.condition is not None else []
    before = [one(("do", id(choice.effects)), lambda: _run(choice.effects))] if choice.effects else []
    if choice.to is not None:
        machine.add_transition(choice.event, source, choice.to, conditions=guard, before=before)
        return
    for index, outcome in enumerate(choice.outcomes):
        drawn = one(("drawn", index), lambda: _drawn(index))
        effects = [one(("do", id(outcome.effects)), lambda: _run(outcome.effects))] if outcome.effects else []
        machine.add_transition(
            choice.event,
            source,
            outcome.to,
            conditions=[*guard, drawn],
            before=before + effects,
        )


def _guard(condition: Callable[[dict[str, Any]], bool]) -> Callable[[EventData], bool]:
    return lambda event: bool(condition(event.model.vars))


def _drawn(index: int) -> Callable[[EventData], bool]:
    return lambda event: event.kwargs.get("outcome") == index


def _run(effects: tuple[Callable[[dict[str, Any]], None], ...]) -> Callable[[EventData], None]:
    def apply(event: EventData) -> None:
        variables = event.model.vars
        for effect in effects:
            effect(variables)

    return apply
