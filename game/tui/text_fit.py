"""Fitting a line of text into a message or a listing: one short line, an ellipsis when cut.

Notifications sit at the top of the screen over a line of prose, so each is kept to one
line; a listing shows one line of a long choice.
"""

from __future__ import annotations


def one_line(text: str, most: int) -> str:
    """`text` cut at a word to at most `most` characters, with an ellipsis when cut."""
    if len(text) <= most:
        return text
    cut = text[: most - 1].rsplit(" ", 1)[0] if " " in text[: most - 1] else text[: most - 1]
    return cut.rstrip(" ,.;:") + "…"
