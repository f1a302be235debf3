"""Saves kept in another save folder the game knows: found, and copied over when the player asks.

Where the saves go depends on how the game is run (`game.paths`): a checkout's saves/ or the
user data folder. A player who played one way and now plays the other would find Continue
empty with no word of why. This finds the saves in the other folders, so the title screen can
say where they are, and copies them into the folder in use: never a move (the originals stay
where they were) and never over a file that is already there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from game.atomic import write_new
from game.errors import SaveError
from game.jsonfile import BadFile, read_capped
from game.profile import FILE_NAME as PROFILE, MAX_PROFILE_BYTES
from game.saves import MAX_SAVE_BYTES, is_slot_file


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """Another save folder that holds saves, and which."""

    folder: Path
    slots: tuple[str, ...]
    """The file names of its save slots (`NAME.json`), sorted."""


def holds_saves(folder: Path) -> bool:
    """Whether `folder` has a save slot, by file names alone: no save is read or checked."""
    return bool(_slot_files(folder))


def saves_elsewhere(current: Path, candidates: list[Path]) -> list[Elsewhere]:
    """The candidate folders, other than `current`, that hold at least one save slot."""
    here = _same(current)
    found = []
    for folder in dict.fromkeys(candidates):
        if _same(folder) == here:
            continue
        slots = _slot_files(folder)
        if slots:
            found.append(Elsewhere(folder, slots))
    return found


def bring_over(source: Elsewhere, target: Path) -> list[str]:
    """Copy `source`'s saves (and the profile, if `target` has none) into `target`; the names copied.

    A name that already exists in `target` is skipped, never replaced (`atomic.write_new`).
    """
    copied = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in (*source.slots, PROFILE):
            limit = MAX_PROFILE_BYTES if name == PROFILE else MAX_SAVE_BYTES
            try:
                data = read_capped(source.folder / name, limit)
            except (BadFile, FileNotFoundError):
                continue  # a damaged save stays where it is; the load screen there names it
            if write_new(target / name, data):
                copied.append(name)
    except OSError as err:
        raise SaveError(f"cannot copy saves from {source.folder} into {target}: {err.strerror or err}") from None
    return copied


def _slot_files(folder: Path) -> tuple[str, ...]:
    try:
        return tuple(sorted(e.name for e in os.scandir(folder) if is_slot_file(e.name) and e.is_file()))
    except OSError:
        return ()


def _same(folder: Path) -> Path:
    try:
        return folder.resolve()
    except OSError:
        return folder.absolute()
