"""Writing a file so that it is always either the old version or the whole new one.

A temporary file in the same folder, flushed and fsynced, then `os.replace`: a crash or a kill
at any moment leaves the previous file intact. Saves, golden transcripts and the player's
settings all go through here; so does `set_aside`, which keeps a file that cannot be read
instead of letting a new write replace it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def set_aside(path: Path) -> Path:
    """Rename an unreadable `NAME.json` to `NAME.corrupt.json` (or `-2`, `-3`...); returns the new path."""
    stem = path.name.removesuffix(".json")
    target = path.with_name(f"{stem}.corrupt.json")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{stem}.corrupt-{n}.json")
    path.rename(target)
    return target


def write_atomically(path: Path, data: str | bytes) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the platform allows
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
