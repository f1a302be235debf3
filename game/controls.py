"""The control characters no text from a file may write to a terminal, and how they are kept out.

A terminal acts on them rather than showing them (clear the screen, set the window title, write
the clipboard). `game.diagnostics` escapes them in every message and re-exports these; they live
apart from it so that a save's preview (`game.preview`) strips them without loading the catalogue.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
"""C0, DEL and C1: the characters a terminal may act on rather than show."""

CONTENT_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters a string of the content may not hold: C0 but tab and newline, DEL, C1.
The loader refuses them in a pack (LB018); a save's preview (`game.preview`) has them removed."""


def escape_controls(text: str) -> str:
    """`text` with each control character written as an escape (`\x1b`, `\u0085`), so it shows, never acts."""
    return CONTROL_CHARACTERS.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"
