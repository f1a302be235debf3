"""The seeded random generator whose whole state is one integer in `GameState`.

SplitMix64 rather than `random.Random`: its state is a single 64-bit int, so copying it for
undo, hashing it for exploration and writing it into a save all cost nothing, and the
sequence is the same on every platform and Python version.
"""

from __future__ import annotations

MASK = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15


def seed_state(seed: int) -> int:
    """The generator state for a seed; any integer is a valid seed."""
    return seed & MASK


def next_value(state: int) -> tuple[int, int]:
    """The next state and a 64-bit output."""
    state = (state + _GAMMA) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def pick(state: int, weights: list[int]) -> tuple[int, int]:
    """The next state and an index drawn in proportion to `weights` (whose sum is positive)."""
    state, value = next_value(state)
    roll = value % sum(weights)
    for index, weight in enumerate(weights):
        if roll < weight:
            return state, index
        roll -= weight
    raise AssertionError("unreachable: roll is below the sum of the weights")
