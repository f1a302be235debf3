"""The one API every front end and tool drives: view, choose, undo, snapshot, restore.

The TUI, plain mode, walkthroughs and random play all play through `Session`, so they cannot
disagree about the rules; the exhaustive search steps with `engine.successors`, built on the
same rules and tested equal to `step` on every state. Each step returns a frozen `SceneView` (defined in
`game.views`, which needs no story model, and re-exported here); nothing here prints or reads files. A choice that cannot be taken raises a `ChoiceError` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from game.engine.rng import MASK
from game.engine.turns import Engine, initial_vars
from game.expr.check import int_range
from game.errors import GameError, NothingToUndo, SaveError, UnknownChoice
from game.story.model import Story
from game.views import ChoiceView, EndingView, SceneView, TimerView  # noqa: F401  (re-exported)

SNAPSHOT_VERSION = 1
"""Bump with a line here when the snapshot layout changes.

1: seed, scene, vars, rng, log.
"""

MAX_LOG = 20_000
"""The most choices a snapshot (and so a save) may hold.

A save keeps the log twice (for the replay and in the snapshot) and is read whole on every
load, and the first undo after a restore replays it: at 20,000 choices a save of the shipped
story is about 1 MB and that replay takes well under a second, while no player reaches a tenth of it (the canonical story
is under a hundred choices). A longer log is refused when read, as damage, and never written.
"""

SEEDS = (-(2**63), MASK)
"""The seeds a snapshot may hold: any 64-bit number, signed or not (the generator keeps 64 bits of it)."""


class Session:
    def __init__(self, story: Story, seed: int = 0) -> None:
        self.story = story
        self.seed = seed
        self._engine = Engine(story, seed)
        self._history: list[tuple[str, dict[str, Any], int]] = []
        self._unreplayed: Snapshot | None = None
        """A restored snapshot whose undo history is not rebuilt yet (see `restore`)."""
        self._view: SceneView | None = None

    @property
    def scene_id(self) -> str:
        return self._engine.state.scene

    @property
    def variables(self) -> Mapping[str, Any]:
        return MappingProxyType(dict(self._engine.state.vars))

    @property
    def log(self) -> tuple[str, ...]:
        """The global ids of the choices taken, in order."""
        return tuple(self._engine.state.log)

    @property
    def can_undo(self) -> bool:
        self._replay_history()
        return bool(self._history)

    @property
    def undo_depth(self) -> int:
        """How many choices undo can take back from here (all of them, unless restored from a changed story)."""
        return len(self._history)

    @property
    def ending(self) -> EndingView | None:
        return self.view().ending

    def state_key(self) -> tuple[Any, ...]:
        """Equal for two sessions exactly when play from them would be the same."""
        return self._engine.state.key()

    def open_choice_ids(self) -> list[str]:
        """The local ids of the choices open now, without rendering any text."""
        return [c.id for c in self._engine.open_choices()]

    @classmethod
    def replayed(cls, story: Story, seed: int, log: list[str] | tuple[str, ...]) -> tuple[Session, int]:
        """A new session that replays `log` on `story` (following its renames) as far as it goes,
        and how many choices it replayed: how saves and live reload survive a changed story."""
        session = cls(story, seed)
        done = 0
        for event in log:
            try:
                session.step(story.follow(event))
            except GameError:
                break
            done += 1
        return session, done

    def outcomes(self, choice_id: str) -> tuple[int, ...]:
        """The weight of each outcome of a chance choice now; empty for a choice with one target."""
        choice = self._engine.scene.by_id.get(self._local_id(choice_id))
        if choice is None:
            raise UnknownChoice(f"scene '{self.scene_id}' has no choice '{choice_id}'")
        return tuple(self._engine.weights(choice))

    def mark(self) -> tuple[Any, ...]:
        """An opaque, cheap save-point for tools that search the story; see `rewind`."""
        state = self._engine.state
        return (state.scene, dict(state.vars), state.rng, tuple(state.log))

    def rewind(self, mark: tuple[Any, ...]) -> None:
        """Return to a `mark()` of this session at once (no replay); the undo history is cleared."""
        scene, variables, rng, log = mark
        self._engine.set_state(scene, dict(variables), rng, list(log))
        self._history.clear()
        self._unreplayed = None
        self._view = None

    def view(self) -> SceneView:
        if self._view is None:
            engine = self._engine
            scene = engine.scene
            variables = engine.state.vars
            ending = scene.source.ending
            self._view = SceneView(
                id=scene.id,
                title=engine.title(),
                act=scene.source.act or 0,
                text=engine.text(),
                choices=tuple(ChoiceView(c.id, c.event, c.text.render(variables)) for c in engine.open_choices()),
                ending=EndingView(ending.id, ending.kind, ending.title) if ending else None,
                turn=len(engine.state.log),
                timer=TimerView(scene.source.timer.seconds, scene.source.timer.default) if scene.source.timer else None,
                note=self._note(engine.state.log),
            )
        return self._view

    def _note(self, log: list[str]) -> str | None:
        """The note of the last choice taken, found from the log, so undo and a loaded save show it too."""
        if not log:
            return None
        sid, _, cid = log[-1].partition(".")
        scene = self.story.scenes.get(sid)
        choice = next((c for c in scene.choices if c.id == cid), None) if scene is not None else None
        return choice.note if choice is not None else None

    def choose(self, choice_id: str, outcome: int | None = None) -> SceneView:
        """Take a choice by local id (`wait`) or global id (`stakeout.wait`), and show the result.

        `outcome` is for explorers only: it forces a chance choice's branch (see `outcomes`).
        """
        self.step(choice_id, outcome)
        return self.view()

    def step(self, choice_id: str, outcome: int | None = None) -> None:
        """`choose` without building the next view: for tools that play thousands of games and
        read no prose (explorers, the benchmark). The rules, undo and log are the same."""
        engine = self._engine
        state = engine.state
        local = self._local_id(choice_id)
        saved = (state.scene, dict(state.vars), state.rng)
        try:
            engine.choose(local, outcome)
        except BaseException:  # an effect that failed half-way must not leave half a turn
            engine.set_state(saved[0], saved[1], saved[2], state.log)
            raise
        self._history.append(saved)
        self._view = None

    def _local_id(self, choice_id: str) -> str:
        scene, dot, local = choice_id.rpartition(".")
        if not dot:
            return choice_id
        if scene != self.scene_id:
            raise UnknownChoice(f"'{choice_id}' is a choice of scene '{scene}', but the current scene is '{self.scene_id}'")
        return local

    def journal(self) -> list[tuple[SceneView, ChoiceView | None]]:
        """Every scene read this game and the choice taken there (None for the current scene).

        Rebuilt by replaying the log from the seed, so the session keeps no text in memory.
        """
        replay = Session(self.story, self.seed)
        entries: list[tuple[SceneView, ChoiceView | None]] = []
        for event in self.log:
            view = replay.view()
            chosen = next((c for c in view.choices if c.event == event), None)
            if chosen is None:  # restored from a story that has changed since: the rest is not replayable
                break
            entries.append((view, chosen))
            replay.choose(event)
        entries.append((self.view(), None))
        return entries

    def undo(self) -> SceneView:
        """Step back one choice; raises `NothingToUndo` at the start."""
        self._replay_history()
        if not self._history:
            raise NothingToUndo("nothing to undo: this is where the game began")
        scene, variables, rng = self._history.pop()
        log = self._engine.state.log
        self._engine.set_state(scene, variables, rng, log[:-1])
        self._view = None
        return self.view()

    def restart(self, seed: int | None = None) -> SceneView:
        if seed is not None:
            self.seed = seed
        self._engine.reset(self.seed)
        self._history.clear()
        self._unreplayed = None
        self._view = None
        return self.view()

    def snapshot(self) -> dict[str, Any]:
        """The whole game as plain JSON-able data."""
        state = self._engine.state
        return {
            "version": SNAPSHOT_VERSION,
            "seed": self.seed,
            "scene": state.scene,
            "vars": dict(state.vars),
            "rng": state.rng,
            "log": list(state.log),
        }

    def restore(self, data: Any) -> SceneView:
        """Resume from `snapshot()` data; raises `SaveError` and changes nothing if it is bad.

        The snapshot's state is taken at once, so a restore costs the same however long the
        game was. Undo is rebuilt on first need (`undo`, `can_undo`) by replaying the log from
        the seed: when the replay lands on the snapshot's state, undo reaches back to the start
        as if the game had never stopped; otherwise (the story changed since) it reaches back
        only to the restored point.
        """
        snap = check_snapshot(self.story, data)
        self._engine.set_state(snap.scene, dict(snap.variables), snap.rng, list(snap.log))
        self.seed = snap.seed
        self._history = []
        self._unreplayed = snap if snap.log else None
        self._view = None
        return self.view()

    def _replay_history(self) -> None:
        """The undo history of a restored game, put before the choices made since the restore."""
        snap, self._unreplayed = self._unreplayed, None
        if snap is None:
            return
        replay = Session(self.story, snap.seed)
        try:
            for event in snap.log:
                replay.step(event)
        except GameError:
            return
        if replay.state_key() == (snap.scene, tuple(snap.variables.values()), snap.rng):
            self._history[:0] = replay._history


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A snapshot that passed the checks below: every value in it can be trusted."""

    seed: int
    scene: str
    variables: dict[str, Any]
    rng: int
    log: list[str]


def check_snapshot_shape(data: Any) -> Snapshot:
    """The checks of `snapshot()` data that need no story: version, fields, types, 64-bit ranges, `MAX_LOG`.

    Enough for a save made on another text of the story, whose log is replayed and whose
    scene and variables are never used (they may name what the story no longer has).
    Raises `SaveError` (one line) naming the first problem.
    """
    if not isinstance(data, dict):
        raise SaveError("snapshot: expected a mapping")
    version = data.get("version")
    if version != SNAPSHOT_VERSION:
        raise SaveError(f"snapshot: format version {version!r} is not supported (this game reads {SNAPSHOT_VERSION})")
    missing = [k for k in ("seed", "scene", "vars", "rng", "log") if k not in data]
    if missing:
        raise SaveError(f"snapshot: missing {', '.join(missing)}")
    seed, scene, variables, rng, log = data["seed"], data["scene"], data["vars"], data["rng"], data["log"]
    if not _is_int(seed) or not SEEDS[0] <= seed <= SEEDS[1]:
        raise SaveError("snapshot: 'seed' must be a whole number of at most 64 bits")
    if not isinstance(scene, str):
        raise SaveError("snapshot: 'scene' must be a scene id")
    if not _is_int(rng) or not 0 <= rng <= MASK:
        raise SaveError("snapshot: 'rng' must be a 64-bit whole number")
    if not isinstance(log, list) or not all(isinstance(e, str) for e in log):
        raise SaveError("snapshot: 'log' must be a list of choice ids")
    if len(log) > MAX_LOG:
        raise SaveError(f"snapshot: 'log' holds {len(log):,} choices, more than the {MAX_LOG:,} a game may keep")
    if not isinstance(variables, dict) or not all(isinstance(v, (bool, int, str)) for v in variables.values()):
        raise SaveError("snapshot: 'vars' must map names to true/false, whole numbers or text")
    return Snapshot(seed, scene, variables, rng, log)


def check_snapshot(story: Story, data: Any) -> Snapshot:
    """All of `check_snapshot_shape`, and against `story`: the scene exists, and every variable is
    declared, present, and of its type and range. What `Session.restore` and the save store both
    accept, so a save listed as healthy is one that restores."""
    shape = check_snapshot_shape(data)
    if shape.scene not in story.scenes:
        raise SaveError(f"snapshot: this story has no scene {shape.scene!r}")
    unknown = sorted(set(shape.variables) - set(story.variables))
    if unknown:
        raise SaveError(f"snapshot: unknown variable {unknown[0]!r}")
    variables = initial_vars(story)
    for name, var in story.variables.items():
        if name not in shape.variables:
            raise SaveError(f"snapshot: missing variable {name!r}")
        value = shape.variables[name]
        if not _fits(value, var.type, var.min, var.max, var.values):
            raise SaveError(f"snapshot: {value!r} is not a valid value for {name!r} ({var.type})")
        variables[name] = value
    return Snapshot(shape.seed, shape.scene, variables, shape.rng, shape.log)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fits(value: Any, kind: str, low: int | None, high: int | None, values: tuple[str, ...] | None) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        lowest, highest = int_range(low, high)  # an int without min/max still has the game's range
        return _is_int(value) and lowest <= value <= highest
    if kind == "enum":
        return isinstance(value, str) and value in (values or ())
    return isinstance(value, str)
