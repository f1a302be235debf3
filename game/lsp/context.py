"""What the cursor is on, for completion: a key to write, or the value of which key.

Completion runs on text in the middle of an edit (`to: ` with nothing after it yet, a list item
half typed, a mapping that no longer parses), so it cannot wait for the file to parse; it
reads only the cursor's line and the keys above it by indentation, the way YAML nests them.
The meaning of a name is never decided here: that is the loader's (diagnostics) and the
index's (definition, references, rename), both of which read the file with the loader's reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_LINE = re.compile(r"^(\s*)((?:-\s+)*)([A-Za-z_][\w.-]*|'[^']*'|\"[^\"]*\")\s*:(?:\s|$)")
_ITEM_LINE = re.compile(r"^(\s*)-(?:\s|$)")
_LAST_KEY = re.compile(r"(?:^|[\s{,])([A-Za-z_]\w*):(?:\s|$)")
_OPEN_BRACE = re.compile(r"\{([A-Za-z_]\w*)?$")


@dataclass(frozen=True)
class Context:
    path: tuple[str, ...]
    """The keys above the cursor, outermost first; `-` for a list item."""
    key: str | None
    """The key whose value the cursor is in, or None at a key's place."""
    prefix: str
    """The value's text from its start to the cursor (for a key: the key typed so far)."""
    template: bool = False
    """Inside an unclosed `{` of prose: a variable name goes here."""
    present: frozenset[str] = frozenset()
    """At a key's place: the keys the same mapping already has (not offered again)."""


def context_at(lines: list[str], row: int, col: int) -> Context:
    """The context at 0-based `row` and `col` (in characters) of `lines`."""
    line = lines[row] if row < len(lines) else ""
    before = line[:col]
    if _OPEN_BRACE.search(before) and not before.lstrip().startswith("#"):
        return Context(_ancestors(lines, row, _indent(line)), None, _OPEN_BRACE.search(before).group(1) or "", True)
    stripped = before.lstrip()
    dashes = re.match(r"(?:-\s+)*", stripped).group(0)
    body = stripped[len(dashes):]
    indent = len(before) - len(stripped)
    last = None
    for found in _LAST_KEY.finditer(before):
        last = found
    if last is None:
        if dashes and not re.fullmatch(r"[\w.]*", body):
            return Context(_ancestors(lines, row, indent), "-", body)
        if dashes:
            # a list item: either a scalar (a `do:` effect, an `open:` id) or a mapping's first key
            parents = _ancestors(lines, row, indent)
            return Context(parents, "-", body) if parents and parents[-1] not in ("choices", "outcomes", "steps", "text") else Context(parents + ("-",), None, body)
        path = _ancestors(lines, row, indent)
        return Context(path, None, body, present=_siblings(lines, row, indent))
    key = last.group(1)
    value = before[last.end():]
    path = _ancestors(lines, row, indent)
    if dashes:
        path = path + ("-",)
    # keys of a flow mapping on this line, between the indentation and the last key, nest too
    inner = before[indent + len(dashes): last.start(1)]
    for flow in re.finditer(r"([A-Za-z_]\w*):\s*\{", inner):
        path = path + (flow.group(1),)
    return Context(path, key, value.lstrip().lstrip("'\"[").split(",")[-1].lstrip())


def _siblings(lines: list[str], row: int, col: int) -> frozenset[str]:
    """The keys written at column `col` in the mapping that holds `row`, above and below it."""
    found: set[str] = set()
    for step in (-1, 1):
        at = row + step
        while 0 <= at < len(lines):
            text = lines[at]
            at += step
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            lead, key = _indent(text), _KEY_LINE.match(text)
            dashes = key.group(2) if key is not None else ""
            if key is not None and lead + len(dashes) == col and (step < 0 or not dashes):
                found.add(key.group(3).strip("'\""))
                if dashes:
                    break  # the first key of this list item: the mapping starts here
                continue
            if lead > col:
                continue  # a nested value, or the lines of a block scalar
            break
    return frozenset(found)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _ancestors(lines: list[str], row: int, indent: int) -> tuple[str, ...]:
    """The keys that hold a line indented by `indent`, found upwards by smaller indentation.

    A list item may sit at its key's own indentation (`choices:` then `- id:` below it, both
    at column 4), so once inside an item the key that holds it may be as far in as the dash.
    """
    path: list[str] = []
    limit = indent
    item: int | None = None
    """The dash column of the item the walk is in, while it looks for the key holding it."""
    for above in range(row - 1, -1, -1):
        if limit <= 0 and item is None:
            break
        text = lines[above]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        found = _KEY_LINE.match(text)
        lead = _indent(text)
        if found is not None:
            dashes, key = found.group(2), found.group(3).strip("'\"")
            key_col = lead + len(dashes)
            if item is not None:
                if dashes and lead == item:
                    continue  # an earlier item of the same list
                if key_col <= item and not dashes:
                    path.append(key)
                    limit, item = key_col, None
                elif key_col <= item and dashes and lead < item:
                    path.append(key)
                    path.append("-")
                    limit, item = lead, lead
                continue
            if key_col < limit:
                path.append(key)
                limit = key_col
                if dashes:
                    path.append("-")
                    limit, item = lead, lead
            elif dashes and lead < limit:
                path.append("-")
                limit, item = lead, lead
            continue
        if _ITEM_LINE.match(text) is not None:
            if item is not None and lead == item:
                continue
            if lead < limit:
                path.append("-")
                limit, item = lead, lead
    path.reverse()
    return tuple(path)
