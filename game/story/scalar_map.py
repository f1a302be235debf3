"""Where each character of a YAML string was written, so a finding inside prose lands on it.

Most prose lives in `|` and `>` blocks, whose value differs from the source: indentation goes,
`>` folds lines into spaces, quoted scalars fold too and turn `''` and `\\x41` into one
character. A diagnostic knows an offset into the value (`{naem}` at character 212); the author
needs the line and column. The value's non-blank characters appear in the source in the same
order, each written as one source unit (a character, or one escape or `''`), and nothing else
in the scalar's source is a non-blank unit: so the n-th non-blank character of the value is
the n-th non-blank unit of the source. The mapping is checked (the counts must agree) and gives
up, for the caller to fall back on the scalar's start, rather than guess.
"""

from __future__ import annotations

_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_WIDTH = {"x": 2, "u": 4, "U": 8}


def char_position(
    lines: list[str], start: tuple[int, int], end: tuple[int, int], style: str | None, value: str, offset: int
) -> tuple[int, int] | None:
    """The 1-based (line, column) of `value[offset]` in the scalar written from `start` to `end`
    (0-based line and column marks, as PyYAML gives them), or None when it cannot be told.

    An offset on a blank character moves to the next non-blank one: findings point at names
    and braces, never at spaces.
    """
    if not 0 <= offset < len(value):
        return None
    while offset < len(value) and value[offset].isspace():
        offset += 1
    if offset == len(value):
        return None
    units = _units(lines, start, end, style)
    if units is None or len(units) != sum(1 for c in value if not c.isspace()):
        return None
    line, col = units[sum(1 for c in value[:offset] if not c.isspace())]
    return line + 1, col + 1


def _units(lines: list[str], start: tuple[int, int], end: tuple[int, int], style: str | None) -> list[tuple[int, int]] | None:
    """The source position of each non-blank unit of the scalar's value, in order."""
    (row, col), (last, stop) = start, end
    if style in ("|", ">"):
        row, col = row + 1, 0  # the header line holds the indicator, and perhaps a comment
    elif style in ("'", '"'):
        while row < len(lines) and style not in lines[row][col:]:
            row, col = row + 1, 0  # the mark may be at an anchor or a tag before the quote
        if row >= len(lines) or row > last:
            return None
        col = lines[row].index(style, col) + 1
        stop -= 1  # the end mark is after the closing quote
    units: list[tuple[int, int]] = []
    while row < len(lines) and (row < last or (row == last and col < stop)):
        text = lines[row]
        limit = stop if row == last else len(text)
        while col < min(limit, len(text)):
            char = text[col]
            width = 1
            if style == "'" and char == "'" and text[col + 1 : col + 2] == "'":
                width = 2
            elif style == '"' and char == "\\":
                escape = text[col + 1 : col + 2]
                if escape == "":
                    break  # a line continuation: the break is not part of the value
                if escape in _HEX_WIDTH:
                    width = 2 + _HEX_WIDTH[escape]
                    try:
                        char = chr(int(text[col + 2 : col + width], 16))
                    except (ValueError, OverflowError):
                        return None
                elif escape in _SIMPLE_ESCAPES:
                    width, char = 2, _SIMPLE_ESCAPES[escape]
                else:
                    return None
            if not char.isspace():
                units.append((row, col))
            col += width
        row, col = row + 1, 0
    return units
