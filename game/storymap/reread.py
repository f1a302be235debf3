"""An ending read again: the game that reached it, replayed on the story as it is now.

The profile keeps the seed and choice log of a game that reached each ending
(`Profile.ending_paths`), not its text, so what is shown is the story's current text (and
language) and the profile stays small. When the story has changed so that the log no longer
leads there, or the ending was found before paths were kept, there is nothing to show.
"""

from __future__ import annotations

from game.session import SceneView, Session
from game.story.model import Story


def ending_view(story: Story, ending_id: str, path: tuple[int, tuple[str, ...]] | None) -> SceneView | None:
    """The ending's scene as it was reached, or None when `path` does not lead there now."""
    if path is None:
        return None
    seed, log = path
    session, done = Session.replayed(story, seed, log)
    view = session.view()
    if done < len(log) or view.ending is None or view.ending.id != ending_id:
        return None
    return view
