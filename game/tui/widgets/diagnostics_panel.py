"""Live reload's report of a broken scene pack: every error, in a panel that stays and scrolls.

`play --watch` reloads the pack on every save; when the pack has errors the last good version
plays on, and this panel says so above the story until a good reload takes it away. Its
heading is the border's title, so it never scrolls away however many errors there are (a
toast of six lines pushed the title off an 80x24 screen), and every error is listed, each as
`file:line:col: error: message`.
"""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from game.i18n.interface import _, ngettext


class DiagnosticsPanel(VerticalScroll):
    DEFAULT_CSS = """
    DiagnosticsPanel {
        height: auto;
        max-height: 45%;
        border: round $error;
        border-title-color: $error;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        background: $surface;
        padding: 0 1;
    }
    DiagnosticsPanel.-docked {
        dock: top; /* a screen with no header (the title screen) keeps its own centring */
    }
    """

    def __init__(self, errors: Sequence[str], docked: bool = False) -> None:
        super().__init__(classes="-docked" if docked else "")
        self._body = Static(markup=False)
        self.can_focus = True  # the arrows and PgUp/PgDn scroll it once clicked or tabbed to
        self.show(errors)

    def compose(self):
        yield self._body

    def show(self, errors: Sequence[str]) -> None:
        """List `errors` (rendered diagnostics), replacing what was shown."""
        self.errors = list(errors)
        self.border_title = ngettext(
            "The scene pack has {count} error: still playing the last good version",
            "The scene pack has {count} errors: still playing the last good version",
            len(self.errors),
        ).format(count=len(self.errors))
        self.border_subtitle = _("Tab here, then arrows scroll · fix and save: this goes away")
        self._body.update(Text("\n".join(self.errors)))


def show_errors(screen: object, errors: Sequence[str]) -> None:
    """Show `errors` on `screen` (a Textual `Screen`), in its panel if it has one already."""
    panels = list(screen.query(DiagnosticsPanel))  # type: ignore[attr-defined]
    if panels:
        panels[0].show(errors)
    else:
        first = next(iter(screen.children), None)  # type: ignore[attr-defined]
        # in the flow, above the screen's content and under its header (a second top dock would cover it)
        if isinstance(first, Header):
            screen.mount(DiagnosticsPanel(errors), after=first)  # type: ignore[attr-defined]
        else:
            screen.mount(DiagnosticsPanel(errors, docked=True))  # type: ignore[attr-defined]


def clear_errors(screen: object) -> None:
    """Take the panel off `screen`: the pack loads again."""
    screen.query(DiagnosticsPanel).remove()  # type: ignore[attr-defined]
