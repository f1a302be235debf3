"""Reading YAML with positions: where each key and value sits, and problems as diagnostics, never exceptions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import game.story.source as source_module
from game.diagnostics import Diagnostic, Span
from game.story.loader import check_pack
from game.story.source import SourceFile, parse_yaml, read_yaml
from tests.conftest import fuzz_budget, write_pack

DOC = """\
title: Tiny
variables:
  heat: {type: int, initial: 0}
list:
  - a
  - {b: 1}
"""


def parse(text: str) -> tuple[SourceFile, list[Diagnostic]]:
    return parse_yaml(SourceFile("f.yaml"), textwrap.dedent(text))


def codes(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code.code, d.span.line, d.span.col) for d in diagnostics]


# --- positions ------------------------------------------------------------------------------------


def test_keys_are_located_one_based() -> None:
    """Each key's position is its (line, column), both counted from 1."""
    source, diagnostics = parse(DOC)
    assert diagnostics == []
    assert source.keys[("title",)] == (1, 1)
    assert source.keys[("variables", "heat")] == (3, 3)
    assert source.keys[("variables", "heat", "type")] == (3, 10)
    assert source.keys[("variables", "heat", "initial")] == (3, 21)
    assert source.keys[("list", 1, "b")] == (6, 6)


def test_values_are_located_one_based() -> None:
    """Each value's position is where it starts: a scalar's first character, a flow mapping's brace, a list's dash."""
    source, _ = parse(DOC)
    assert source.values[("title",)][:2] == (1, 8)
    assert source.values[("variables", "heat")][:2] == (3, 9)
    assert source.values[("variables", "heat", "type")][:2] == (3, 16)
    assert source.values[("variables", "heat", "initial")][:2] == (3, 30)
    assert source.values[("list",)][:2] == (5, 3)
    assert source.values[("list", 0)][:2] == (5, 5)
    assert source.values[("list", 1, "b")][:2] == (6, 9)


def test_data_is_plain_python() -> None:
    """The converted document is plain dicts, lists, strings and ints."""
    source, _ = parse(DOC)
    assert source.data == {"title": "Tiny", "variables": {"heat": {"type": "int", "initial": 0}}, "list": ["a", {"b": 1}]}


def test_span_of_a_value_and_of_its_key() -> None:
    """`span(path)` is where the value is written, `span(path, key=True)` where its key is."""
    source, _ = parse(DOC)
    assert source.span(("variables", "heat", "type")) == Span("f.yaml", 3, 16)
    assert source.span(("variables", "heat", "type"), key=True) == Span("f.yaml", 3, 10)


def test_span_of_a_missing_path_is_its_nearest_located_parent() -> None:
    """A path that is not written (a missing key) points at its nearest parent that is."""
    source, _ = parse(DOC)
    assert source.span(("variables", "heat", "max")) == Span("f.yaml", 3, 9)
    assert source.span(("variables", "heat", "max"), key=True) == Span("f.yaml", 3, 3)


def test_span_of_a_list_item_as_a_key_is_the_item() -> None:
    """A list item has no key, so `key=True` on it gives the item's own position."""
    source, _ = parse(DOC)
    span = source.span(("list", 1), key=True)
    assert (span.line, span.col) == (6, 5)


def test_span_of_an_unknown_top_level_path_is_the_document_start() -> None:
    """A path with no located parent at all points at the start of the document."""
    source, _ = parse("\n\nname: x\n")
    span = source.span(("nowhere", 0))
    assert (span.line, span.col) == (3, 1)


def test_empty_document_has_no_data_and_no_diagnostics() -> None:
    """An empty file reads as no data, and spans in it fall back to line 1, column 1."""
    source, diagnostics = parse("# only a comment\n")
    assert source.data is None and diagnostics == []
    span = source.span(("scenes",))
    assert (span.line, span.col) == (1, 1)


def test_non_string_keys_become_strings() -> None:
    """Keys that YAML reads as numbers or booleans are kept as the strings an author wrote."""
    source, diagnostics = parse("1: a\ntrue: b\n")
    assert diagnostics == []
    assert source.data == {"1": "a", "true": "b"}


def test_pure_python_loader_gives_the_same_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml, the pure-Python loader gives the same data, positions and duplicate-key reports."""
    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("libyaml is not installed: there is only one loader")
    text = DOC + "title: again\n"
    monkeypatch.setattr(source_module, "Loader", yaml.CSafeLoader)
    fast, fast_diags = parse(text)
    monkeypatch.setattr(source_module, "Loader", yaml.SafeLoader)
    slow, slow_diags = parse(text)
    assert slow.data == fast.data
    assert slow.keys == fast.keys
    assert {k: v[:2] for k, v in slow.values.items()} == {k: v[:2] for k, v in fast.values.items()}
    assert [d.render() for d in slow_diags] == [d.render() for d in fast_diags]


# --- duplicate keys -------------------------------------------------------------------------------


def test_duplicate_key_is_reported_with_the_first_line() -> None:
    """A key written twice is LB002 at the second one, naming the line of the first; the first value is kept."""
    source, diagnostics = parse(
        """\
        scene:
          title: First
          text: T.
          title: Second
        """
    )
    assert codes(diagnostics) == [("LB002", 4, 3)]
    assert diagnostics[0].message == "key 'title' appears twice in this mapping (first on line 2)"
    assert source.data == {"scene": {"title": "First", "text": "T."}}
    assert source.keys[("scene", "title")] == (2, 3)


def test_key_written_three_times_is_reported_twice_against_the_first() -> None:
    """Each repeat of a key is its own LB002, all naming the first occurrence's line."""
    _, diagnostics = parse("a: 1\na: 2\na: 3\n")
    assert codes(diagnostics) == [("LB002", 2, 1), ("LB002", 3, 1)]
    assert all("(first on line 1)" in d.message for d in diagnostics)


def test_number_key_and_quoted_number_key_are_duplicates() -> None:
    """`1:` and `"1":` name the same key once read, so the second is LB002."""
    _, diagnostics = parse('1: a\n"1": b\n')
    assert codes(diagnostics) == [("LB002", 2, 1)]


def test_same_key_in_different_mappings_is_fine() -> None:
    """The same key in two sibling mappings is not a duplicate."""
    source, diagnostics = parse("a: {x: 1}\nb: {x: 2}\n")
    assert diagnostics == []
    assert source.data == {"a": {"x": 1}, "b": {"x": 2}}


def test_explicit_key_overrides_a_merged_one() -> None:
    """With a `<<:` merge, a key written explicitly overrides the merged one, as YAML says, with no duplicate-key error."""
    source, diagnostics = parse(
        """\
        base: &base {kind: alternate, title: Base}
        ending:
          <<: *base
          title: Own
        """
    )
    assert diagnostics == []
    assert source.data["ending"] == {"kind": "alternate", "title": "Own"}


# --- YAML problems are diagnostics ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["a: &x [1, *x]\n", "a: &x {k: *x}\n"], ids=["list", "mapping"])
def test_recursive_alias_is_a_diagnostic(text: str) -> None:
    """An alias to a node that contains it is LB001 'an alias refers to itself', not an exception or a hang."""
    source, diagnostics = parse(text)
    assert codes(diagnostics) == [("LB001", 1, 4)]
    assert diagnostics[0].message == "YAML syntax: an alias refers to itself"


def test_alias_used_twice_is_fine() -> None:
    """An anchor reused by an alias (not inside itself) reads as a copy, with no diagnostic."""
    source, diagnostics = parse("a: &x [1, 2]\nb: *x\n")
    assert diagnostics == []
    assert source.data == {"a": [1, 2], "b": [1, 2]}


def test_undefined_alias_is_a_diagnostic() -> None:
    """An alias to no anchor is LB001 at the alias."""
    source, diagnostics = parse("a: *nope\n")
    assert codes(diagnostics) == [("LB001", 1, 4)]
    assert "undefined alias" in diagnostics[0].message
    assert source.data is None


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!!python/object:os.system", "!custom"])
def test_unknown_tag_on_a_scalar_is_a_diagnostic(tag: str) -> None:
    """A scalar with a tag the safe loader does not know is LB001 at the value, read as plain text, and reading goes on."""
    source, diagnostics = parse(f"a: {tag} x\nb: 2\n")
    assert codes(diagnostics) == [("LB001", 1, 4)]
    assert "is not allowed" in diagnostics[0].message and tag.lstrip("!").split(":")[0] in diagnostics[0].message
    assert source.data == {"a": "x", "b": 2}


def test_python_tag_on_a_mapping_is_a_diagnostic() -> None:
    """A mapping with a `!!python/object` tag is LB001 at the value, not silently read as an untagged mapping."""
    _, diagnostics = parse("a: !!python/object:os.system {cmd: ls}\nb: 2\n")
    assert codes(diagnostics) == [("LB001", 1, 4)]


def test_standard_tags_are_read() -> None:
    """The safe loader's own tags (`!!str`, `!!int`) are read as usual."""
    source, diagnostics = parse("a: !!str 12\nb: !!int '7'\n")
    assert diagnostics == []
    assert source.data == {"a": "12", "b": 7}


def test_syntax_error_is_located_and_drops_the_data() -> None:
    """A YAML syntax error is LB001 where the parser stopped, and the file gives no data."""
    source, diagnostics = parse("a: 1\nb: c: d\n")
    assert codes(diagnostics) == [("LB001", 2, 5)]
    assert diagnostics[0].message.startswith("YAML syntax: mapping values are not allowed")
    assert diagnostics[0].hint is None
    assert source.data is None


def test_tab_indentation_gets_a_hint() -> None:
    """A tab where YAML wants indentation is LB001 at the tab, with a hint to use spaces."""
    _, diagnostics = parse("scenes:\n\tstreet: {}\n")
    assert codes(diagnostics) == [("LB001", 2, 1)]
    assert diagnostics[0].hint == "YAML indents with spaces; replace the tab"


def test_second_document_is_a_diagnostic() -> None:
    """A file with two YAML documents is LB001 at the second one's start."""
    _, diagnostics = parse("a: 1\n---\nb: 2\n")
    assert codes(diagnostics) == [("LB001", 2, 1)]
    assert "expected a single document" in diagnostics[0].message


def test_mapping_as_a_key_is_a_diagnostic() -> None:
    """A list used as a mapping key is LB005 at the key, and the rest of the mapping is still read."""
    source, diagnostics = parse("[a]: 1\nb: 2\n")
    assert codes(diagnostics) == [("LB005", 1, 1)]
    assert "a mapping key must be a plain word" in diagnostics[0].message
    assert source.data == {"b": 2}


def test_control_character_is_a_diagnostic() -> None:
    """A NUL byte in otherwise valid UTF-8 text is LB001, not an exception."""
    source, diagnostics = parse("a: b\x00\n")
    assert [d.code.code for d in diagnostics] == ["LB001"]
    assert "control characters are not allowed (character U+0000)" in diagnostics[0].message
    assert source.data is None


# --- files that cannot be read --------------------------------------------------------------------


def test_binary_file_is_a_diagnostic(tmp_path: Path) -> None:
    """A file that is not UTF-8 is LB001 'cannot read file' at the line and column of its first bad byte."""
    path = tmp_path / "scenes.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    source, diagnostics = read_yaml(path)
    assert [(d.code.code, d.span.file, d.span.line, d.span.col) for d in diagnostics] == [("LB001", str(path), 1, 1)]
    assert diagnostics[0].message == "cannot read file: byte 0x89 is not valid UTF-8"
    assert diagnostics[0].hint == "save the file as UTF-8"
    assert source.data is None


def test_unreadable_path_is_a_diagnostic(tmp_path: Path) -> None:
    """A path that cannot be opened as a file (here a folder) is LB001 with the system's reason."""
    folder = tmp_path / "act1.yaml"
    folder.mkdir()
    _, diagnostics = read_yaml(folder)
    assert [d.code.code for d in diagnostics] == ["LB001"]
    assert diagnostics[0].message == "cannot read file: Is a directory"


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    """A file that does not exist is LB001 with the system's reason, not an exception."""
    _, diagnostics = read_yaml(tmp_path / "gone.yaml")
    assert [d.code.code for d in diagnostics] == ["LB001"]
    assert diagnostics[0].message == "cannot read file: No such file or directory"


def test_read_yaml_finds_positions_with_one_more_parse_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file is parsed once; the first position asked for parses it once more, for every later
    one too; after `release` positions come from the file while it is unchanged, never after an edit."""
    path = tmp_path / "story.yaml"
    path.write_text(DOC, encoding="utf-8")
    calls: list[bool] = []
    real = source_module.parse_yaml

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(bool(kwargs.get("positions", True)))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(source_module, "parse_yaml", counted)
    source, _ = read_yaml(path)
    assert calls == [False]
    expected = parse(DOC)[0]
    assert source.keys == expected.keys and source.values == expected.values
    assert source.span(("list", 1, "b")) == Span(str(path), 6, 9)
    assert calls == [False, True]
    source.release()
    assert source.span(("variables", "heat"), key=True) == Span(str(path), 3, 3)
    assert calls == [False, True, True]
    source.release()
    path.write_text("\n" + DOC, encoding="utf-8")
    assert source.span(("title",)) == Span(str(path), 1, 1)


def test_read_yaml_reads_a_file(tmp_path: Path) -> None:
    """`read_yaml` on a good file gives its data and positions, with the file's path in spans."""
    path = tmp_path / "story.yaml"
    path.write_text(DOC, encoding="utf-8")
    source, diagnostics = read_yaml(path)
    assert diagnostics == []
    assert source.data["title"] == "Tiny"
    assert source.span(("title",)) == Span(str(path), 1, 8)


# --- char_span: positions inside strings -----------------------------------------------------------

STYLES = """\
plain: heat > 0
single: 'it''s heat > 0'
double: "tab\\there \\x41 heat > 0"
literal: |
  The night
    and heat > 0
folded: >-
  The night
  and

  heat > 0
anchored: &a "heat > 0"
multi: a plain
  heat > 0
"""


@pytest.mark.parametrize("key", ["plain", "single", "double", "literal", "folded", "anchored", "multi"])
def test_char_span_lands_on_the_character_in_every_style(key: str) -> None:
    """The `h` of `heat` in each scalar style: indentation, folding, `''` and escapes accounted for."""
    source, _ = parse(STYLES)
    value = source.data[key]
    span = source.char_span((key,), value.index("heat"))
    assert span is not None
    assert STYLES.splitlines()[span.line - 1][span.col - 1 :].startswith("heat > 0"), (key, span)


def test_char_span_gives_up_rather_than_guess() -> None:
    """No string at the path, or an offset past its end: None, and the caller falls back on the value's start."""
    source, _ = parse(STYLES)
    assert source.char_span(("absent",), 0) is None
    assert source.char_span(("plain",), 99) is None


WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=8)


@fuzz_budget(150)
@given(
    lines=st.lists(st.lists(WORD, min_size=1, max_size=6), min_size=1, max_size=6),
    style=st.sampled_from(["|", ">", "|-", ">+", "|2"]),
    indent=st.integers(min_value=2, max_value=6),
    where=st.tuples(st.integers(min_value=0), st.integers(min_value=0)),
    blank=st.booleans(),
)
def test_a_typo_planted_in_a_block_scalar_is_reported_on_it(lines: list[list[str]], style: str, indent: int, where: tuple[int, int], blank: bool, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A `{naem}` typo anywhere in a random block of prose is reported at its own line and column."""
    indent = 2 if style == "|2" else indent
    row = where[0] % len(lines)
    words = list(lines[row])
    words.insert(where[1] % (len(words) + 1), "{naem}")
    lines = [*lines[:row], words, *lines[row + 1 :]]
    body = []
    for i, ws in enumerate(lines):
        if blank and i == 1:
            body.append("")
        body.append(" " * indent + " ".join(ws))
    story = "title: T\nversion: 1\nstart: street\nvariables:\n  name: {type: str, initial: x}\n"
    scenes = "act: 1\nscenes:\n  street:\n    title: Street\n    text: " + style + "\n" + "\n".join(" " * 4 + b if b else "" for b in body) + "\n    ending: {id: end, kind: alternate, title: End}\n"
    pack = write_pack(tmp_path_factory.mktemp("typo"), story, {"scenes.yaml": scenes})
    _, diagnostics = check_pack(pack)
    typo = [d for d in diagnostics if "naem" in d.message]
    assert len(typo) == 1, [d.render() for d in diagnostics]
    text_lines = scenes.splitlines()
    assert text_lines[typo[0].span.line - 1][typo[0].span.col - 1 :].startswith("naem}") or text_lines[typo[0].span.line - 1][typo[0].span.col - 1 :].startswith("{naem}"), (typo[0].render(), scenes)
    span = typo[0].span
    assert span.end_line == span.line and text_lines[span.line - 1][span.col - 1 : span.end_col - 1] == "{naem}", (typo[0].render(), span, scenes)
