"""Text edits to story.yaml that quick fixes and renames make: a new variable, a `renamed:` entry.

Each edit is an insertion into the file as written, at the end of the mapping it belongs to
and at that mapping's own indentation, so the author's layout and comments stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"^([A-Za-z_]\w*)\s*:(.*)$")


@dataclass(frozen=True)
class Insertion:
    """Replace 0-based `line`, from `col` to `end_col` (an insertion when they are equal), with `text`."""

    line: int
    col: int
    text: str
    end_col: int | None = None


def _top_key(lines: list[str], key: str) -> int | None:
    for row, line in enumerate(lines):
        found = _KEY.match(line)
        if found is not None and found.group(1) == key:
            return row
    return None


def _block_end(lines: list[str], row: int) -> tuple[int, int | None]:
    """The row after the last line of the block under the top-level key at `row`, and the
    indentation of its entries (None when it has none)."""
    last, indent = row, None
    for below in range(row + 1, len(lines)):
        text = lines[below]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        lead = len(text) - len(text.lstrip())
        if lead == 0:
            break
        if indent is None:
            indent = lead
        last = below
    return last + 1, indent


def add_entry(lines: list[str], key: str, entry: list[str]) -> Insertion:
    """Add `entry` (lines relative to the entry's own indentation) to the top-level mapping `key`.

    A missing key is added at the end of the file; a flow mapping (`renamed: {}`) is rewritten
    as a block, keeping what it held.
    """
    row = _top_key(lines, key)
    if row is None:
        body = "".join(f"  {line}\n" for line in entry)
        tail = len(lines)
        lead = "\n" if lines and lines[-1].strip() else ""
        return Insertion(tail, 0, f"{lead}{key}:\n{body}")
    value = _KEY.match(lines[row]).group(2).split("#")[0].strip()  # type: ignore[union-attr]
    if value.startswith("{") and value.endswith("}"):
        inner = value[1:-1].strip()
        held = [part.strip() for part in inner.split(",") if part.strip()] if inner else []
        body = "".join(f"  {line}\n" for line in held + entry)
        return Insertion(row, 0, f"{key}:\n{body}", end_col=len(lines[row]) + 1)
    end, indent = _block_end(lines, row)
    pad = " " * (indent or 2)
    step = " " * (indent or 2)
    body = "".join(f"{pad}{line.replace('  ', step, 1) if line.startswith('  ') else line}\n" for line in entry)
    return Insertion(end, 0, body)


def guess_type(line: str, name: str) -> tuple[str, str]:
    """The type and initial value a new variable most likely has, from how `line` uses it."""
    word = re.escape(name)
    if re.search(rf"\b{word}\s*(\+=|-=|[<>]=?)|[<>]=?\s*{word}\b|\b{word}\s*[=!]=\s*-?\d", line):
        return "int", "0"
    if re.search(rf"\b{word}\s*[=!]?=\s*[\"']", line):
        return "str", '""'
    return "bool", "false"


def declare_variable(lines: list[str], name: str, used_in: str) -> Insertion:
    kind, initial = guess_type(used_in, name)
    entry = [f"{name}:", f"  type: {kind}", f"  initial: {initial}", "  doc: what it means (the players never see this)"]
    return add_entry(lines, "variables", entry)


def add_renamed(lines: list[str], old: str, new: str) -> Insertion:
    return add_entry(lines, "renamed", [f"{old}: {new}"])
