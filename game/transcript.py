"""Scenes as plain text: what plain mode prints and what `walk --transcript` records.

One renderer for both, so a transcript is exactly what a player in plain mode reads.
It holds nothing that changes from run to run (no times, no paths).
"""

from __future__ import annotations

import textwrap
from typing import Callable

from game.i18n.interface import N_, _
from game.views import EndingView, SceneView

_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


KINDS = {
    "canonical": N_("canonical ending"),
    "alternate": N_("alternate ending"),
    "death": N_("death ending"),
    "arrest": N_("arrest ending"),
}
"""The ending kinds the authoring guide names, worded for players; a pack's own kind reads `KIND ending`."""

KIND_WORDS = {"canonical": N_("canonical"), "alternate": N_("alternate"), "death": N_("death"), "arrest": N_("arrest")}
"""The same kinds in one word, for the gallery's column; a pack's own kind is shown as written."""


def kind_word(kind: str) -> str:
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def act_name(act: int) -> str:
    return _("ACT {number}").format(number=_ROMAN[act] if 0 < act < len(_ROMAN) else act)


def ending_kind(kind: str) -> str:
    """`canonical ending`, in the player's language."""
    return _(KINDS[kind]) if kind in KINDS else _("{kind} ending").format(kind=kind)


def the_end(ending: EndingView) -> str:
    """`THE END: TITLE`, the line an ending opens with (its kind follows it)."""
    return _("THE END: {title}").format(title=ending.title)


def wrap(text: str, width: int | None) -> list[str]:
    """Paragraphs wrapped to `width`, blank lines between; `None` keeps each paragraph on one line."""
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append("")
        lines.extend((textwrap.wrap(paragraph, width) if width else [paragraph]) or [""])
    return lines


def render_scene(view: SceneView, width: int | None = 78, bold: Callable[[str], str] = str) -> str:
    """The scene's heading, prose and numbered choices (or its ending line).

    Golden transcripts pass `width=None`: one paragraph per line, so a one-word edit is a
    one-line diff instead of a re-wrapped paragraph.
    """
    lines = [bold(f"# {view.title}"), ""]
    if view.note:
        lines.extend(wrap(f"({view.note})", width))
        lines.append("")
    lines.extend(wrap(view.text, width))
    lines.append("")
    if view.ending is not None:
        lines.append(bold(f"{the_end(view.ending)} ({ending_kind(view.ending.kind)})"))
    else:
        for number, choice in enumerate(view.choices, 1):
            if width:
                lines.extend(textwrap.wrap(choice.text, width, initial_indent=f"  {number}. ", subsequent_indent="     "))
            else:
                lines.append(f"  {number}. {choice.text}")
        if view.timer is not None:
            number = 1 + [c.id for c in view.choices].index(view.timer.default)
            lines.append("  " + _("(Timed: {seconds} seconds. When time runs out: {number}.)").format(seconds=view.timer.seconds, number=number))
    return "\n".join(lines)


def render_taken(number: int, text: str) -> str:
    return f"> {number}. {text}"
