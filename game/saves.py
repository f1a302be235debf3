"""Save files: one JSON file per named slot in the save folder, written atomically.

A save records the story it was made on (title, version, fingerprint), the seed, the choice
log and the state snapshot, and a preview of the screen the player was reading, which only
`play --load` reads, to draw it before the pack has loaded (`game.preview`). Loading on the same text of the story restores the snapshot;
on a changed story the log is replayed, and the player resumes at the last point that still
replays, with one line saying what changed.

A save is healthy only when the whole of it would load: the layout, every number within its
bounds, its time, the story it belongs to, and its snapshot, checked by the same rules
`Session.restore` applies (`game.session.check_snapshot`; on a changed story only the parts
that need no story, since the log is what is replayed). `slots()` lists what is not healthy
with the reason, and nothing here raises anything but `SaveError` (one line, fit to show a
player). A file that does not load is never written over: `save` first sets it aside, as
`SLOT.corrupt[-N].json`, or `SLOT.other-story[-N].json` for a save of another story, and says
so in `SaveInfo.kept_as`. What `save` writes is checked by the same reader first, so the game
never writes a save it would refuse to read.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from game.atomic import remove_stale_temps, set_aside, write_atomically
from game.errors import SaveError
from game.i18n.interface import _
from game.jsonfile import BadFile, describe_size, parse, read_capped, utc_time
from game.paths import slot_path
from game.preview import preview_data
from game.session import MAX_LOG, SceneView, Session, check_snapshot, check_snapshot_shape
from game.story.model import Story

FORMAT_VERSION = 1
"""Bump with a line here when the file layout changes.

1: format, story {title, version, fingerprint}, saved_at, playtime, scene {id, title, act,
   turn}, seed, log, state (Session.snapshot()).
   Later, optional (older saves lack them, older games ignore them): name (the save's name as
   the player typed it; the file name is its slug), last_choice (the text of the last choice),
   preview (the screen the player was reading, `game.preview`: `play --load` draws it while the
   pack loads; the load itself never reads it).
"""

MAX_SAVE_BYTES = 4 * 2**20
"""The largest save file read or written (4 MiB).

A save at the longest log a game may keep (`game.session.MAX_LOG`, twice over) is about 1 MB
on the shipped story; anything much larger was not written by the game, and reading it
whole on every listing would stall the title screen.
"""

MAX_PLAYTIME = 10 * 365 * 24 * 3600
"""The most seconds of play a save may record: ten years."""

MAX_ACT = 1_000_000
"""The highest act number a save's listing may show (the loader numbers acts from 1)."""

AUTOSAVE = "autosave"
QUICKSAVE = "quicksave"
BEFORE_LOAD = "before-load"
"""The game a load left behind, so loading by mistake can be undone by loading this."""
MAX_NAME_CHARS = 64
"""The longest save name the player may type (the slot's file name is at most as long)."""
MAX_LAST_CHOICE_CHARS = 500
"""The most of the last choice's text a save keeps for its listing."""
_SLOT_FILE = re.compile(r"[A-Za-z0-9_-]{1,64}\.json\Z")
_QUOTED_TITLE = 60
"""How much of another story's title a message quotes."""


def is_slot_file(name: str) -> bool:
    """Whether a file name in a save folder is a save slot (not the profile, a set-aside copy or a temp)."""
    return _SLOT_FILE.match(name) is not None


@dataclass(frozen=True, slots=True)
class SaveInfo:
    """What a save/load screen lists for a slot; `error` is set when the file cannot be loaded."""

    slot: str
    scene_id: str = ""
    scene_title: str = ""
    act: int = 0
    turn: int = 0
    saved_at: str = ""
    """ISO 8601, UTC."""
    playtime: float = 0.0
    """Seconds of play, as the front end counted them."""
    error: str | None = None
    other_story: str | None = None
    """The title of the story the save belongs to, when it is not this one (`error` says so too)."""
    kept_as: str | None = None
    """After `save`: the file name an unloadable or foreign file in the slot was set aside as."""
    name: str | None = None
    """The save's name as the player typed it (spaces, accents), when it has one."""
    last_choice: str | None = None
    """The text of the last choice made before saving, when the save records it."""
    log: tuple[str, ...] = ()
    """The choices the save holds: whether loading it would leave a different game behind."""

    @property
    def shown_name(self) -> str:
        return self.name or self.slot

    def kept_notice(self) -> str | None:
        """One line telling the player where the file this save replaced was kept, or None."""
        if self.kept_as is None:
            return None
        return _("The old '{slot}' could not be loaded by this game; it was kept as {name}.").format(slot=self.slot, name=self.kept_as)


@dataclass(frozen=True, slots=True)
class Loaded:
    view: SceneView
    playtime: float
    notice: str | None = None
    """One line for the player when the story changed since the save, else None."""


class ForeignSave(SaveError):
    """A save of another story: kept, listed as such, never loaded or written over."""

    def __init__(self, slot: str, title: str) -> None:
        self.title = title
        quoted = title if len(title) <= _QUOTED_TITLE else title[: _QUOTED_TITLE - 3] + "..."
        super().__init__(f"save '{slot}' belongs to another story: {quoted!r}")


class _Damage(Exception):
    """Why a save's content is unusable: a phrase the caller puts after the slot's name."""


class SaveStore:
    """The save folder and the story whose saves it reads. Front ends and tests share it.

    `story` decides which saves are healthy; `play --watch` changes it when the pack is
    reloaded. Opening the store clears the temporary files a killed writer left (see
    `game.atomic.remove_stale_temps`), and so does every listing.
    """

    def __init__(self, folder: Path, story: Story, language: str = "") -> None:
        self.folder = Path(folder)
        self.story = story
        self.language = language
        """The language `story` is shown in, which a save's preview records (`game.preview`)."""
        remove_stale_temps(self.folder)

    def path(self, slot: str) -> Path:
        return slot_path(self.folder, slot)

    def exists(self, slot: str) -> bool:
        return self.path(slot).is_file()

    def info(self, slot: str) -> SaveInfo:
        """The listing of one slot (`error` set when it would not load)."""
        return self._listed(slot)

    def save(
        self, slot: str, session: Session, playtime: float = 0.0, *, name: str | None = None, last_choice: str | None = None
    ) -> SaveInfo:
        """Write the game to `slot`, setting aside first whatever there does not load.

        `name` is the save's name as typed, `last_choice` the text of the last choice: both
        only shown in listings, and cut to their bounds.

        A save of another story in the slot is set aside too, rather than refusing: refusing
        would leave the autosave of this game failing at every scene, while set aside the
        other story's save is kept whole under the name in `kept_as`, which front ends show.
        """
        path = self.path(slot)
        payload, data = self._payload(slot, session, playtime, name, last_choice)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            kept = self._keep_unloadable(slot)
            write_atomically(path, payload)
        except OSError as err:
            raise SaveError(f"cannot save to {path}: {err.strerror or err}") from None
        return replace(_info(slot, data), kept_as=kept)

    def load(self, slot: str, session: Session) -> Loaded:
        """Restore a slot into `session`; on `SaveError` the session is as it was."""
        data = self._read(slot)
        if data["story"]["fingerprint"] == self.story.fingerprint:
            view = session.restore(data["state"])
            return Loaded(view, float(data["playtime"]))
        return self._replay(data, session)

    def _replay(self, data: dict[str, Any], session: Session) -> Loaded:
        """The story changed: replay the choices; stop at the first that no longer exists."""
        log = data["log"]
        replay, done = Session.replayed(session.story, data["seed"], log)
        session.restore(replay.snapshot())
        view = session.view()
        if done == len(log):
            notice = _("The story has changed since this save; your {done} choices were replayed on the new text.").format(done=done)
        else:
            notice = _(
                "The story has changed since this save: '{choice}' no longer exists, "
                "so you resume at '{title}' after {done} of {total} choices."
            ).format(choice=log[done], title=view.title, done=done, total=len(log))
        return Loaded(view, float(data["playtime"]), notice)

    def slots(self) -> list[SaveInfo]:
        """Every slot in the folder, newest first; those that do not load come first, with their error.

        A folder that cannot be listed lists nothing.
        """
        remove_stale_temps(self.folder)
        try:
            names = [entry.name for entry in os.scandir(self.folder) if is_slot_file(entry.name)]
        except OSError:
            return []
        found = [self._listed(name.removesuffix(".json")) for name in names]
        return sorted(found, key=lambda info: (info.error is None, info.saved_at), reverse=True)

    def delete(self, slot: str) -> None:
        try:
            self.path(slot).unlink(missing_ok=True)
        except OSError as err:
            raise SaveError(f"cannot delete save '{slot}': {err.strerror or err}") from None

    def _listed(self, slot: str) -> SaveInfo:
        try:
            return _info(slot, self._read(slot))
        except ForeignSave as err:
            return SaveInfo(slot, error=str(err), other_story=err.title)
        except SaveError as err:
            return SaveInfo(slot, error=str(err))

    def _keep_unloadable(self, slot: str) -> str | None:
        """Set aside the file in `slot` if it does not load; the name it was kept as, or None."""
        path = self.path(slot)
        if not os.path.lexists(path):
            return None
        try:
            self._read(slot)
        except ForeignSave:
            kept = set_aside(path, "other-story")
        except SaveError:
            kept = set_aside(path)
        else:
            return None
        return kept.name if kept else None

    def _payload(
        self, slot: str, session: Session, playtime: float, name: str | None = None, last_choice: str | None = None
    ) -> tuple[bytes, dict[str, Any]]:
        """The file for `session`, checked by the reader's own rules; `SaveError` if it would not load."""
        view = session.view()
        story = session.story
        data = {
            "format": FORMAT_VERSION,
            "story": {"title": story.identity, "version": story.version, "fingerprint": story.fingerprint},
            "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "playtime": round(float(playtime), 1),
            "scene": {"id": view.id, "title": view.title, "act": view.act, "turn": view.turn},
            "seed": session.seed,
            "log": list(session.log),
            "state": session.snapshot(),
        }
        if name:
            data["name"] = name[:MAX_NAME_CHARS]
        if last_choice:
            data["last_choice"] = last_choice[:MAX_LAST_CHOICE_CHARS]
        data["preview"] = preview_data(session, self.language)
        try:
            payload = (json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")
        except ValueError:  # NaN play time, a number past Python's 4,300 digits, text that is not Unicode
            raise SaveError(f"cannot save '{slot}': the game holds a value that cannot be written") from None
        if len(payload) > MAX_SAVE_BYTES:
            raise SaveError(f"cannot save '{slot}': the save would be larger than {describe_size(MAX_SAVE_BYTES)}")
        try:
            self._check(slot, parse(payload))
        except (BadFile, _Damage) as err:
            raise SaveError(f"cannot save '{slot}': {err}") from None
        return payload, data

    def _read(self, slot: str) -> dict[str, Any]:
        """The checked content of a slot; `SaveError` (one line) for anything that would not load."""
        try:
            raw = read_capped(self.path(slot), MAX_SAVE_BYTES)
        except FileNotFoundError:
            raise SaveError(f"no save named '{slot}'") from None
        except BadFile as err:
            raise SaveError(f"save '{slot}' is damaged: {err}") from None
        except OSError as err:
            raise SaveError(f"cannot read save '{slot}': {err.strerror or err}") from None
        if not raw.strip():
            raise SaveError(f"save '{slot}' is empty")
        try:
            return self._check(slot, parse(raw))
        except (BadFile, _Damage) as err:
            raise SaveError(f"save '{slot}' is damaged: {err}") from None

    def _check(self, slot: str, data: Any) -> dict[str, Any]:
        """`data` if it is a save this game loads; `_Damage` if it is bad, `ForeignSave` or
        `SaveError` if it is sound but not for this game."""
        if not isinstance(data, dict):
            raise _Damage("not a save file")
        version = data.get("format")
        if _is_int(version) and version > FORMAT_VERSION:
            raise SaveError(f"save '{slot}' was made by a newer version of the game (format {version})")
        if version != FORMAT_VERSION:
            raise _Damage(f"unknown format {version!r}")
        _check_fields(data)
        title = data["story"]["title"]
        if title != self.story.identity:
            raise ForeignSave(slot, title)
        same_text = data["story"]["fingerprint"] == self.story.fingerprint
        try:
            snap = check_snapshot(self.story, data["state"]) if same_text else check_snapshot_shape(data["state"])
        except SaveError as err:
            raise _Damage(str(err)) from None
        if snap.seed != data["seed"] or snap.log != data["log"]:  # which also bounds them as the snapshot's are
            raise _Damage("'seed' and 'log' do not match the snapshot's")
        _check_bounds(data)
        return data


def _info(slot: str, data: dict[str, Any]) -> SaveInfo:
    """The listing of a checked save."""
    scene = data["scene"]
    saved_at = utc_time(data["saved_at"])
    return SaveInfo(
        slot, scene["id"], scene["title"], scene["act"], scene["turn"], saved_at, float(data["playtime"]),
        name=data.get("name"), last_choice=data.get("last_choice"), log=tuple(data["log"]),
    )


def _check_fields(data: dict[str, Any]) -> None:
    """Every field the format has, of its type; raises `_Damage`."""
    expected: dict[str, type | tuple[type, ...]] = {
        "story": dict, "saved_at": str, "playtime": (int, float), "scene": dict, "seed": int, "log": list, "state": dict,
    }
    for key, kind in expected.items():
        if key not in data:
            raise _Damage(f"'{key}' is missing")
        if not isinstance(data[key], kind) or isinstance(data[key], bool):
            raise _Damage(f"'{key}' has the wrong type")
    story, scene = data["story"], data["scene"]
    for key, kind in (("title", str), ("version", int), ("fingerprint", str)):
        if not isinstance(story.get(key), kind) or isinstance(story.get(key), bool):
            raise _Damage(f"'story.{key}' is missing or has the wrong type")
    for key, kind in (("id", str), ("title", str), ("act", int), ("turn", int)):
        if not isinstance(scene.get(key), kind) or isinstance(scene.get(key), bool):
            raise _Damage(f"'scene.{key}' is missing or has the wrong type")
    for key, most in (("name", MAX_NAME_CHARS), ("last_choice", MAX_LAST_CHOICE_CHARS)):
        if key in data and (not isinstance(data[key], str) or len(data[key]) > most):
            raise _Damage(f"'{key}' must be text of at most {most} characters")


def _check_bounds(data: dict[str, Any]) -> None:
    """Every number and time the listing shows, within its bounds; raises `_Damage`."""
    story, scene = data["story"], data["scene"]
    bounds = {
        "playtime": (data["playtime"], 0, MAX_PLAYTIME),
        "story.version": (story["version"], -(2**63), 2**63 - 1),
        "scene.act": (scene["act"], 0, MAX_ACT),
        "scene.turn": (scene["turn"], 0, MAX_LOG),
    }
    for name, (value, low, high) in bounds.items():
        if not low <= value <= high:  # also refuses NaN, which compares false with everything
            raise _Damage(f"'{name}' is out of range ({low:,} to {high:,})")
    try:
        utc_time(data["saved_at"])
    except BadFile as err:
        raise _Damage(f"'saved_at' {err}") from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
