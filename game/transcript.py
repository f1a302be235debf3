"""Scenes as plain text: what plain mode prints and what `walk --transcript` records.

One renderer for both, so a transcript is exactly what a player in plain mode reads.
It holds nothing that changes from run to run (no times, no paths).
"""

from __future__ import annotations

import textwrap
from typing import Callable

from game.session import SceneView

_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def act_name(act: int) -> str:
    return f"ACT {_ROMAN[act]}" if 0 < act < len(_ROMAN) else f"ACT {act}"


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
        lines.append(bold(f"THE END: {view.ending.title} ({view.ending.kind} ending)"))
    else:
        for number, choice in enumerate(view.choices, 1):
            if width:
                lines.extend(textwrap.wrap(choice.text, width, initial_indent=f"  {number}. ", subsequent_indent="     "))
            else:
                lines.append(f"  {number}. {choice.text}")
        if view.timer is not None:
            number = 1 + [c.id for c in view.choices].index(view.timer.default)
            lines.append(f"  (Timed: {view.timer.seconds} seconds. When time runs out: {number}.)")
    return "\n".join(lines)


def render_taken(number: int, text: str) -> str:
    return f"> {number}. {text}"
