"""The journal's text, laid out once per entry and kept: what makes opening the journal cost
the same at scene 60 as at scene 5.

Each entry (a scene read and the choice taken there) is wrapped into lines of Rich segments
when it first appears, at the journal's column width, and kept; a later `sync` lays out only
the entries that are new since (or that an undo or a load changed), and the journal widget
draws only the lines on screen (`widgets/journal_view.py`). Nothing here draws or holds a
widget: the lines are Rich's, so they outlive every journal screen.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from game.session import ChoiceView, SceneView
from game.i18n.interface import _
from game.transcript import act_name, ending_kind, the_end
from game.tui.widgets.scene_text import prose_text

MEASURE = 74
"""The widest the journal's column gets, as the scene prose: a readable measure."""

Entry = tuple[SceneView, ChoiceView | None]


def column_width(screen_width: int) -> int:
    """The journal's text width on a screen (or widget) `screen_width` cells wide."""
    return max(20, min(MEASURE, screen_width - 4))


def entry_text(number: int, view: SceneView, chosen: ChoiceView | None, new_act: bool) -> Text:
    """One entry: the act's title when it begins, the scene's number and title, its prose,
    then the choice taken (or where the game stands now)."""
    text = Text()
    if new_act:
        text.append(f"{act_name(view.act)}\n\n", style="bold reverse")
    text.append(f"{number}. {view.title}\n\n", style="bold")
    text.append_text(prose_text(view.text.strip()))
    text.append("\n\n")
    if chosen is not None:
        text.append(_("You chose: "), style="bold")
        text.append(chosen.text, style="italic")
    elif view.ending is not None:
        text.append(the_end(view.ending), style="bold")
        text.append(f" ({ending_kind(view.ending.kind)})", style="italic")
    else:
        text.append(_("(You are here.)"), style="bold italic")
    text.append("\n")
    return text


class JournalPages:
    """The laid-out journal: `lines` to draw, and where each entry starts among them."""

    def __init__(self) -> None:
        self.width = 0
        self.entries: list[Entry] = []
        self.lines: list[list[Segment]] = []
        self.starts: list[int] = []
        """The index in `lines` of each entry's first line."""

    def sync(self, entries: Sequence[Entry], width: int, console: Console) -> int:
        """Lay out what changed since the last call: everything when `width` changed, else only
        the entries past the part the two journals share. Returns how many were laid out."""
        if width != self.width:
            self.width, kept = width, 0
        else:
            kept = 0
            for old, new in zip(self.entries, entries):
                if old != new:
                    break
                kept += 1
        if kept == len(self.entries) == len(entries):
            return 0
        if kept < len(self.starts):
            del self.lines[self.starts[kept] :]
            del self.starts[kept:]
        self.entries = list(entries)
        options = console.options.update_width(width)
        for index in range(kept, len(entries)):
            view, chosen = entries[index]
            new_act = bool(view.act) and (index == 0 or entries[index - 1][0].act != view.act)
            self.starts.append(len(self.lines))
            self.lines.extend(console.render_lines(entry_text(index + 1, view, chosen, new_act), options, pad=False))
        return len(entries) - kept

    def entry_at(self, line: int) -> int:
        """The entry that line `line` belongs to (0 when there are none)."""
        return max(0, bisect_right(self.starts, line) - 1)
