"""The story screen's header line: the act and the scene's number in it, as a play's "Act II, scene 4".

The number counts the scenes of this game's path in the current act, found from the choice
log (each entry is `scene.choice`), so it costs nothing and agrees after an undo or a load.
Free of Textual and of the story model's imports, so a save can record the line for the
story screen to show before the pack has loaded (`game.preview`), and it is tested on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from game.i18n.interface import _
from game.transcript import act_name
from game.views import SceneView

if TYPE_CHECKING:
    from game.story.model import Story


def scene_in_act(story: Story, log: Sequence[str], view: SceneView) -> int:
    """How many scenes of the path so far are in `view`'s act, this one included, counted
    back to where the act began."""
    number = 1
    for event in reversed(log):
        scene = story.scenes.get(event.partition(".")[0])
        if scene is None or (scene.act or 0) != view.act:
            break
        number += 1
    return number


def headline(story: Story, log: Sequence[str], view: SceneView) -> str:
    """ "ACT II, scene 4" for a story with acts; the story's title when it has none."""
    if not view.act:
        return story.title
    return _("{act}, scene {number}").format(act=act_name(view.act), number=scene_in_act(story, log, view))
