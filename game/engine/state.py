"""The game state, which is also the `transitions` model.

`transitions` keeps the current scene in the model's `scene` attribute; the rest is ours.
Everything that decides what happens next (scene, variables, generator state) is in `key()`,
so explorers can hash states; the choice log records how we got here and is not part of it.
"""

from __future__ import annotations

from typing import Any


class GameState:
    """Where the player is and what the story remembers."""

    def __init__(self, scene: str, variables: dict[str, Any], rng: int) -> None:
        self.scene = scene
        self.vars = variables
        self.rng = rng
        self.log: list[str] = []

    def key(self) -> tuple[Any, ...]:
        """A hashable value that is equal for two states exactly when play from them is the same."""
        return (self.scene, tuple(self.vars.values()), self.rng)

    def __repr__(self) -> str:
        return f"GameState(scene={self.scene!r}, vars={self.vars!r}, rng={self.rng})"
