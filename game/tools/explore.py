"""Exploring a story automatically: seeded random playthroughs, and an exhaustive search.

Random play goes through `Session`, like every front end; the exhaustive search reads one
`statespace.search`, whose moves come from the engine's own rules (`engine.successors`, tested
equal to `Session.step`), so what either finds is what a player meets. Every finding carries
the path of global choice ids from the start that reaches it (with the outcome index of each
chance choice, and for random play the seed), so it can be replayed.

Random play treats chance as the game does: outcomes are drawn from each run's seeded
generator. The exhaustive search treats chance as branches: every outcome with a positive
weight is followed, and a state is the scene plus the variables that can still change what
happens next (`relevance`; never the choice log), so prose-only variables do not multiply it.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from game import collector
from game.session import Session
from game.story.model import Story
from game.tools.statespace import Progress, StateSpace, describe, search

DEFAULT_MAX_STEPS = 1000
"""Choices per random run before it is counted as too long (a loop the dice keep choosing)."""

LOOP_WINDOW = 100
"""The last choices of a run that never ended whose scenes are named as the loop it went round."""

SHRINK_BUDGET = 100_000
"""States the shrinker may visit while looking for a shorter path to a failure."""


@dataclass
class Finding:
    """A dead end, a soft-lock or an engine error, and how to get there from the start."""

    kind: str  # dead-end | softlock | error | loop
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
    loop: tuple[str, ...] = ()
    """For a random run that never ended: the scenes of its last choices, in the order first met,
    and `path` leads to the first of them (replay it with `seed`, then the run goes round)."""
    state: int | None = None
    """The exhaustive search's state it was found in (an index into `StateSpace.states`), so a
    report can say which values prove it; None in random play."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"scene": self.scene, "path": self.path}
        if any(o is not None for o in self.outcomes):
            data["outcomes"] = self.outcomes
        if self.seed is not None:
            data["seed"] = self.seed
        if self.message:
            data["message"] = self.message
        if self.loop:
            data["loop"] = list(self.loop)
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
    loops: list[Finding] = field(default_factory=list)
    """Random play: the runs with no ending within the step limit, one per loop, with a seed."""
    ending_runs: dict[str, int] = field(default_factory=dict)
    """Random play: how many runs ended at each ending (the ending distribution)."""

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
    loops: dict[tuple[str, str, str], Finding] = {}
    for run in range(runs):
        run_seed = master.randrange(2**32)
        session.restart(run_seed)
        picker = random.Random(run_seed)
        visited: list[str] = []
        for _ in range(max_steps):
            scene_id = session.scene_id
            visited.append(scene_id)
            report.scenes.add(scene_id)
            ending = story.scenes[scene_id].ending
            if ending is not None:
                report.endings.add(ending.id)
                report.ending_runs[ending.id] = report.ending_runs.get(ending.id, 0) + 1
                break
            open_ids = session.open_choice_ids()
            if not open_ids:
                _note(found, Finding("dead-end", scene_id, list(session.log), [], run_seed))
                break
            choice = picker.choice(open_ids)
            try:
                session.step(choice)
            except Exception as err:  # noqa: BLE001 - an engine error is a finding, not a crash
                message = f"choosing '{scene_id}.{choice}': {describe(err)}"
                _note(found, Finding("error", scene_id, list(session.log), [], run_seed, message, choice))
                break
            report.choices.add(f"{scene_id}.{choice}")
            report.choices_made += 1
        else:
            report.too_long += 1
            _note(loops, _loop(visited, list(session.log), run_seed, max_steps))
        if progress:
            progress(run + 1)
    for finding in found.values():
        finding.path = _shrink(story, finding)
        finding.outcomes = [None] * len(finding.path)
        (report.dead_ends if finding.kind == "dead-end" else report.errors).append(finding)
    report.loops = list(loops.values())
    return report


def _loop(visited: list[str], log: list[str], seed: int, max_steps: int) -> Finding:
    """A run that never ended: the scenes of its last `LOOP_WINDOW` choices, and the path to the
    first time it entered one of them (what a walkthrough with `seed` replays to get there)."""
    loop = tuple(dict.fromkeys(visited[-LOOP_WINDOW:]))
    first = next(k for k, scene in enumerate(visited) if scene in loop)
    message = f"no ending within {max_steps} choices; the run goes round " + ", ".join(f"'{s}'" for s in loop)
    return Finding("loop", loop[0], log[:first], [None] * first, seed, message, loop=loop)


def _note(found: dict[tuple[str, str, str], Finding], finding: Finding) -> None:
    key = (finding.kind, finding.scene, finding.message)
    if key in found:
        found[key].count += 1
    else:
        found[key] = finding


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
            return f"choosing '{finding.scene}.{choice}': {describe(err)}" == finding.message
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
    return exhaustive_report(search(story, max_states, progress))


@collector.paused()  # a list per state, all kept to the end: see there
def exhaustive_report(space: StateSpace) -> Report:
    """The explorer's report on a search already made (`statespace.search`)."""
    report = Report("exhaustive", space.story, complete=space.complete, states=space.size, choices_made=space.moves)
    story = space.story
    for scene_id, _ in space.states[: space.size]:
        report.scenes.add(scene_id)
    for i in space.endings:
        ending = story.scenes[space.states[i][0]].ending
        assert ending is not None
        report.endings.add(ending.id)
    report.opened = set(space.opened)
    report.choices = set(space.chosen)
    for i, event, message in space.errors:
        path, outcomes = space.path_to(i)
        report.errors.append(Finding("error", space.states[i][0], path, outcomes, message=message, choice=event.split(".", 1)[1], state=i))
    for i in space.dead:
        path, outcomes = space.path_to(i)
        report.dead_ends.append(Finding("dead-end", space.states[i][0], path, outcomes, state=i))
    report.dead_ends = _group(report.dead_ends)
    report.errors = _group(report.errors)
    if report.complete:
        report.softlocks = _softlocks(space)
    return report


def _softlocks(space: StateSpace) -> list[Finding]:
    """States that no ending can be reached from (dead ends aside), one per scene, shortest first."""
    can_end = _can_end(space)
    dead = set(space.dead)
    found: dict[str, Finding] = {}
    for i, (scene, _) in enumerate(space.states):  # search order: the first state met in a scene is nearest
        if can_end[i] or i in dead:
            continue
        if scene in found:
            found[scene].count += 1
            continue
        path, outcomes = space.path_to(i)
        found[scene] = Finding("softlock", scene, path, outcomes, state=i)
    return list(found.values())


def _can_end(space: StateSpace) -> bytearray:
    """1 for each state some ending can be reached from, else 0.

    Most moves lead to a state found later, so one pass from the last state back marks nearly
    every such state (a state is marked when a move leads to a marked one: never wrongly). The
    few left (loops that lead back, and the true soft-locks) are settled exactly: backwards
    from those of them with a move to a marked state, over the moves among them only."""
    edges = space.edges
    can_end = bytearray(len(space.states))
    for i in space.endings:
        can_end[i] = 1
    for i in range(space.size - 1, -1, -1):
        if not can_end[i]:
            for _, j in edges[i]:
                if can_end[j]:
                    can_end[i] = 1
                    break
    left = [i for i in range(space.size) if not can_end[i]]
    preds: dict[int, list[int]] = {}
    queue: deque[int] = deque()
    for i in left:
        for _, j in edges[i]:
            if can_end[j]:
                if not can_end[i]:
                    can_end[i] = 1
                    queue.append(i)
            else:
                preds.setdefault(j, []).append(i)
    while queue:
        for p in preds.get(queue.popleft(), ()):
            if not can_end[p]:
                can_end[p] = 1
                queue.append(p)
    return can_end


def _group(findings: list[Finding]) -> list[Finding]:
    """One finding per kind, scene and message: the first, which has the shortest path."""
    grouped: dict[tuple[str, str, str], Finding] = {}
    for finding in findings:
        _note(grouped, finding)
    return list(grouped.values())
