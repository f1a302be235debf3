"""Our diagnostics and places in the Language Server Protocol's terms.

A `Span` gives where a finding starts (1-based line and column, in characters); an editor
wants a range, 0-based, in the client's code units (UTF-16 unless it asked for another).
The end is the token that starts there: a name, a quoted string, a `{name}`, a key, so that
the squiggle covers exactly the typo. Each diagnostic links its code to its entry in the
catalogue (`scenes/README.md`, "Diagnostics"), and carries in `data` what a quick fix needs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from game.diagnostics import Diagnostic, Severity
from game.lsp.index import Place

_NAME = re.compile(r"[A-Za-z0-9_]+")
_DID_YOU_MEAN = re.compile(r"'\{?([^'{}]+)\}?'.*\(did you mean '([^']+)'\?\)")
_UNDECLARED = re.compile(r"undeclared variable '\{?([A-Za-z_][A-Za-z0-9_]*)\}?'")
CATALOGUE = Path(__file__).resolve().parent.parent / "scenes" / "README.md"
"""The catalogue shipped with the package (or, in a checkout, `scenes/README.md` beside `game/`)."""


def catalogue_uri(code: str, name: str, severity: str) -> str:
    """The address of a code's entry: its heading `### LB008 unknown-scene (error)` as an anchor."""
    path = CATALOGUE if CATALOGUE.is_file() else Path(__file__).resolve().parent.parent.parent / "scenes" / "README.md"
    return f"{path.as_uri()}#{code.lower()}-{name}-{severity}"


def token_end(line: str, col: int) -> int:
    """The 0-based column just past the token that starts at 0-based `col` of `line`."""
    if col >= len(line):
        return col
    first = line[col]
    if first in ("'", '"'):
        close = line.find(first, col + 1)
        return close + 1 if close > 0 else len(line.rstrip())
    if first == "{":
        close = line.find("}", col)
        return close + 1 if close > 0 else col + 1
    found = _NAME.match(line, col)
    if found is not None:
        return found.end()
    return col + 1


def to_range(lines: Sequence[str], codec: PositionCodec, line: int, col: int, end_col: int | None = None) -> types.Range:
    """A range on 1-based `line` from 1-based `col` to the end of its token (or to `end_col`)."""
    if line <= 0:
        return types.Range(types.Position(0, 0), types.Position(0, 0))
    row = line - 1
    text = lines[row] if row < len(lines) else ""
    start = min(col - 1, len(text)) if col > 0 else 0
    end = token_end(text, start) if end_col is None else end_col - 1
    return codec.range_to_client_units(
        lines, types.Range(types.Position(row, start), types.Position(row, max(end, start)))
    )


def place_range(lines: Sequence[str], codec: PositionCodec, place: Place) -> types.Range:
    return to_range(lines, codec, place.line, place.col, place.col + place.length)


def to_lsp(diagnostic: Diagnostic, lines: Sequence[str], codec: PositionCodec) -> types.Diagnostic:
    """One of our diagnostics for an editor, with the data its quick fixes need."""
    span = diagnostic.span
    where = to_range(lines, codec, span.line, span.col)
    code = diagnostic.code
    message = diagnostic.message if not diagnostic.hint else f"{diagnostic.message}\nhint: {diagnostic.hint}"
    data: dict[str, object] = {"name": code.name, **fixes(diagnostic.message, lines, span.line, span.col)}
    return types.Diagnostic(
        range=where,
        message=message,
        severity=types.DiagnosticSeverity.Error if diagnostic.severity is Severity.ERROR else types.DiagnosticSeverity.Warning,
        code=code.code,
        code_description=types.CodeDescription(href=catalogue_uri(code.code, code.name, code.severity.value)),
        source="lostbullet",
        data=data,
    )


def fixes(message: str, lines: Sequence[str], line: int, col: int) -> dict[str, object]:
    """What the quick fixes of a finding need: the word a did-you-mean replaces, the name to declare.

    Sent in the diagnostic's `data`; worked out again from the message for a client that does
    not send `data` back with the code-action request (Neovim 0.7 does not).
    """
    found: dict[str, object] = {}
    fix = _DID_YOU_MEAN.search(message)
    if fix is not None:
        old, new = fix.groups()
        at = _word_in(lines, line, col, old)
        if at is not None:
            found["replace"] = {"line": line, "col": at, "length": len(old), "with": new}
    undeclared = _UNDECLARED.search(message)
    if undeclared is not None and "a value of" not in message:
        found["declare"] = undeclared.group(1)
    return found


def _word_in(lines: Sequence[str], line: int, col: int, word: str) -> int | None:
    """The 1-based column where `word` is written at or after `col` of `line` (the typo itself)."""
    if not 0 < line <= len(lines):
        return None
    found = lines[line - 1].find(word, max(col - 1, 0))
    return None if found < 0 else found + 1
