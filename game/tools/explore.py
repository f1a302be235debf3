"""Exploring a story automatically: seeded random playthroughs, and an exhaustive search.

Both play through `Session`, like every front end, so what they find is what a player meets.
Every finding carries the path of global choice ids from the start that reaches it (with the
outcome index of each chance choice, and for random play the seed), so it can be replayed.

Random play treats chance as the game does: outcomes are drawn from each run's seeded
generator. The exhaustive search treats chance as branches: every outcome with a positive
weight is followed, and a state is the scene plus the variables that can still change what
happens next (`relevance`; never the choice log), so prose-only variables do not multiply it.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from game.errors import GameError
from game.session import Session
from game.story.model import Story
from game.tools.relevance import control_key

Progress = Callable[[int], None]

DEFAULT_MAX_STEPS = 1000
"""Choices per random run before it is counted as too long (a loop the dice keep choosing)."""

SHRINK_BUDGET = 100_000
"""States the shrinker may visit while looking for a shorter path to a failure."""


@dataclass
class Finding:
    """A dead end, a soft-lock or an engine error, and how to get there from the start."""

    kind: str  # dead-end | softlock | error
    scene: str
    path: list[str]
    outcomes: list[int | None]
    """For each step of `path`, the outcome forced at a chance choice (exhaustive search), else None."""
    seed: int | None = None
    """The seed that replays `path` (random play); None when outcomes are given."""
    message: str = ""
    choice: str | None = None
    """For an engine error: the local id of the choice that failed."""
    count: int = 1
    """How many runs or states showed the same problem in the same scene."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"scene": self.scene, "path": self.path}
        if any(o is not None for o in self.outcomes):
            data["outcomes"] = self.outcomes
        if self.seed is not None:
            data["seed"] = self.seed
        if self.message:
            data["message"] = self.message
        data["count"] = self.count
        return data


@dataclass
class Report:
    mode: str  # random | exhaustive
    story: Story
    complete: bool = True
    """False when `--max-states` stopped the search: absences prove nothing then."""
    seed: int | None = None
    runs: int = 0
    states: int = 0
    choices_made: int = 0
    too_long: int = 0
    scenes: set[str] = field(default_factory=set)
    choices: set[str] = field(default_factory=set)
    """Choices taken (successfully) at least once."""
    opened: set[str] = field(default_factory=set)
    """Choices open in at least one state reached (exhaustive search)."""
    endings: set[str] = field(default_factory=set)
    dead_ends: list[Finding] = field(default_factory=list)
    softlocks: list[Finding] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)

    @property
    def all_choices(self) -> list[str]:
        return [f"{sid}.{c.id}" for sid, scene in self.story.scenes.items() for c in scene.choices]

    @property
    def unreached_endings(self) -> list[str]:
        return [e for e in self.story.endings if e not in self.endings]

    @property
    def ok(self) -> bool:
        return not (self.dead_ends or self.softlocks or self.errors or self.unreached_endings)


def explore_random(
    story: Story, runs: int, seed: int, max_steps: int = DEFAULT_MAX_STEPS, progress: Progress | None = None
) -> Report:
    """`runs` playthroughs, each with its own seed drawn from `seed`; same seed, same report."""
    report = Report("random", story, seed=seed, runs=runs)
    master = random.Random(seed)
    session = Session(story, 0)
    found: dict[tuple[str, str, str], Finding] = {}
    for run in range(runs):
        run_seed = master.randrange(2**32)
        session.restart(run_seed)
        picker = random.Random(run_seed)
        for _ in range(max_steps):
            scene_id = session.scene_id
            report.scenes.add(scene_id)
            ending = story.scenes[scene_id].ending
            if ending is not None:
                report.endings.add(ending.id)
                break
            open_ids = session.open_choice_ids()
            if not open_ids:
                _note(found, Finding("dead-end", scene_id, list(session.log), [], run_seed))
                break
            choice = picker.choice(open_ids)
            try:
                session.step(choice)
            except Exception as err:  # noqa: BLE001 - an engine error is a finding, not a crash
                message = f"choosing '{scene_id}.{choice}': {_describe(err)}"
                _note(found, Finding("error", scene_id, list(session.log), [], run_seed, message, choice))
                break
            report.choices.add(f"{scene_id}.{choice}")
            report.choices_made += 1
        else:
            report.too_long += 1
        if progress:
            progress(run + 1)
    for finding in found.values():
        finding.path = _shrink(story, finding)
        finding.outcomes = [None] * len(finding.path)
        (report.dead_ends if finding.kind == "dead-end" else report.errors).append(finding)
    return report


def _note(found: dict[tuple[str, str, str], Finding], finding: Finding) -> None:
    key = (finding.kind, finding.scene, finding.message)
    if key in found:
        found[key].count += 1
    else:
        found[key] = finding


def _describe(err: BaseException) -> str:
    return str(err) if isinstance(err, GameError) else f"{type(err).__name__}: {err}"


def _shrink(story: Story, finding: Finding) -> list[str]:
    """The shortest path, with the same seed, to the same kind of failure in the same scene.

    Breadth-first over full states (the generator included, since the seed decides chance
    here), no deeper than the path we already have; that path is kept if the budget runs out.
    """
    session = Session(story, finding.seed or 0)
    limit = len(finding.path)

    def fails() -> bool:
        if session.scene_id != finding.scene:
            return False
        if finding.kind == "dead-end":
            return story.scenes[finding.scene].ending is None and not session.open_choice_ids()
        choice = finding.choice or ""
        point = session.mark()
        try:
            session.step(choice)
        except Exception as err:  # noqa: BLE001
            return f"choosing '{finding.scene}.{choice}': {_describe(err)}" == finding.message
        finally:
            session.rewind(point)
        return False

    frontier: deque[tuple[tuple[Any, ...], list[str]]] = deque([(session.mark(), [])])
    seen = {session.state_key()}
    while frontier and len(seen) < SHRINK_BUDGET:
        point, path = frontier.popleft()
        session.rewind(point)
        if fails():
            return path
        if len(path) >= limit:
            continue
        for choice in session.open_choice_ids():
            session.rewind(point)
            try:
                session.step(choice)
            except Exception:  # noqa: BLE001 - a failing branch is not a step of a path
                continue
            key = session.state_key()
            if key not in seen:
                seen.add(key)
                frontier.append((session.mark(), path + [session.log[-1]]))
    return finding.path


def explore_exhaustive(story: Story, max_states: int, progress: Progress | None = None) -> Report:
    """Breadth-first over every (scene, variables) state, each expanded once."""
    report = Report("exhaustive", story)
    session = Session(story, 0)
    names = list(story.variables)
    key_of = control_key(story)
    start = (session.scene_id, tuple(session.variables.values()))
    states: list[tuple[str, tuple[Any, ...]]] = [start]
    index = {key_of(start): 0}
    parent: list[tuple[int, str, int | None] | None] = [None]
    preds: list[list[int]] = [[]]
    endings: list[int] = []
    dead: list[int] = []
    queue = deque([0])

    def path_to(i: int) -> tuple[list[str], list[int | None]]:
        steps: list[tuple[str, int | None]] = []
        while (link := parent[i]) is not None:
            i, event, outcome = link
            steps.append((event, outcome))
        steps.reverse()
        return [e for e, _ in steps], [o for _, o in steps]

    def goto(i: int) -> None:
        scene, values = states[i]
        session.rewind((scene, dict(zip(names, values)), 0, ()))

    while queue:
        i = queue.popleft()
        scene_id, _ = states[i]
        report.scenes.add(scene_id)
        ending = story.scenes[scene_id].ending
        if ending is not None:
            report.endings.add(ending.id)
            endings.append(i)
            continue
        goto(i)
        open_ids = session.open_choice_ids()
        if not open_ids:
            dead.append(i)
            continue
        for choice in open_ids:
            event = f"{scene_id}.{choice}"
            report.opened.add(event)
            goto(i)
            weights = session.outcomes(choice)
            branches: list[int | None] = [k for k, w in enumerate(weights) if w > 0] if weights else [None]
            if not branches:
                path, outcomes = path_to(i)
                report.errors.append(
                    Finding("error", scene_id, path, outcomes, message=f"every outcome of '{event}' has weight 0 here")
                )
                continue
            for outcome in branches:
                goto(i)
                try:
                    session.step(choice, outcome)
                except Exception as err:  # noqa: BLE001 - an engine error is a finding
                    path, outcomes = path_to(i)
                    report.errors.append(
                        Finding("error", scene_id, path, outcomes, message=f"choosing '{event}': {_describe(err)}")
                    )
                    continue
                report.choices.add(event)
                report.choices_made += 1
                full = session.state_key()[:2]
                key = key_of(full)
                j = index.get(key)
                if j is None:
                    if len(states) >= max_states:
                        report.complete = False
                        continue
                    j = len(states)
                    index[key] = j
                    states.append(full)
                    parent.append((i, event, outcome))
                    preds.append([])
                    queue.append(j)
                    if progress:
                        progress(len(states))
                preds[j].append(i)
    report.states = len(states)
    for i in dead:
        path, outcomes = path_to(i)
        report.dead_ends.append(Finding("dead-end", states[i][0], path, outcomes))
    report.dead_ends = _group(report.dead_ends)
    report.errors = _group(report.errors)
    if report.complete:
        report.softlocks = _softlocks(states, preds, endings, set(dead), path_to)
    return report


def _softlocks(
    states: list[tuple[str, tuple[Any, ...]]],
    preds: list[list[int]],
    endings: list[int],
    dead: set[int],
    path_to: Callable[[int], tuple[list[str], list[int | None]]],
) -> list[Finding]:
    """States that no ending can be reached from (dead ends aside), one per scene, shortest first."""
    can_end = set(endings)
    queue = deque(endings)
    while queue:
        for p in preds[queue.popleft()]:
            if p not in can_end:
                can_end.add(p)
                queue.append(p)
    found: dict[str, Finding] = {}
    for i, (scene, _) in enumerate(states):  # BFS order: the first state met in a scene is nearest
        if i in can_end or i in dead:
            continue
        if scene in found:
            found[scene].count += 1
            continue
        path, outcomes = path_to(i)
        found[scene] = Finding("softlock", scene, path, outcomes)
    return list(found.values())


def _group(findings: list[Finding]) -> list[Finding]:
    """One finding per kind, scene and message: the first, which has the shortest path."""
    grouped: dict[tuple[str, str, str], Finding] = {}
    for finding in findings:
        _note(grouped, finding)
    return list(grouped.values())
