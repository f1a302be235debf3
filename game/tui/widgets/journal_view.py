"""The journal's scrolling text: draws only the lines on screen, from `JournalPages`.

A `ScrollView` whose height is the laid-out journal's, so opening it costs the lines shown,
not the game played. The entry at the top of the view is "here" for the journal's moves
(go back to here, the contents): its title line is marked.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from game.tui.journal_pages import JournalPages


class JournalView(ScrollView, can_focus=True):
    here = reactive(0)
    """The entry at the top of the view."""

    def __init__(self, pages: JournalPages, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pages = pages

    def pages_changed(self) -> None:
        """Size the scroll to the journal, with room for the last entry to sit at the top."""
        pages = self.pages
        last = pages.starts[-1] if pages.starts else 0
        height = self.size.height or self.app.size.height  # before the first layout: the screen's
        self.virtual_size = Size(self.size.width, max(len(pages.lines), last + height))
        self.refresh()

    def go_to(self, entry: int) -> None:
        """Scroll so entry `entry` starts at the top."""
        starts = self.pages.starts
        if starts:
            entry = max(0, min(entry, len(starts) - 1))
            self.scroll_to(y=starts[entry], animate=False, immediate=True)
            self.here = entry

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.here = self.pages.entry_at(round(new))

    def watch_here(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style
        index = round(self.scroll_y) + y
        pages = self.pages
        if index >= len(pages.lines):
            return Strip.blank(width, style)
        left = max(0, (width - pages.width) // 2)
        segments = [Segment(" " * left, style), *pages.lines[index]]
        if pages.starts and index == pages.starts[min(self.here, len(pages.starts) - 1)] and left >= 2:
            segments[0] = Segment(" " * (left - 2) + "▸ ", style + Style(bold=True))
        return Strip(segments).apply_style(style).extend_cell_length(width, style).crop(0, width)
