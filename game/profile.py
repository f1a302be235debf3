"""The player's own data, kept across games in the save folder: settings and the endings gallery.

One small JSON file, `player.profile.json` (a name `SaveStore.slots` never lists as a save),
written atomically. It is read as carefully as a save (`game.jsonfile`: a regular file of at
most `MAX_PROFILE_BYTES`, no NaN or Infinity, bounded numbers, valid ending times), and a
file that cannot be read is reported in one line and the defaults are used; it is set aside
as `player.profile.corrupt[-N].json` before the first write replaces it, so nothing the
player had is ever written over. Nothing here imports Textual: the theme is only a name,
which the TUI checks against the themes it knows.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from game.atomic import set_aside, write_atomically
from game.errors import SaveError
from game.jsonfile import BadFile, parse, read_capped, utc_time

FORMAT_VERSION = 1
"""Bump with a line here when the file layout changes.

1: format, settings {theme, timers}, endings {ending id: first reached, ISO 8601 UTC}.
   Later, optional (absent in older files, ignored by older games): settings.timer_start,
   settings.notes, settings.language,
   told [tip names], chosen [global choice ids taken in any game],
   seen [scene ids reached in any game], ending_paths {ending id: {seed, log}} (the story map).
"""

FILE_NAME = "player.profile.json"
DEFAULT_THEME = "textual-dark"

MAX_PROFILE_BYTES = 256 * 2**10
"""The largest profile read (256 KiB): settings and one line per ending found take a few KiB;
a larger file was not written by the game, and is read at every start."""

TIMER_STARTS = ("in_view", "reading")
"""When a timed choice's clock starts: once the end of the text and the choices are in view,
or after a reading allowance from the scene's word count."""

MAX_TOLD = 64
"""The most one-time tips a profile remembers; the game has a handful."""

MAX_CHOSEN = 4000
"""The most choices remembered as taken: the shipped story has a few hundred, and 4,000 ids of
about 40 characters keep the file well under `MAX_PROFILE_BYTES`. Past it, no more are added."""

MAX_SEEN = 4000
"""The most scenes remembered as reached (the story map); as `MAX_CHOSEN`, past it no more are added."""

MAX_ENDING_LOG = 2000
"""The longest choice log kept to re-read an ending: the canonical path is under a hundred."""

MAX_CHOICE_ID_CHARS = 200
"""The longest choice id read (`scene.choice`): the loader's ids are far shorter."""

MAX_LANGUAGE_CHARS = 35
"""The longest language tag read (BCP 47 advises supporting 35 characters)."""

MAX_THEME_CHARS = 64
"""The longest theme name read: Textual's are a few words, and the name is shown when unknown."""


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str = DEFAULT_THEME
    """The name of one of Textual's built-in themes."""
    timers: bool = True
    """Whether timed choices count down; off, a timed scene waits like any other."""
    timer_start: str = "in_view"
    """One of `TIMER_STARTS`: a clock that starts while the player is still reading is unfair."""
    notes: bool = True
    """Whether a choice's `note:` ("Stella will remember that.") shows above the next scene."""
    language: str = ""
    """The language picked in Settings (`fr`), "" for the default: `--lang` overrides it."""


@dataclass(slots=True)
class Profile:
    """Settings and the endings found, loaded from (and saved to) one save folder."""

    folder: Path
    settings: Settings = field(default_factory=Settings)
    endings: dict[str, str] = field(default_factory=dict)
    """Ending id to the time it was first reached (ISO 8601, UTC)."""
    told: list[str] = field(default_factory=list)
    """The one-time tips already shown (such as "timers"), so each is said once, not every game."""
    chosen: set[str] = field(default_factory=set)
    """The global ids (`scene.choice`) of every choice taken in any game: marked when offered again."""
    seen: set[str] = field(default_factory=set)
    """The ids of every scene reached in any game: the story map shows them, and hides the rest."""
    ending_paths: dict[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    """Ending id to (seed, choice log) of a game that reached it, so the map and the gallery
    can replay it and show the ending's text again, in the text of the story as it is now."""
    problem: str | None = None
    """One line saying why the file on disk could not be read, or None."""

    @property
    def path(self) -> Path:
        return Path(self.folder) / FILE_NAME

    @classmethod
    def load(cls, folder: Path) -> Profile:
        """The profile in `folder`; defaults, with `problem` set, when the file is unreadable."""
        profile = cls(Path(folder))
        try:
            data = profile._read()
        except SaveError as err:
            profile.problem = str(err)
            return profile
        if data is not None:
            profile.settings, profile.endings, profile.told, profile.chosen, profile.seen, profile.ending_paths = data
        return profile

    def update(self, **changes: Any) -> None:
        """Change settings (`theme=`, `timers=`) and write the file."""
        self.settings = replace(self.settings, **changes)
        self.save()

    def reach(self, ending_id: str) -> bool:
        """Record an ending as found; True the first time, when the file is also written."""
        if ending_id in self.endings:
            return False
        self.endings[ending_id] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.save()
        return True

    def tell(self, tip: str) -> bool:
        """True the first time `tip` is asked for (the caller then shows it), and remember it.

        A profile that cannot be written still says the tip only once in this run.
        """
        if tip in self.told:
            return False
        self.told.append(tip)
        try:
            self.save()
        except SaveError:
            pass  # a tip is not worth an error message; the save folder's problem shows elsewhere
        return True

    def found(
        self, scene_id: str, event: str | None = None, ending: tuple[str, int, tuple[str, ...]] | None = None
    ) -> None:
        """Remember a scene reached, the choice that led there (`event`) and, for an ending,
        (ending id, seed, log) of the game that reached it; one write for all of it, and only
        when something is new (a write is fsynced: about 10 ms). Raises `SaveError`."""
        new = False
        if scene_id not in self.seen and len(self.seen) < MAX_SEEN:
            self.seen.add(scene_id)
            new = True
        if event is not None and event not in self.chosen and len(self.chosen) < MAX_CHOSEN:
            self.chosen.add(event)
            new = True
        if ending is not None and ending[0] not in self.ending_paths and len(ending[2]) <= MAX_ENDING_LOG:
            self.ending_paths[ending[0]] = (ending[1], tuple(ending[2]))
            new = True
        if new:
            self.save()

    def save(self) -> None:
        """Write the file; raises `SaveError` (one line) when the folder cannot be written."""
        path = self.path
        data = {
            "format": FORMAT_VERSION,
            "settings": {
                "theme": self.settings.theme, "timers": self.settings.timers,
                "timer_start": self.settings.timer_start, "notes": self.settings.notes,
                **({"language": self.settings.language} if self.settings.language else {}),
            },
            "endings": dict(sorted(self.endings.items())),
            "told": self.told,
            "chosen": sorted(self.chosen),
            "seen": sorted(self.seen),
            "ending_paths": {e: {"seed": seed, "log": list(log)} for e, (seed, log) in sorted(self.ending_paths.items())},
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(path):
                try:
                    self._read()
                except SaveError:
                    set_aside(path)
            write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        except OSError as err:
            raise SaveError(f"cannot save settings to {path}: {err.strerror or err}") from None
        self.problem = None

    def _read(self) -> tuple[Settings, dict[str, str], list[str], set[str], set[str], dict[str, tuple[int, tuple[str, ...]]]] | None:
        path = self.path
        damaged = f"{path.name} is damaged and will be set aside when settings are next saved"
        try:
            data = parse(read_capped(path, MAX_PROFILE_BYTES))
        except FileNotFoundError:
            return None
        except BadFile as err:
            raise SaveError(f"{damaged}: {err}") from None
        except OSError as err:
            raise SaveError(f"cannot read {path.name}: {err.strerror or err}") from None
        if not isinstance(data, dict):
            raise SaveError(f"{damaged}: not a profile")
        version = data.get("format")
        if version != FORMAT_VERSION:
            raise SaveError(f"{damaged}: unknown format {version!r}")
        settings, endings = data.get("settings"), data.get("endings")
        if not isinstance(settings, dict) or not isinstance(endings, dict):
            raise SaveError(f"{damaged}: 'settings' or 'endings' is missing")
        theme, timers = settings.get("theme", DEFAULT_THEME), settings.get("timers", True)
        if not isinstance(theme, str) or len(theme) > MAX_THEME_CHARS or not isinstance(timers, bool):
            raise SaveError(f"{damaged}: a setting has the wrong type")
        notes = settings.get("notes", True)
        if not isinstance(notes, bool):
            raise SaveError(f"{damaged}: 'notes' must be true or false")
        timer_start = settings.get("timer_start", "in_view")
        if timer_start not in TIMER_STARTS:
            raise SaveError(f"{damaged}: 'timer_start' must be one of {', '.join(TIMER_STARTS)}")
        language = settings.get("language", "")
        if not isinstance(language, str) or len(language) > MAX_LANGUAGE_CHARS:
            raise SaveError(f"{damaged}: 'language' must be a language tag such as 'fr'")
        told = data.get("told", [])
        if not isinstance(told, list) or len(told) > MAX_TOLD or not all(isinstance(t, str) and len(t) <= MAX_THEME_CHARS for t in told):
            raise SaveError(f"{damaged}: 'told' must be a short list of tip names")
        chosen = data.get("chosen", [])
        if (
            not isinstance(chosen, list)
            or len(chosen) > MAX_CHOSEN
            or not all(isinstance(c, str) and len(c) <= MAX_CHOICE_ID_CHARS for c in chosen)
        ):
            raise SaveError(f"{damaged}: 'chosen' must be a list of at most {MAX_CHOSEN:,} choice ids")
        seen = data.get("seen", [])
        if not isinstance(seen, list) or len(seen) > MAX_SEEN or not all(isinstance(c, str) and len(c) <= MAX_CHOICE_ID_CHARS for c in seen):
            raise SaveError(f"{damaged}: 'seen' must be a list of at most {MAX_SEEN:,} scene ids")
        paths = _ending_paths(data.get("ending_paths", {}))
        if paths is None:
            raise SaveError(f"{damaged}: 'ending_paths' must map ending ids to a seed and a list of choice ids")
        try:
            times = {ending: utc_time(when) for ending, when in endings.items()}
        except BadFile:
            raise SaveError(f"{damaged}: 'endings' must map ending ids to ISO 8601 times") from None
        return Settings(theme=theme, timers=timers, timer_start=timer_start, notes=notes, language=language), times, list(told), set(chosen), set(seen), paths


def _ending_paths(value: Any) -> dict[str, tuple[int, tuple[str, ...]]] | None:
    """The `ending_paths` read from the file, or None when they are not what the game writes."""
    if not isinstance(value, dict) or len(value) > MAX_CHOSEN:
        return None
    paths = {}
    for ending, path in value.items():
        if not isinstance(path, dict) or set(path) != {"seed", "log"}:
            return None
        seed, log = path["seed"], path["log"]
        if isinstance(seed, bool) or not isinstance(seed, int) or not -(2**63) <= seed < 2**64:
            return None
        if not isinstance(log, list) or len(log) > MAX_ENDING_LOG or not all(isinstance(c, str) and len(c) <= MAX_CHOICE_ID_CHARS for c in log):
            return None
        paths[ending] = (seed, tuple(log))
    return paths
