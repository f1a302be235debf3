"""LB115 ignored-choice: two choices open together whose next screens read the same.

When two choices of a scene lead to the same screen (the same scene, title, text and open
choices), the story never acknowledges which one the player took: the choice is a fake. The
static pass proves it where the two choices cannot lead apart at all: the same fixed target,
and no effect, or only effects on variables that nothing reads from that target on (no
condition, weight, effect value, text-part condition or `{name}` in a scene reachable from
there). `--deep` proves the rest on the explored states: for every state and every pair of open
choices it compares the screens the two lead to, as the engine renders them.

Chance choices are compared by their outcomes: a chance choice matches another only when every
one of its outcomes can be drawn there (a positive weight) and all lead to one and the same
screen, so the draw is ignored too; otherwise it counts as different (a draw that fails
quietly back to where a plain choice leads is a weight the author tuned, not a fake choice).

A screen depends only on its scene and on the variables that scene's title, prose, text-part
conditions, choice conditions and choice texts read, so views are rendered once per scene and
values of those variables, and a scene where no two choices can share a target is skipped.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from dataclasses import dataclass, field
from itertools import combinations
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Callable, Iterable

from game.diagnostics import Codes, Diagnostic
from game.engine.rules import open_choices, scene_text
from game.engine.successors import Move, successors
from game.expr.parse import names_in
from game.story.model import Choice, Scene, Story

if TYPE_CHECKING:
    from game.engine.compiled import CompiledScene
    from game.tools.statespace import StateSpace

HINT = "make the next screen show the difference (a text part under `if:`, a variable in the text), or merge the two choices"


def _same_words(a: Choice, b: Choice) -> bool:
    """Two choices that read the same are LB107's (reword one) before they are LB115's."""
    return " ".join(a.text.casefold().split()) == " ".join(b.text.casefold().split())


def _targets(choice: Choice) -> set[str]:
    return {choice.to} if choice.to is not None else {o.to for o in choice.outcomes or ()}


def _screen_reads(story: Story, scene: Scene) -> set[str]:
    """The variables a scene's screen shows or depends on: what one rendering of it reads."""
    reads = set(story.templates[scene.title].pieces[1::2])
    for part in scene.text:
        reads.update(story.templates[part.text].pieces[1::2])
        if part.if_ is not None:
            reads |= names_in(part.if_.tree)
    for choice in scene.choices:
        reads.update(story.templates[choice.text].pieces[1::2])
        if choice.if_ is not None:
            reads |= names_in(choice.if_.tree)
    return reads


def _scene_reads(story: Story, scene: Scene) -> set[str]:
    """Everything a scene reads: its screen, its weights and the values of its effects."""
    reads = _screen_reads(story, scene)
    for choice in scene.choices:
        for effect in choice.do:
            reads |= names_in(effect.value)
        for outcome in choice.outcomes or ():
            reads |= names_in(outcome.weight.tree)
            for effect in outcome.do:
                reads |= names_in(effect.value)
    return reads


def _read_from(story: Story) -> Callable[[str], set[str]]:
    """For a scene, what it and every scene reachable from it (conditions ignored) read."""
    own = {sid: _scene_reads(story, s) for sid, s in story.scenes.items()}
    memo: dict[str, set[str]] = {}

    def read_from(start: str) -> set[str]:
        if start not in memo:
            seen, queue, reads = {start}, deque([start]), set()
            while queue:
                sid = queue.popleft()
                reads |= own[sid]
                for choice in story.scenes[sid].choices:
                    for target in _targets(choice) - seen:
                        seen.add(target)
                        queue.append(target)
            memo[start] = reads
        return memo[start]

    return read_from


def _message(story: Story, sid: str, first: int, second: int, target: str, where: str) -> str:
    scene = story.scenes[sid]
    a, b = scene.choices[first], scene.choices[second]
    at_a = story.locate(sid, "choices", first, "id").render()
    at_b = story.locate(sid, "choices", second, "id").render()
    return (
        f"choices '{sid}.{a.id}' ({at_a}) and '{sid}.{b.id}' ({at_b}) lead to the same screen "
        f"(scene '{target}', the same title, text and choices) {where}, so the story ignores which one the player took"
    )


def _fixed_pairs(story: Story) -> Iterable[tuple[str, int, int]]:
    """(scene, i, j) for each pair of plain choices that cannot lead apart: the same target and
    no effect that anything reads from there on. Where both are open they are ignored."""
    read_from = _read_from(story)
    for sid, scene in story.scenes.items():
        for (i, a), (j, b) in combinations(enumerate(scene.choices), 2):
            if a.to is not None and a.to == b.to and not _same_words(a, b) and not {e.target for e in a.do + b.do} & read_from(a.to):
                yield sid, i, j


def static_ignored(story: Story, reached: set[str], may_both_open: Callable[[Choice, Choice], bool]) -> list[Diagnostic]:
    """The fixed pairs of the scenes in `reached` whose choices can be open at once."""
    found: list[Diagnostic] = []
    for sid, i, j in _fixed_pairs(story):
        choices = story.scenes[sid].choices
        if sid in reached and may_both_open(choices[i], choices[j]):
            where = "whenever both are open"
            found.append(Diagnostic(Codes.IGNORED_CHOICE, story.locate(sid, "choices", j, "id"), _message(story, sid, i, j, choices[i].to or "", where), HINT))
    return found


class _Screens:
    """Each screen rendered once per scene and values of the variables it reads."""

    def __init__(self, space: StateSpace) -> None:
        self.space = space
        position = {name: k for k, name in enumerate(space.names)}
        self.pick: dict[str, Callable[[tuple[Any, ...]], Any]] = {}
        for sid, scene in space.story.scenes.items():
            where = sorted(position[n] for n in _screen_reads(space.story, scene))
            self.pick[sid] = itemgetter(*where) if where else _nothing
        self.cache: dict[tuple[str, Any], tuple[str, str, tuple[str, ...]]] = {}

    def of(self, move: Move) -> tuple[str, str, tuple[str, ...]] | None:
        """The screen a move leads to (title, text, open choices' texts), or None when it fails."""
        branch, after = move
        if isinstance(after, Exception):
            return None
        key = (branch.to, self.pick[branch.to](after))
        screen = self.cache.get(key)
        if screen is None:
            scene: CompiledScene = self.space.scenes[branch.to]
            variables = dict(zip(self.space.names, after))
            screen = self.cache[key] = (
                scene.title.render(variables),
                scene_text(scene, variables),
                tuple(c.text.render(variables) for c in open_choices(scene, variables)),
            )
        return screen

    def single(self, moves: list[Move]) -> tuple[str, tuple[str, str, tuple[str, ...]]] | None:
        """The one screen every move leads to (with its scene), or None when they differ or fail."""
        screens = {(m[0].to, self.of(m)) for m in moves}
        if len(screens) != 1:
            return None
        (target, screen), = screens
        return None if screen is None else (target, screen)


def _nothing(values: tuple[Any, ...]) -> None:
    return None


def _choice_reads(choice: Choice) -> set[str]:
    """What decides whether a choice is open and where, and with what values, it leads."""
    reads = names_in(choice.if_.tree) if choice.if_ is not None else set()
    for effect in choice.do + tuple(e for o in choice.outcomes or () for e in o.do):
        reads |= names_in(effect.value) | {effect.target}
    for outcome in choice.outcomes or ():
        reads |= names_in(outcome.weight.tree)
    return reads


@dataclass
class _Plan:
    """One scene's part of the deep check: the pairs still to prove, on a copy of the scene with
    only their choices (so only those are stepped), and what a comparison there depends on."""

    pairs: list[tuple[int, int]]
    """Indexes into `scene.choices`, which holds only the choices of some pair."""
    scene: CompiledScene
    events: tuple[str, ...]
    """The global id of each choice of `scene`: `events[i]` is choice i."""
    key: Callable[[tuple[Any, ...]], Any]
    """The values a comparison reads: the choices' conditions, weights and effects, and every
    target's screen. Two states that agree on them compare the same, so each key is done once."""
    done: set[Any] = field(default_factory=set)


def _plans(space: StateSpace) -> dict[str, _Plan]:
    story = space.story
    position = {name: k for k, name in enumerate(space.names)}
    fixed = set(_fixed_pairs(story))
    plans: dict[str, _Plan] = {}
    for sid, scene in story.scenes.items():
        pairs = [
            (i, j)
            for (i, a), (j, b) in combinations(enumerate(scene.choices), 2)
            if _targets(a) & _targets(b) and not _same_words(a, b) and (sid, i, j) not in fixed
        ]
        if not pairs:
            continue
        kept = sorted({k for pair in pairs for k in pair})
        local = {k: n for n, k in enumerate(kept)}
        compiled = space.scenes[sid]
        reads: set[str] = set()
        for k in kept:
            reads |= _choice_reads(scene.choices[k])
            for target in _targets(scene.choices[k]):
                reads |= _screen_reads(story, story.scenes[target])
        where = sorted(position[n] for n in reads)
        plans[sid] = _Plan(
            pairs=[(local[i], local[j]) for i, j in pairs],
            scene=dataclasses.replace(compiled, choices=tuple(compiled.choices[k] for k in kept)),
            events=tuple(compiled.choices[k].event for k in kept),
            key=itemgetter(*where) if where else _nothing,
        )
    return plans


def _every_branch(scene: CompiledScene, moves: dict[int, list[Move]], k: int) -> bool:
    """Choice k is open and every one of its outcomes can be drawn here: a draw that could lead
    elsewhere in another state is part of what the player chose, so only then can it match."""
    found = moves.get(k)
    return bool(found) and len(found) == len(scene.choices[k].branches)


def deep_ignored(space: StateSpace) -> list[Diagnostic]:
    """Pairs of choices open in an explored state whose next screens are the same, each reported
    once (at the first state the search met it in: the shortest path). The fixed pairs are the
    static pass's to report (or to rule out, when the two are never open together)."""
    story = space.story
    plans = _plans(space)
    screens = _Screens(space)
    found: list[Diagnostic] = []
    for state in range(space.size):
        sid, values = space.states[state]
        plan = plans.get(sid)
        if plan is None or not plan.pairs:
            continue
        key = plan.key(values)
        if key in plan.done:
            continue
        plan.done.add(key)
        place = {c.event: k for k, c in enumerate(plan.scene.choices)}
        moves = {place[c.event]: m for c, m in successors(plan.scene, space.names, values)}
        for pair in list(plan.pairs):
            i, j = pair
            if not _every_branch(plan.scene, moves, i) or not _every_branch(plan.scene, moves, j):
                continue
            first = screens.single(moves[i])
            if first is None or first != screens.single(moves[j]):
                continue
            plan.pairs.remove(pair)
            path, _ = space.path_to(state)
            where = "in the state reached by " + (" -> ".join(path) if path else "the start")
            a, b = (story.scenes[sid].choices.index(c.source) for c in (plan.scene.choices[i], plan.scene.choices[j]))
            span = story.locate(sid, "choices", b, "id")
            found.append(Diagnostic(Codes.IGNORED_CHOICE, span, _message(story, sid, a, b, first[0], where), HINT))
    return found
