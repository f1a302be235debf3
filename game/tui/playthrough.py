"""The game in progress, as the TUI plays it: a session, the save folder, the profile, the clock.

Everything the screens do to the game goes through here, so the rules of saving are in one
place and can be tested without Textual: every new scene is autosaved, every ending reached
is written to the gallery, and play time counts only while the story is on screen. It holds
no game rules (those are the session's) and shows nothing: each step returns what changed,
and the screens decide how to tell the player. Every failure is a `GameError`.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from game.errors import GameError, SaveError
from game.i18n.interface import _
from game.profile import Profile
from game.saves import AUTOSAVE, BEFORE_LOAD, QUICKSAVE, Loaded, SaveInfo, SaveStore
from game.session import ChoiceView, EndingView, SceneView, Session
from game.story.loader import check_pack
from game.story.model import Story


@dataclass(frozen=True, slots=True)
class Step:
    """What one move of the player changed."""

    view: SceneView
    unlocked: EndingView | None = None
    """The ending reached, when it was reached for the first time on this profile."""
    problem: str | None = None
    """One line when the autosave or the gallery could not be written (the game goes on)."""
    notice: str | None = None
    """One line from the save store: a loaded save was made on another text of the story, or
    the autosave replaced a file that did not load, which was kept aside under the name given."""
    left_at: str | None = None
    """After a load: the scene of the game it left, now kept in the `BEFORE_LOAD` slot."""


@dataclass(frozen=True, slots=True)
class TimerLeft:
    """Where a timed scene's countdown had got to when the story screen closed (Escape to the
    title), so Continue carries on from there rather than handing the player a full clock."""

    log: tuple[str, ...]
    """The game's choice log then: the countdown belongs to that point of the game only."""
    elapsed: float
    held: bool


class Playthrough:
    def __init__(
        self,
        story: Story,
        store: SaveStore,
        profile: Profile,
        *,
        seed: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.story = story
        self.store = store
        self.profile = profile
        self.fixed_seed = seed
        """The `--seed` given on the command line: every new game uses it. None: a new seed each game."""
        self.clock = clock
        self.localise: Callable[[Story], Story] = lambda story: story
        """What `reload` applies to the pack read: its translation, when the game is in another language."""
        self.session: Session | None = None
        self._played = 0.0
        self._since: float | None = None
        self.timer_left: TimerLeft | None = None
        """Set by the story screen as it closes on a timed scene; any move forgets it."""
        self._journal: list[tuple[SceneView, ChoiceView]] | None = []
        """The scenes read before this one and the choice taken in each, kept as the game goes
        (a choice appends, an undo drops one); None after a load, until `journal` replays it once."""

    @property
    def active(self) -> bool:
        return self.session is not None

    @property
    def view(self) -> SceneView:
        return self._require().view()

    @property
    def playtime(self) -> float:
        """Seconds of play in this game, the stretch running now included."""
        running = self.clock() - self._since if self._since is not None else 0.0
        return self._played + running

    def resume_clock(self) -> None:
        if self._since is None:
            self._since = self.clock()

    def pause_clock(self) -> None:
        if self._since is not None:
            self._played += self.clock() - self._since
            self._since = None

    def journal(self) -> list[tuple[SceneView, ChoiceView | None]]:
        """Every scene read this game, the choice taken there, and the current scene (None).

        Kept as the game goes, so its cost does not grow with the game: only the first call
        after a load or a reload replays the log (`Session.journal`).
        """
        session = self._require()
        if self._journal is None:
            replayed = session.journal()
            self._journal = [(view, chosen) for view, chosen in replayed[:-1] if chosen is not None]
        return [*self._journal, (session.view(), None)]

    def undo_to(self, turn: int) -> Step:
        """Take back every choice after `turn` (a journal entry's `view.turn`): "go back to here"."""
        session = self._require()
        if not 0 <= turn <= len(session.log):
            raise GameError(f"there is no turn {turn} in this game")
        view = session.view()
        while view.turn > turn:
            view = session.undo()
            if self._journal:
                self._journal.pop()
        return self._after(view)

    def new(self) -> Step:
        seed = self.fixed_seed if self.fixed_seed is not None else secrets.randbelow(2**31)
        self.session = Session(self.story, seed)
        self._journal = []
        self._reset_clock(0.0)
        return self._after(self.session.view())

    def load(self, slot: str) -> Step:
        """Resume a save; on `SaveError` (or a bad slot name) the game in progress is untouched.

        The game the load leaves, when it differs from the save, is first kept in the
        `BEFORE_LOAD` slot, so a load made by mistake is undone by loading that.
        """
        session = Session(self.story, 0)
        loaded: Loaded = self.store.load(slot, session)
        left_at = self._keep_before_load(slot, session.log)
        self.session = session
        self._journal = None
        self._reset_clock(loaded.playtime)
        step = self._after(loaded.view, autosave=slot != AUTOSAVE)
        notice = " ".join(n for n in (loaded.notice, step.notice) if n) or None
        return Step(step.view, step.unlocked, step.problem, notice, left_at)

    def leaving(self, slot: str) -> str | None:
        """The scene of the game that loading `slot` would leave, when that game has choices
        the save does not hold (what the player is asked about); None when nothing is left."""
        left = self._game_left(slot)
        if left is None:
            return None
        log, title, _session = left
        try:
            target = self.store.info(slot)
        except GameError:  # a bad slot name: the load says so
            return None
        return title if target.error is None and log and log != target.log else None

    def _game_left(self, slot: str) -> tuple[tuple[str, ...], str, Session | None] | None:
        """(log, scene title, session if in memory) of the game a load of `slot` replaces: the
        one in progress, or, before any is, the autosave's (the load autosaves over it)."""
        if self.session is not None:
            return self.session.log, self.session.view().title, self.session
        if slot == AUTOSAVE or not self.store.exists(AUTOSAVE):
            return None
        info = self.store.info(AUTOSAVE)
        return (info.log, info.scene_title, None) if info.error is None else None

    def _keep_before_load(self, slot: str, loaded: tuple[str, ...]) -> str | None:
        """Save the game a load of `slot` leaves as `BEFORE_LOAD`; its scene title, or None
        when there was none, it is the game loaded, or it could not be kept."""
        left = self._game_left(slot)
        if left is None or not left[0] or left[0] == loaded:
            return None
        log, title, session = left
        try:
            if session is None:
                session = Session(self.story, 0)
                self.store.load(AUTOSAVE, session)
            playtime = self.playtime if session is self.session else self._recorded_playtime(AUTOSAVE)
            self.store.save(BEFORE_LOAD, session, playtime, last_choice=self._last_choice(session))
        except GameError:
            return None
        return title

    def _recorded_playtime(self, slot: str) -> float:
        """The play time recorded in `slot` (0 when it cannot be read)."""
        info = self.store.info(slot)
        return info.playtime if info.error is None else 0.0

    def _last_choice(self, session: Session) -> str | None:
        """The text of the last choice made in `session`, for the save list."""
        if session is self.session:  # from the journal kept as the game goes; right after a load
            return self._journal[-1][1].text if self._journal else None  # it is not replayed for this
        entries = session.journal() if session.log else []
        return entries[-2][1].text if len(entries) >= 2 and entries[-2][1] is not None else None

    def continue_(self) -> Step:
        return self.load(AUTOSAVE)

    def choose(self, choice_id: str) -> Step:
        session = self._require()
        before = session.view()
        view = session.choose(choice_id)
        chosen = next(c for c in before.choices if choice_id in (c.id, c.event))
        if self._journal is not None:
            self._journal.append((before, chosen))
        return self._after(view, event=chosen.event)

    def undo(self) -> Step:
        view = self._require().undo()
        if self._journal:
            self._journal.pop()
        return self._after(view)

    def restart(self) -> Step:
        """Play again from the first scene (with a new seed unless one was fixed)."""
        return self.new()

    def reload(self, folder: Path) -> tuple[Step | None, list[str]]:
        """Play on with the pack as it is now on disk (`play --watch`).

        The choices made so far are replayed on the new text, and the player resumes at the
        last point that still replays. If the pack has errors nothing changes: the game goes
        on with the last good story, and the errors come back as lines to show. The step is
        None when no game is in progress.
        """
        story, diagnostics = check_pack(folder)
        if story is None:
            return None, [d.render() for d in diagnostics if d.severity.is_error]
        story = self.localise(story)
        self.story = story
        self.store.story = story
        old = self.session
        if old is None:
            return None, []
        session, done = Session.replayed(story, old.seed, old.log)
        self.session = session
        self._journal = None
        notice = None
        if done < len(old.log):
            notice = _("'{choice}' is gone from the story: you resume after {done} of {total} choices.").format(choice=old.log[done], done=done, total=len(old.log))
        step = self._after(session.view())
        notice = " ".join(n for n in (notice, step.notice) if n) or None
        return Step(step.view, step.unlocked, step.problem, notice), []

    def save(self, slot: str, name: str | None = None) -> SaveInfo:
        """Save to `slot`; `name` is the save's name as the player typed it."""
        session = self._require()
        return self.store.save(slot, session, self.playtime, name=name, last_choice=self._last_choice(session))

    def quicksave(self) -> SaveInfo:
        return self.save(QUICKSAVE)

    def autosave(self) -> str | None:
        """Save the spot for Continue; returns one line for the player instead of raising: the
        problem, or where a file in the slot that did not load was kept. None when all is well."""
        problem, kept = self._autosave()
        return problem or kept

    def _autosave(self) -> tuple[str | None, str | None]:
        """(the problem, the set-aside notice) of saving the spot for Continue."""
        if self.session is None:
            return None, None
        try:
            info = self.store.save(AUTOSAVE, self.session, self.playtime, last_choice=self._last_choice(self.session))
        except GameError as err:
            return _("Autosave failed: {why}").format(why=err), None
        return None, info.kept_notice()

    def timer_for_here(self) -> TimerLeft | None:
        """The countdown left on the scene on screen now, if the story screen closed on it."""
        left = self.timer_left
        return left if left is not None and self.session is not None and left.log == self.session.log else None

    def _after(self, view: SceneView, autosave: bool = True, event: str | None = None) -> Step:
        self.timer_left = None
        problem, notice = self._autosave() if autosave else (None, None)
        unlocked = None
        if view.ending is not None:
            try:
                if self.profile.reach(view.ending.id):
                    unlocked = view.ending
            except SaveError as err:
                problem = problem or _("The endings gallery could not be saved: {why}").format(why=err)
        remembered = self._remember(view, event)  # even when the autosave failed
        problem = problem or remembered
        return Step(view, unlocked, problem, notice)

    def _remember(self, view: SceneView, event: str | None) -> str | None:
        """Keep the scene as found and the choice `event` as taken (the ✓ and the story map), and
        how an ending was reached so it can be read again; one line when the profile cannot be written."""
        session = self.session
        ending = (view.ending.id, session.seed, session.log) if view.ending is not None and session is not None else None
        try:
            self.profile.found(view.id, event, ending)
        except SaveError as err:
            return _("The choices taken could not be remembered: {why}").format(why=err)
        return None

    def _reset_clock(self, played: float) -> None:
        self._played = played
        self._since = None

    def _require(self) -> Session:
        if self.session is None:
            raise GameError("no game in progress: start a new game or load one")
        return self.session
