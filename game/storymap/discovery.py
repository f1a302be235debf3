"""What the player has found of the story, across all games, and the path of the game on now.

From the profile: the scenes reached (`seen`), the choices taken (`chosen`, global ids) and the
endings found. A profile written before the map existed has no `seen`; the scenes where a
taken choice was made, and the single target of each, are found all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Sequence

from game.story.model import Story


@dataclass(frozen=True, slots=True)
class Discovery:
    scenes: frozenset[str]
    """Scenes reached in any game."""
    choices: frozenset[str]
    """Global ids of the choices taken in any game."""
    path: tuple[str, ...]
    """The scenes of the game in progress, in order, ending with the one on screen (empty with no game)."""

    @property
    def here(self) -> str | None:
        return self.path[-1] if self.path else None

    def path_steps(self) -> set[tuple[str, str]]:
        return set(zip(self.path, self.path[1:]))


def discover(
    story: Story,
    seen: Collection[str],
    chosen: Collection[str],
    endings: Collection[str],
    log: Sequence[str] = (),
    here: str | None = None,
) -> Discovery:
    """Everything found, from the profile's sets and the game in progress (`log`, `here`)."""
    scenes = {story.start} | {sid for sid in seen if sid in story.scenes}
    scenes |= {sid for ending, sid in story.endings.items() if ending in endings}
    for event in chosen:
        sid, _, cid = event.partition(".")
        scene = story.scenes.get(sid)
        if scene is None:
            continue
        scenes.add(sid)
        choice = next((c for c in scene.choices if c.id == cid), None)
        if choice is not None and choice.to is not None:
            scenes.add(choice.to)
    path = tuple(event.partition(".")[0] for event in log) + ((here,) if here else ())
    scenes |= set(path)
    return Discovery(frozenset(s for s in scenes if s in story.scenes), frozenset(chosen) | frozenset(log), path)
