"""The prose column's height: all the room there is, or only the text's own when it fits.

With the text's own height the choices sit right under the last paragraph, where the eye
is, instead of at the bottom of a tall window (the browser at 1920x1080). The prose starts
every scene (and every resize) filling the room, as Textual's `1fr`, and shrinks to its text
only once a layout has shown that nothing is hidden: shrinking first would push the choices
off the screen and make "is the end in view?" wrongly true, which would start a timer.
"""

from __future__ import annotations

from textual.containers import VerticalScroll

FITS = "-fits"
"""The class (app.tcss) that gives the prose its text's own height."""


def fill(prose: VerticalScroll) -> None:
    """Give the prose all the room again (a new scene, a resize); `fit` decides after layout."""
    prose.remove_class(FITS)


def fit(prose: VerticalScroll) -> None:
    """Shrink the prose to its text once laid out with none of it hidden."""
    if prose.has_class(FITS) or prose.max_scroll_y > 0:
        return
    text = sum(child.outer_size.height for child in prose.children if child.display)
    if text < prose.scrollable_content_region.height:
        prose.add_class(FITS)
