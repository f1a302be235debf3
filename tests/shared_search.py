"""One exhaustive search of the shipped story per test run, however many xdist workers need it.

Each worker is its own process, so a session fixture runs once per worker: four workers paid
the 7 to 8 s search four times, about a fifth of the suite's processor time. The first worker
to ask searches and leaves the result in the run's shared temporary folder; the others wait on
a lock meanwhile and read it back, in about 1 s. `StateSpace` does not pickle (its story and
compiled scenes hold mappingproxies, and pickling them would not be cheaper than rebuilding
them), so only its plain fields travel, with `marshal` (lists, tuples, sets, strings and
numbers: the fastest to read back); the story is loaded again and compiled by each reader.

Nothing here changes what the tests see: the fields read back compare equal to those written
(tests/test_shared_search.py), and a folder that cannot hold the file (a small /dev/shm) only
means each worker searches for itself, as before.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from game import collector
from game.engine.compiled import compile_story
from game.story.model import Story
from game.tools.statespace import StateSpace

REBUILT = ("story", "scenes")
"""The fields each reader rebuilds from the pack instead of reading (they do not marshal)."""


def to_plain(space: StateSpace) -> dict[str, Any]:
    return {f.name: getattr(space, f.name) for f in dataclasses.fields(space) if f.name not in REBUILT}


def from_plain(story: Story, plain: dict[str, Any]) -> StateSpace:
    return StateSpace(story=story, scenes=compile_story(story), **plain)


@contextmanager
def shared_space(folder: Path | None, story: Callable[[], Story], search: Callable[[Story], StateSpace]) -> Iterator[StateSpace]:
    """`search(story())`, made once for every process that enters this with the same `folder`
    (None: no sharing, as without xdist). The first to enter searches and writes the result while
    holding the lock; the others wait for it and read. The one that wrote the file removes it on
    leaving (the run's temporary folder is kept, and the file is 200 MB on tmpfs); a reader that
    comes later still would search again, which only costs time."""
    try:
        import fcntl
    except ImportError:  # no POSIX locks (Windows): each worker searches, as before
        folder = None
    if folder is None:
        yield search(story())
        return
    data, failed = folder / "shipped_space.marshal", folder / "shipped_space.none"
    with open(folder / "shipped_space.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        wrote = not data.exists() and not failed.exists()
        if wrote:
            space = search(story())
            partial = data.with_suffix(".partial")
            try:
                partial.write_bytes(marshal.dumps(to_plain(space)))
                os.replace(partial, data)
            except (OSError, ValueError):  # no room, or a field marshal cannot write
                partial.unlink(missing_ok=True)
                failed.touch()
    if not wrote:
        if failed.exists():
            space = search(story())
        else:
            with collector.paused():  # millions of tuples that all stay alive, as in the search
                space = from_plain(story(), marshal.loads(data.read_bytes()))
    try:
        yield space
    finally:
        if wrote:
            data.unlink(missing_ok=True)
