"""The rules of one step, written once over the compiled story.

Which choices are open, what each outcome of a chance choice weighs, what a scene says; what a
branch does is its `CompiledBranch.apply`. The machine's guards and callbacks, the engine's
questions and the explorer's successor function (`successors`) all call these, so play and
search cannot disagree about them.
"""

from __future__ import annotations

from typing import Any, Iterator

from game.engine.compiled import CompiledChoice, CompiledPart, CompiledScene


def is_open(choice: CompiledChoice, variables: dict[str, Any]) -> bool:
    return choice.condition is None or bool(choice.condition(variables))


def open_choices(scene: CompiledScene, variables: dict[str, Any]) -> list[CompiledChoice]:
    """The choices `is_open`, in display order (its test inlined: play asks this at every step)."""
    return [c for c in scene.choices if c.condition is None or c.condition(variables)]


def weights(choice: CompiledChoice, variables: dict[str, Any]) -> list[int]:
    """The weight of each outcome of a chance choice (negatives count as 0); empty for a plain choice."""
    return [max(0, int(o.weight(variables))) for o in choice.outcomes]


def shown_parts(scene: CompiledScene, variables: dict[str, Any]) -> Iterator[CompiledPart]:
    """The parts of the scene's prose whose condition holds, in order."""
    return (part for part in scene.parts if part.condition is None or part.condition(variables))


def scene_text(scene: CompiledScene, variables: dict[str, Any]) -> str:
    """The prose shown in `scene`: its shown parts, separated by blank lines."""
    return "\n\n".join(part.text.render(variables) for part in shown_parts(scene, variables))
