"""Pausing Python's cyclic garbage collector while a story is built.

Loading a pack and building its engine allocate millions of objects that all stay alive (data,
models, parsed expressions, the `transitions` machine) and make no cyclic garbage, yet every
full pass of the collector walks all of them: on a generated 10,000-scene pack, four such passes
were most of the engine's build, and a quarter of the load. Paused, the collector walks them
once, at its next pass. Pure bookkeeping, no I/O: the engine may use it.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; a collector already paused by someone else stays so."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def kept() -> Iterator[None]:
    """`paused`, for a block whose objects all outlive it (a state search's millions of tuples
    and lists): as it ends they are moved out of the collector's sight (`gc.freeze`), so no
    later pass walks them again, as the first pass after a pause otherwise does (two seconds
    of a six-second `explore --exhaustive`). They are still freed by reference counts when
    dropped; a search makes no cycles. The collector's pass runs first, while the heap is
    small, so no garbage made before the block is frozen with it."""
    gc.collect()
    with paused():
        try:
            yield
        finally:
            gc.freeze()
