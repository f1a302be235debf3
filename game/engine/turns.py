"""One game in play: which choices are open, and what taking one does.

`Engine` owns the state and its machine; it answers questions about the current scene and
applies a choice through `transitions`. It knows nothing of undo, views or saves (the
session's job) and raises typed errors for choices that cannot be taken.
"""

from __future__ import annotations

from typing import Any

from game import collector
from game.diagnostics import did_you_mean
from game.engine import rules
from game.engine.compiled import CompiledChoice, CompiledScene, compile_story
from game.engine.machine import attach
from game.engine.rng import pick, seed_state
from game.engine.state import GameState
from game.errors import RuntimeContentError, UnavailableChoice, UnknownChoice
from game.story.model import Story


def initial_vars(story: Story) -> dict[str, Any]:
    return {name: var.initial for name, var in story.variables.items()}


class Engine:
    def __init__(self, story: Story, seed: int) -> None:
        self.story = story
        with collector.paused():  # thousands of transitions that all stay alive: see there
            self.scenes = compile_story(story)
            self.state = GameState(story.start, initial_vars(story), seed_state(seed))
            self.machine = attach(self, story, self.scenes, self.state)

    @property
    def scene(self) -> CompiledScene:
        return self.scenes[self.state.scene]

    def open_choices(self) -> list[CompiledChoice]:
        return rules.open_choices(self.scene, self.state.vars)

    def title(self) -> str:
        return self.scene.title.render(self.state.vars)

    def text(self) -> str:
        return rules.scene_text(self.scene, self.state.vars)

    def weights(self, choice: CompiledChoice) -> list[int]:
        """The weight of each outcome of a chance choice in the current state (negatives count as 0)."""
        return rules.weights(choice, self.state.vars)

    def choose(self, choice_id: str, outcome: int | None = None) -> CompiledChoice:
        """Take a choice of the current scene by its local id; the state is untouched on error.

        `outcome` forces a chance choice's branch (explorers try every branch); the generator
        is then not advanced. Play never passes it.
        """
        scene = self.scene
        choice = scene.by_id.get(choice_id)
        if choice is None:
            raise UnknownChoice(
                f"scene '{scene.id}' has no choice '{choice_id}'{did_you_mean(choice_id, scene.by_id)}"
            )
        state = self.state
        if not rules.is_open(choice, state.vars):
            raise UnavailableChoice(f"choice '{choice.event}' is not available now (its condition does not hold)")
        rng = state.rng
        if choice.outcomes and outcome is not None:
            weights = self.weights(choice)
            if not 0 <= outcome < len(weights) or weights[outcome] <= 0:
                raise UnavailableChoice(f"outcome {outcome} of '{choice.event}' cannot be drawn in this state")
            moved = state.trigger(choice.event, outcome=outcome)
        elif choice.outcomes:
            weights = self.weights(choice)
            if sum(weights) <= 0:
                span = self.story.locate(scene.id, "choices", scene.choices.index(choice), "outcomes", key=True)
                raise RuntimeContentError(
                    f"{span.render()}: every outcome of '{choice.event}' has weight 0 in this state"
                )
            rng, index = pick(rng, weights)
            moved = state.trigger(choice.event, outcome=index)
        else:
            moved = state.trigger(choice.event)
        if not moved:  # the guard is the condition checked above; reaching here is a bug
            raise AssertionError(f"transition {choice.event} refused after its condition held")
        state.rng = rng
        state.log.append(choice.event)
        return choice

    def reset(self, seed: int) -> None:
        """Back to the start of a new game; the compiled story and machine are kept."""
        self.set_state(self.story.start, initial_vars(self.story), seed_state(seed), [])

    def set_state(self, scene: str, variables: dict[str, Any], rng: int, log: list[str]) -> None:
        self.machine.set_state(scene, model=self.state)
        self.state.vars = variables
        self.state.rng = rng
        self.state.log = log
