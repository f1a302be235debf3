"""Reading the player's JSON files (saves, the profile) so that no file can crash or hang the game.

The save folder is the player's: anything may be in it, edited by hand, damaged by a disk, or
put there on purpose. Python's own readers trust too much: `read_bytes` blocks forever on a
FIFO and fills memory from a symlink to /dev/zero, `json.loads` accepts `NaN` and `Infinity`,
raises ValueError from `int()` past 4,300 digits and RecursionError on deep nesting. Here a
file is read only if it is a regular file under a size cap, and parsed with every number
bounded; everything else is a `BadFile` whose message is a short reason the caller puts in
its own one-line error.
"""

from __future__ import annotations

import json
import math
import os
import stat
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

MAX_INT_DIGITS = 100
"""The most digits a whole number in a save or the profile may have.

Far above anything the game writes (a 64-bit seed has 20 digits), far below the 4,300 where
Python's `int()` raises, and short enough that no number costs time to read or print.
"""

YEARS = (1900, 9998)
"""The years a time in a save or the profile may fall in: outside them, converting the time to
the player's time zone can overflow `datetime`, and no real save was made then."""

_MAX_TIME_CHARS = 64


class BadFile(ValueError):
    """A file that is not one the game reads; the message is a short reason, not a sentence."""


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of `path`, if it is a regular file of at most `limit` bytes.

    Opened without blocking (a FIFO with no writer opens at once) and checked with `fstat`
    on the open descriptor, so what is read is what was checked. Raises `BadFile` for what
    is not a regular file or is too large, and the `OSError` of the system otherwise
    (`FileNotFoundError` for a missing file).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise BadFile("not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise BadFile(f"larger than {describe_size(limit)}")
    return b"".join(chunks)


def parse(raw: bytes) -> Any:
    """JSON from UTF-8 bytes, refusing NaN and Infinity, numbers out of bounds and deep nesting."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant, parse_int=_bounded_int, parse_float=_finite_float)
    except UnicodeDecodeError:
        raise BadFile("not valid JSON (not UTF-8 text)") from None
    except json.JSONDecodeError as err:
        raise BadFile(f"not valid JSON (line {err.lineno}, column {err.colno})") from None
    except RecursionError:
        raise BadFile("not valid JSON (nested too deeply)") from None


def utc_time(value: Any) -> str:
    """An ISO 8601 time with a time zone, as UTC to the second; `BadFile` if it is not one, or out of `YEARS`."""
    if isinstance(value, str) and len(value) <= _MAX_TIME_CHARS:
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if when.tzinfo is not None and YEARS[0] <= when.year <= YEARS[1]:
                return when.astimezone(timezone.utc).isoformat(timespec="seconds")
    raise BadFile(f"is not an ISO 8601 time with a time zone between the years {YEARS[0]} and {YEARS[1]}")


def describe_size(limit: int) -> str:
    """`4 MiB`, `256 KiB`: a size cap as people read it."""
    return f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit // 2**10} KiB"


def _refuse_constant(name: str) -> Any:
    raise BadFile(f"{name} is not a number this file may hold")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise BadFile(f"a number has more than {MAX_INT_DIGITS} digits")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadFile("a number is too large")
    return value
