"""The story.yaml edits of quick fixes and renames keep the file's layout and always parse."""

from __future__ import annotations

import yaml

from game.lsp.edits import Insertion, add_renamed, declare_variable, guess_type


def applied(text: str, edit: Insertion) -> str:
    lines = text.splitlines(keepends=True) + [""]
    row = lines[edit.line] if edit.line < len(lines) else ""
    end = edit.col if edit.end_col is None else edit.end_col
    lines[edit.line : edit.line + 1] = [row[: edit.col] + edit.text + row[end:]]
    return "".join(lines)


STORY = "title: T\nversion: 1\nstart: a\nvariables:\n    heat:\n        type: int\n        initial: 0\n\n# the end\n"


def test_renamed_is_added_at_the_end_when_missing() -> None:
    """A pack without `renamed:` gets one, after everything else."""
    data = yaml.safe_load(applied(STORY, add_renamed(STORY.splitlines(), "old", "new")))
    assert data["renamed"] == {"old": "new"} and data["variables"]["heat"]["type"] == "int"


def test_renamed_in_flow_style_keeps_what_it_held() -> None:
    """`renamed: {a: b}` becomes a block that still holds `a: b`, with the new entry after it."""
    text = STORY + "renamed: {a: b}\n"
    data = yaml.safe_load(applied(text, add_renamed(text.splitlines(), "old", "new")))
    assert data["renamed"] == {"a": "b", "old": "new"}


def test_a_variable_is_declared_at_the_indentation_of_the_others() -> None:
    """The new declaration follows the last one, indented as the file indents, before the comment after the block."""
    text = applied(STORY, declare_variable(STORY.splitlines(), "nerve", "        if: nerve > 2"))
    assert yaml.safe_load(text)["variables"]["nerve"] == {"type": "int", "initial": 0, "doc": "what it means (the players never see this)"}
    assert "    nerve:\n        type: int\n" in text and text.index("nerve") < text.index("# the end")


def test_the_type_is_guessed_from_the_use() -> None:
    """Arithmetic and comparisons with numbers make an int, a quoted comparison a str, anything else a bool."""
    assert guess_type("do: nerve += 1", "nerve")[0] == "int"
    assert guess_type('if: mood == "calm"', "mood") == ("str", '""')
    assert guess_type("if: not lucky", "lucky") == ("bool", "false")
