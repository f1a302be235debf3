"""`graph --lint`: which scenes, choices and outcomes the linter's findings are about, for the diagram.

The findings are `validate --deep`'s own (so the picture and the report never disagree); each is
tied to what it is about by the place it is reported at, the key or value of a scene, a choice or
an outcome, never by its wording. A finding at any other place (a text part, a declaration)
has nothing to draw and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.diagnostics import Codes, Diagnostic, Span
from game.story.model import Story

SCENE_MARKS = {
    Codes.UNREACHABLE_SCENE.code: "unreachable",
    Codes.UNREACHABLE_ENDING.code: "unreachable",
    Codes.SOFT_LOCK.code: "soft-lock",
    Codes.DEAD_END.code: "dead-end",
}
CHOICE_MARKS = {Codes.NEVER_TRUE_CONDITION.code: "never-open", Codes.NEVER_OPEN_CHOICE.code: "never-open"}
OUTCOME_MARKS = {Codes.NEVER_DRAWN_OUTCOME.code: "never-drawn", Codes.ZERO_WEIGHTS.code: "never-drawn"}


@dataclass
class LintMarks:
    """What the diagram styles: scene id, global choice id, or (global choice id, outcome index) -> marks."""

    scenes: dict[str, set[str]] = field(default_factory=dict)
    choices: dict[str, set[str]] = field(default_factory=dict)
    outcomes: dict[tuple[str, int], set[str]] = field(default_factory=dict)


def _places(story: Story) -> dict[tuple[str, Span], tuple[str, object]]:
    """(code family, span) -> what is written there: a scene, a choice or an outcome."""
    places: dict[tuple[str, Span], tuple[str, object]] = {}
    for sid, scene in story.scenes.items():
        places[("scene", story.locate(sid, key=True))] = ("scene", sid)
        if scene.ending is not None:
            places[("scene", story.locate(sid, "ending", "id"))] = ("scene", sid)
        for i, choice in enumerate(scene.choices):
            gid = f"{sid}.{choice.id}"
            at = "if" if choice.if_ is not None else "id"
            places[("choice", story.locate(sid, "choices", i, at))] = ("choice", gid)
            for k, _ in enumerate(choice.outcomes or ()):
                places[("outcome", story.locate(sid, "choices", i, "outcomes", k, "weight"))] = ("outcome", (gid, k))
            if choice.outcomes:
                places[("outcome", story.locate(sid, "choices", i, "outcomes", key=True))] = ("every", (gid, len(choice.outcomes)))
    return places


def lint_marks(story: Story, diagnostics: list[Diagnostic]) -> LintMarks:
    """Marks for the findings in `diagnostics` (as `validate.findings` returns them for `story`)."""
    relevant = [d for d in diagnostics if d.code.code in SCENE_MARKS | CHOICE_MARKS | OUTCOME_MARKS]
    marks = LintMarks()
    if not relevant:
        return marks
    places = _places(story)
    for d in relevant:
        span = d.span
        if d.code.code in SCENE_MARKS and (found := places.get(("scene", span))):
            marks.scenes.setdefault(str(found[1]), set()).add(SCENE_MARKS[d.code.code])
        elif d.code.code in CHOICE_MARKS and (found := places.get(("choice", span))):
            marks.choices.setdefault(str(found[1]), set()).add("never-open")
        elif d.code.code in OUTCOME_MARKS and (found := places.get(("outcome", span))):
            kind, what = found
            if kind == "every":
                gid, count = what  # type: ignore[misc]
                for k in range(count):
                    marks.outcomes.setdefault((gid, k), set()).add("never-drawn")
            else:
                marks.outcomes.setdefault(what, set()).add("never-drawn")  # type: ignore[arg-type]
    return marks
