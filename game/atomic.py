"""Writing a file so that it is always either the old version or the whole new one.

A temporary file in the same folder, flushed and fsynced, then `os.replace`: a crash or a kill
at any moment leaves the previous file intact. Saves, golden transcripts and the player's
settings all go through here; so does `set_aside`, which keeps a file that cannot be read
instead of letting a new write replace it, and `remove_stale_temps`, which clears the
temporary files a killed writer leaves behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

STALE_TEMP_SECONDS = 60.0
"""How old a temporary file of `write_atomically` must be before `remove_stale_temps` takes it.

A live writer's temporary file exists for the milliseconds between writing and renaming (a
slow disk: seconds), so one a minute old belongs to a writer that was killed. Removing only
those never pulls a file from under a writer still at work in another process.
"""

_TEMP_FILE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp\Z")
"""`.NAME.` + the eight random characters of `tempfile.mkstemp` + `.tmp`."""


def set_aside(path: Path, label: str = "corrupt") -> Path | None:
    """Move `NAME.json` to `NAME.LABEL.json` (or `-2`, `-3`...) without ever replacing a file.

    Returns the new path, or None when `path` was already gone: another writer set it aside
    first, which is not an error (the file is kept, under the name that writer chose). Two
    writers setting aside at once never take the same name: the move is a hard link, which
    fails if the name exists, then an unlink; where hard links are not supported it falls back
    to a checked rename.
    """
    stem = path.name.removesuffix(".json")
    n = 1
    while True:
        target = path.with_name(f"{stem}.{label}.json" if n == 1 else f"{stem}.{label}-{n}.json")
        try:
            _move_without_replacing(path, target)
        except FileExistsError:
            n += 1
            continue
        except FileNotFoundError:
            return None
        return target


def _move_without_replacing(path: Path, target: Path) -> None:
    try:
        os.link(path, target, follow_symlinks=False)
    except (FileExistsError, FileNotFoundError):
        raise
    except OSError:  # no hard links here (FAT, some network shares, a folder): rename if the name is free
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(path, target)
        return
    with contextlib.suppress(FileNotFoundError):  # another writer moved it at the same moment: ours is a copy
        os.unlink(path)


def remove_stale_temps(folder: Path, older_than: float = STALE_TEMP_SECONDS) -> None:
    """Delete the `.NAME.*.tmp` files of `write_atomically` in `folder` older than `older_than` seconds.

    Only regular files are touched, and any error is ignored: cleaning up is never worth
    failing a listing or a save for.
    """
    limit = time.time() - older_than
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not _TEMP_FILE.match(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                    os.unlink(entry.path)


def write_atomically(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data`, so a reader sees the old file or the whole new one."""
    temp = _durable_temp(path, data)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(path.parent)


def write_new(path: Path, data: str | bytes) -> bool:
    """Write `data` as `path` only if no file has that name; False (nothing written) if one has.

    The whole file appears at once (a hard link of a finished temporary file), so a name taken
    meanwhile by another writer is never replaced: copying saves over from another folder.
    """
    temp = _durable_temp(path, data)
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    _sync_folder(path.parent)
    return True


def _durable_temp(path: Path, data: str | bytes) -> str:
    """A flushed and fsynced temporary file beside `path` holding `data`; its name."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _sync_folder(folder: Path) -> None:
    """Make a rename or link in `folder` durable where the platform allows."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
