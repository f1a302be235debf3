"""The pure, deterministic engine: a `transitions` machine over the story, and the game state.

No I/O, no UI, no module-level mutable state: two engines in one process never interfere.
"""
