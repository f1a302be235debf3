"""The story map's drawing surface: paints the rows `game.storymap.canvas` made, nothing more.

A `ScrollView` that renders only the rows in view (`render_line`), so a map of hundreds of
rows scrolls as fast as a short one; arrows, PgUp/PgDn, Home/End and the mouse pan it. One box
can be selected (shown reversed); the screen says which. The colours are component classes,
so they follow the theme.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from game.i18n.interface import _
from game.storymap.canvas import STYLES, Run
from game.storymap.layout import BOX_HEIGHT, BOX_WIDTH, Box


class StoryMapView(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {f"story-map--{name}" for name in STYLES}
    DEFAULT_CSS = """
    StoryMapView { background: $surface; }
    StoryMapView > .story-map--locked { color: $text-disabled; }
    StoryMapView > .story-map--found { color: $text; }
    StoryMapView > .story-map--ending { color: $secondary; text-style: bold; }
    StoryMapView > .story-map--path { color: $accent; text-style: bold; }
    StoryMapView > .story-map--here { color: $success; text-style: bold; }
    StoryMapView > .story-map--act { color: $primary; text-style: bold reverse; }
    """
    BINDINGS = [
        Binding("up,k", "scroll_up", _("Up"), show=False), Binding("down,j", "scroll_down", _("Down"), show=False),
        Binding("left,h", "scroll_left", _("Left"), show=False), Binding("right,l", "scroll_right", _("Right"), show=False),
        Binding("pageup", "page_up", show=False), Binding("pagedown,space", "page_down", show=False),
        Binding("home", "scroll_home", show=False), Binding("end", "scroll_end", show=False),
    ]

    def __init__(self, rows: list[list[Run]], width: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.virtual_size = Size(width, len(rows))
        self.selected: Box | None = None
        self._strips: dict[int, Strip] = {}

    def select(self, box: Box | None) -> None:
        """Select `box` and scroll it into the middle of the view."""
        self.selected = box
        self._strips.clear()
        self.refresh()
        if box is not None:
            self.scroll_to_region(Region(box.x, box.y, BOX_WIDTH, BOX_HEIGHT), animate=False, center=True, force=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a theme change recolours the map

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = y + scroll_y
        if not 0 <= row < len(self.rows):
            return Strip.blank(self.size.width, self.rich_style)
        strip = self._strips.get(row)
        if strip is None:
            strip = self._strips[row] = self._strip(row)
        pad = max(0, (self.size.width - self.virtual_size.width) // 2)  # a map narrower than the view is centred
        if pad:
            strip = Strip([Segment(" " * pad, self.rich_style), *strip], pad + strip.cell_length)
        return strip.crop(scroll_x, scroll_x + self.size.width).extend_cell_length(self.size.width, self.rich_style)

    def _strip(self, row: int) -> Strip:
        base = self.rich_style
        styles = {name: base + self.get_component_rich_style(f"story-map--{name}") for name in STYLES}
        selected = Style(reverse=True)
        box = self.selected
        segments: list[Segment] = []
        x = 0
        for run in self.rows[row]:
            style = styles.get(run.style, base)
            if box is not None and box.y <= row < box.y + BOX_HEIGHT and x < box.x + BOX_WIDTH and box.x < x + len(run.text):
                cut = (max(box.x - x, 0), min(box.x + BOX_WIDTH - x, len(run.text)))
                before, inside, after = run.text[: cut[0]], run.text[cut[0] : cut[1]], run.text[cut[1] :]
                segments += [Segment(before, style), Segment(inside, style + selected), Segment(after, style)]
            else:
                segments.append(Segment(run.text, style))
            x += len(run.text)
        return Strip([s for s in segments if s.text], x)
