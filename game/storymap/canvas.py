"""The map drawn: rows of text with a style name for each run, from a layout and a discovery.

A scene found shows its title in a rounded box (a double one for an ending); one not found
yet is a dashed box with a "?" and nothing else, so the shape of the story shows but not its
secrets. Lines are joined with box-drawing characters; where lines of different kinds meet,
the strongest wins: this game's path, then choices found, then those still locked. The style
names are the TUI's to colour (`STYLES`).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.i18n.interface import _
from game.storymap.discovery import Discovery
from game.storymap.layout import BOX_HEIGHT, BOX_WIDTH, MapLayout
from game.transcript import act_name

STYLES = ("locked", "found", "path", "here", "act", "ending")
"""Style names, weakest first; a cell keeps the strongest it is given by lines."""

_N, _E, _S, _W = 1, 2, 4, 8
_JOINS = {
    _N: "│", _S: "│", _N | _S: "│", _E: "─", _W: "─", _E | _W: "─",
    _E | _S: "╭", _S | _W: "╮", _N | _E: "╰", _N | _W: "╯",
    _N | _S | _E: "├", _N | _S | _W: "┤", _E | _S | _W: "┬", _N | _E | _W: "┴", 15: "┼",
}
_DASHED = {_N: "╎", _S: "╎", _N | _S: "╎", _E: "╌", _W: "╌", _E | _W: "╌"}


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    style: str


class Canvas:
    """A character grid with one style per cell, drawn once per opening of the map."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.chars = [[" "] * width for _ in range(height)]
        self.styles = [[""] * width for _ in range(height)]
        self.joins = [[0] * width for _ in range(height)]

    def put(self, x: int, y: int, text: str, style: str) -> None:
        for n, char in enumerate(text):
            if 0 <= x + n < self.width and 0 <= y < self.height:
                self.chars[y][x + n] = char
                self.styles[y][x + n] = style
                self.joins[y][x + n] = -1  # text: lines do not join into it

    def line(self, x1: int, y1: int, x2: int, y2: int, style: str) -> None:
        """A vertical or horizontal run of line, joined to what it meets."""
        dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)
        steps = max(abs(x2 - x1), abs(y2 - y1))
        for n in range(steps + 1):
            x, y = x1 + dx * n, y1 + dy * n
            bits = 0
            if n > 0:
                bits |= {(0, 1): _N, (0, -1): _S, (1, 0): _W, (-1, 0): _E}[(dx, dy)]
            if n < steps:
                bits |= {(0, 1): _S, (0, -1): _N, (1, 0): _E, (-1, 0): _W}[(dx, dy)]
            self._join(x, y, bits, style)

    def _join(self, x: int, y: int, bits: int, style: str) -> None:
        if not (0 <= x < self.width and 0 <= y < self.height) or self.joins[y][x] < 0:
            return
        joined = self.joins[y][x] | bits
        self.joins[y][x] = joined
        if STYLES.index(style) >= STYLES.index(self.styles[y][x] or "locked"):
            self.styles[y][x] = style
        table = _DASHED if self.styles[y][x] == "locked" and joined in _DASHED else _JOINS
        self.chars[y][x] = table.get(joined, "┼")

    def rows(self) -> list[list[Run]]:
        """Each row as runs of one style."""
        out = []
        for chars, styles in zip(self.chars, self.styles):
            runs: list[Run] = []
            for char, style in zip(chars, styles):
                if runs and runs[-1].style == style:
                    runs[-1] = Run(runs[-1].text + char, style)
                else:
                    runs.append(Run(char, style))
            out.append(runs)
        return out


def draw(layout: MapLayout, found: Discovery) -> Canvas:
    canvas = Canvas(layout.width, layout.height)
    on_path = found.path_steps()
    for route in layout.routes:
        if (route.source, route.target) in on_path:
            style = "path"
        elif route.source in found.scenes and route.target in found.scenes and any(c in found.choices for c in route.choices):
            style = "found"
        else:
            style = "locked"
        for (x1, y1), (x2, y2) in zip(route.points, route.points[1:]):
            canvas.line(x1, y1, x2, y2, style)
        x, y = route.points[-1]
        canvas.put(x, y, "▼", style)
    for band in layout.acts:
        canvas.put(0, band.y, f" {act_name(band.act)} " if band.act else " ", "act")
    path = set(found.path)
    for box in layout.boxes.values():
        known = box.scene in found.scenes
        if box.scene == found.here:
            style = "here"
        elif box.scene in path:
            style = "path"
        elif known:
            style = "ending" if box.ending else "found"
        else:
            style = "locked"
        if not known:
            top, side, bottom = "┌" + "╌" * (BOX_WIDTH - 2) + "┐", "╎", "└" + "╌" * (BOX_WIDTH - 2) + "┘"
            label = ("?", "")
        elif box.ending:
            top, side, bottom = "╔" + "═" * (BOX_WIDTH - 2) + "╗", "║", "╚" + "═" * (BOX_WIDTH - 2) + "╝"
            label = box.title if len(box.title) == 2 else (box.title[0], "")
        else:
            top, side, bottom = "╭" + "─" * (BOX_WIDTH - 2) + "╮", "│", "╰" + "─" * (BOX_WIDTH - 2) + "╯"
            label = box.title if len(box.title) == 2 else (box.title[0], "")
        canvas.put(box.x, box.y, top, style)
        for n, text in enumerate(label[: BOX_HEIGHT - 2]):
            canvas.put(box.x, box.y + 1 + n, side + text.center(BOX_WIDTH - 2) + side, style)
        canvas.put(box.x, box.y + BOX_HEIGHT - 1, bottom, style)
        if box.scene == found.here:
            canvas.put(box.x + 2, box.y, f" {_('you are here')} ", "here")
    return canvas
