"""Save files: one JSON file per named slot in the save folder, written atomically.

A save records the story it was made on (title, version, fingerprint), the seed, the choice
log and the state snapshot. Loading on the same text of the story restores the snapshot;
on a changed story the log is replayed, and the player resumes at the last point that still
replays, with one line saying what changed. Nothing here raises anything but `SaveError`
(one line, fit to show a player), and a file that cannot be read is never overwritten: it is
set aside as `SLOT.corrupt[-N].json` before a new save takes the slot.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from game.atomic import set_aside, write_atomically
from game.errors import SaveError
from game.paths import slot_path
from game.session import SceneView, Session

FORMAT_VERSION = 1
"""Bump with a line here when the file layout changes.

1: format, story {title, version, fingerprint}, saved_at, playtime, scene {id, title, act,
   turn}, seed, log, state (Session.snapshot()).
"""

AUTOSAVE = "autosave"
QUICKSAVE = "quicksave"
_SLOT_FILE = re.compile(r"[A-Za-z0-9_-]{1,64}\.json\Z")


@dataclass(frozen=True, slots=True)
class SaveInfo:
    """What a save/load screen lists for a slot; `error` is set when the file cannot be read."""

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


@dataclass(frozen=True, slots=True)
class Loaded:
    view: SceneView
    playtime: float
    notice: str | None = None
    """One line for the player when the story changed since the save, else None."""


class SaveStore:
    """The save folder. Front ends and tests share it; tests give it a temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, slot: str) -> Path:
        return slot_path(self.folder, slot)

    def exists(self, slot: str) -> bool:
        return self.path(slot).is_file()

    def save(self, slot: str, session: Session, playtime: float = 0.0) -> SaveInfo:
        path = self.path(slot)
        view = session.view()
        story = session.story
        info = SaveInfo(
            slot=slot,
            scene_id=view.id,
            scene_title=view.title,
            act=view.act,
            turn=view.turn,
            saved_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            playtime=round(float(playtime), 1),
        )
        data = {
            "format": FORMAT_VERSION,
            "story": {"title": story.title, "version": story.version, "fingerprint": story.fingerprint},
            "saved_at": info.saved_at,
            "playtime": info.playtime,
            "scene": {"id": info.scene_id, "title": info.scene_title, "act": info.act, "turn": info.turn},
            "seed": session.seed,
            "log": list(session.log),
            "state": session.snapshot(),
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if path.is_file():
                try:
                    self._read(slot)
                except SaveError:
                    set_aside(path)
            write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        except OSError as err:
            raise SaveError(f"cannot save to {path}: {err.strerror or err}") from None
        return info

    def load(self, slot: str, session: Session) -> Loaded:
        """Restore a slot into `session`; on `SaveError` the session is as it was."""
        data = self._read(slot)
        story = session.story
        saved_story = data["story"]
        if saved_story.get("title") != story.title:
            raise SaveError(f"save '{slot}' belongs to another story ({saved_story.get('title')!r})")
        if saved_story.get("fingerprint") == story.fingerprint:
            view = session.restore(data["state"])
            return Loaded(view, float(data["playtime"]))
        return self._replay(slot, data, session)

    def _replay(self, slot: str, data: dict[str, Any], session: Session) -> Loaded:
        """The story changed: replay the choices; stop at the first that no longer exists."""
        log = data["log"]
        replay, done = Session.replayed(session.story, data["seed"], log)
        session.restore(replay.snapshot())
        view = session.view()
        if done == len(log):
            notice = f"The story has changed since this save; your {done} choices were replayed on the new text."
        else:
            notice = (
                f"The story has changed since this save: '{log[done]}' no longer exists, "
                f"so you resume at '{view.title}' after {done} of {len(log)} choices."
            )
        return Loaded(view, float(data["playtime"]), notice)

    def slots(self) -> list[SaveInfo]:
        """Every slot in the folder, newest first; unreadable ones included, with their error."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            if not _SLOT_FILE.match(path.name):
                continue
            slot = path.name.removesuffix(".json")
            try:
                data = self._read(slot)
            except SaveError as err:
                found.append(SaveInfo(slot, error=str(err)))
                continue
            scene = data["scene"]
            found.append(
                SaveInfo(slot, scene["id"], scene["title"], scene["act"], scene["turn"], data["saved_at"], data["playtime"])
            )
        return sorted(found, key=lambda info: (info.error is None, info.saved_at), reverse=True)

    def delete(self, slot: str) -> None:
        try:
            self.path(slot).unlink(missing_ok=True)
        except OSError as err:
            raise SaveError(f"cannot delete save '{slot}': {err.strerror or err}") from None

    def _read(self, slot: str) -> dict[str, Any]:
        path = self.path(slot)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise SaveError(f"no save named '{slot}'") from None
        except OSError as err:
            raise SaveError(f"cannot read save '{slot}': {err.strerror or err}") from None
        if not raw.strip():
            raise SaveError(f"save '{slot}' is empty")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            where = f" (line {err.lineno}, column {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
            raise SaveError(f"save '{slot}' is damaged: not valid JSON{where}") from None
        if not isinstance(data, dict):
            raise SaveError(f"save '{slot}' is damaged: not a save file")
        version = data.get("format")
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise SaveError(f"save '{slot}' was made by a newer version of the game (format {version})")
        if version != FORMAT_VERSION:
            raise SaveError(f"save '{slot}' is damaged: unknown format {version!r}")
        problem = _shape_problem(data)
        if problem:
            raise SaveError(f"save '{slot}' is damaged: {problem}")
        return data


def _shape_problem(data: dict[str, Any]) -> str | None:
    expected: dict[str, type | tuple[type, ...]] = {
        "story": dict, "saved_at": str, "playtime": (int, float), "scene": dict, "seed": int, "log": list, "state": dict,
    }
    for key, kind in expected.items():
        if key not in data:
            return f"'{key}' is missing"
        if not isinstance(data[key], kind) or isinstance(data[key], bool):
            return f"'{key}' has the wrong type"
    scene = data["scene"]
    for key, kind in (("id", str), ("title", str), ("act", int), ("turn", int)):
        if not isinstance(scene.get(key), kind):
            return f"'scene.{key}' is missing or has the wrong type"
    if not all(isinstance(e, str) for e in data["log"]):
        return "'log' holds something other than choice ids"
    return None
