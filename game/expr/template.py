"""`{name}` interpolation in prose, split once into literal and variable pieces.

Only bare variable names are allowed between braces (no `{a.b}`, `{a[0]}` or format specs),
so rendering is a join, never `str.format` on author text. Names are ASCII, as in expressions
(see `game.expr.parse`): `{ｈｅａｔ}` is refused at its first non-ASCII character rather than read
as `{heat}`, and only ASCII spaces may pad a name.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class TemplateError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Template:
    """Literal strings at even indexes, variable names at odd ones."""

    pieces: tuple[str, ...]

    def render(self, variables: dict[str, Any]) -> str:
        if len(self.pieces) == 1:
            return self.pieces[0]
        out = list(self.pieces)
        for i in range(1, len(out), 2):
            out[i] = show(variables[out[i]])
        return "".join(out)


def parse_template(text: str) -> tuple[Template, list[tuple[str, int]]]:
    """The template and the (name, offset) of every interpolation, for the checker."""
    if "{" not in text and "}" not in text:
        return Template((text,)), []  # most titles and choices: nothing to split, so no scan
    pieces: list[str] = []
    literal: list[str] = []
    names: list[tuple[str, int]] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        literal.append(text[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            literal.append(token[0])
            continue
        if token in ("{", "}"):
            raise TemplateError(f"unmatched '{token}' in text; write '{token}{token}' for a literal brace", match.start())
        name = match.group(1).strip(string.whitespace)
        if not _NAME.match(name):
            raise _not_a_name(match.group(1), match.start())
        pieces.append("".join(literal))
        literal = []
        pieces.append(name)
        names.append((name, match.start()))
    literal.append(text[pos:])
    pieces.append("".join(literal))
    return Template(tuple(pieces)), names


def _not_a_name(inside: str, start: int) -> TemplateError:
    """The error for `{inside}` at `start`: at its first non-ASCII character if it has one."""
    odd = next((i for i, ch in enumerate(inside) if not ch.isascii()), None)
    if odd is None:
        return TemplateError(f"'{{{inside}}}' is not a variable name; only {{name}} can be interpolated", start)
    ch = inside[odd]
    return TemplateError(
        f"'{{{inside}}}' is not a variable name: names are ASCII letters, digits and '_' ({ch!r} is U+{ord(ch):04X})",
        start + 1 + odd,
    )


def show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
