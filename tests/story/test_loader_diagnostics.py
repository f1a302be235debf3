"""The loader's diagnostics: every LB code, at the exact file, line and column, with its wording.

Each test writes a small pack that is correct but for one thing, runs `check_pack`, and pins the
diagnostic down: code, file name, 1-based line and column (for an expression, the column of the
offending character), and the words an author reads.

Most packs use `TINY_STORY` from conftest for `story.yaml`:

     1 title: Tiny
     2 version: 1
     3 start: street
     4 variables:
     5   heat: {type: int, initial: 0, min: 0, max: 3, doc: Trouble.}
     6   lucky: {type: bool, initial: false}
     7   paint: {type: enum, values: [primer, blue], initial: primer}

and, for the scenes, `MINI` below or `with_choice_line(LINE)`, which is `MINI` with LINE added to
its only choice as line 9 (so `to: street` moves to line 10). In `        if: EXPR` the
expression starts at column 13.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from game.diagnostics import Diagnostic
from game.errors import ContentError
from game.story.loader import check_pack, load_story
from tests.conftest import TINY_STORY

MakePack = Callable[..., Path]

MINI = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - id: go
        text: Go
        to: street
"""


def with_choice_line(line: str) -> str:
    """MINI with `line` (written with its indentation) inserted as line 9, inside the choice `go`."""
    lines = MINI.splitlines(keepends=True)
    return "".join(lines[:8]) + line + "\n" + "".join(lines[8:])


def diagnose(make_pack: MakePack, story: str = TINY_STORY, scenes: str = MINI, extra: str | None = None) -> list[Diagnostic]:
    """Write a pack (story.yaml, scenes.yaml and, when given, extra.yaml) and return its diagnostics."""
    written = {"scenes.yaml": scenes} if extra is None else {"scenes.yaml": scenes, "extra.yaml": extra}
    story_obj, diagnostics = check_pack(make_pack(story, written))
    if any(d.severity.is_error for d in diagnostics):
        assert story_obj is None, "a pack with errors must not become a Story"
    return diagnostics


def where(d: Diagnostic) -> tuple[str, str, int, int]:
    return (d.code.code, Path(d.span.file).name, d.span.line, d.span.col)


def only(diagnostics: list[Diagnostic]) -> Diagnostic:
    """The single diagnostic of a run; fails, listing them, when there are more or none."""
    assert len(diagnostics) == 1, [d.render() for d in diagnostics]
    return diagnostics[0]


def one_of(diagnostics: list[Diagnostic], code: str) -> Diagnostic:
    """The single diagnostic with `code`; others may be present."""
    found = [d for d in diagnostics if d.code.code == code]
    assert len(found) == 1, [d.render() for d in diagnostics]
    return found[0]


# --- the baseline ---------------------------------------------------------------------------------


def test_the_baseline_pack_is_clean(make_pack: MakePack) -> None:
    """The pack every test breaks loads with no diagnostics at all, so each one found is the test's."""
    story, diagnostics = check_pack(make_pack(TINY_STORY, {"scenes.yaml": MINI}))
    assert diagnostics == []
    assert story is not None and list(story.scenes) == ["street"]


# --- LB001 yaml-syntax ----------------------------------------------------------------------------


def test_lb001_yaml_syntax_error_in_a_scene_file(make_pack: MakePack) -> None:
    """A YAML syntax error is LB001 at the character where the parser gave up."""
    extra = """\
    act: 1
    scenes:
      side:
        title: A: B
        text: T.
        choices: [{id: x, text: X, to: street}]
    """
    d = only(diagnose(make_pack, extra=extra))
    assert where(d) == ("LB001", "extra.yaml", 4, 13)
    assert d.message.startswith("YAML syntax: ") and "mapping values are not allowed" in d.message


def test_lb001_yaml_syntax_error_in_story_yaml(make_pack: MakePack) -> None:
    """An unclosed flow list in story.yaml is LB001 where the parser noticed it, naming the construct."""
    story = TINY_STORY.replace("version: 1", "version: [1")
    d = only(diagnose(make_pack, story=story))
    assert where(d) == ("LB001", "story.yaml", 3, 6)
    assert "did not find expected ',' or ']'" in d.message and "flow sequence" in d.message


def test_lb001_unknown_python_tag_on_a_value(make_pack: MakePack) -> None:
    """A `!!python/object` tag is refused (LB001 at the tagged value), never constructed."""
    extra = """\
    act: 1
    scenes:
      side:
        title: !!python/object:os.system
        text: T.
        choices: [{id: x, text: X, to: street}]
    """
    d = only(diagnose(make_pack, extra=extra))
    assert where(d) == ("LB001", "extra.yaml", 4, 12)
    assert "the tag" in d.message and "is not allowed" in d.message
    assert "python/object:os.system" in d.message


def test_lb001_python_tag_on_a_list_is_refused(make_pack: MakePack) -> None:
    """A `!!python/object/apply` tag on a list is LB001 too, not silently read as a plain list of effects."""
    scenes = with_choice_line('        do: !!python/object/apply:os.system ["heat += 1"]')
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB001", "scenes.yaml", 9, 13)
    assert "tag" in d.message


def test_lb001_binary_file(make_pack: MakePack) -> None:
    """A scene file that is not UTF-8 text is LB001 'cannot read file', at its first byte that is not UTF-8."""
    root = make_pack(TINY_STORY, {"scenes.yaml": MINI})
    (root / "picture.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    _, diagnostics = check_pack(root)
    d = only(diagnostics)
    assert where(d) == ("LB001", "picture.yaml", 1, 1)
    assert d.message == "cannot read file: byte 0x89 is not valid UTF-8"


# --- LB002 duplicate-key --------------------------------------------------------------------------


def test_lb002_duplicate_key_in_a_scene(make_pack: MakePack) -> None:
    """A key written twice in one mapping is LB002 at the second one, naming the line of the first."""
    extra = """\
    act: 1
    scenes:
      side:
        title: A
        text: T.
        title: B
        choices: [{id: x, text: X, to: street}]
    """
    d = only(diagnose(make_pack, extra=extra))
    assert where(d) == ("LB002", "extra.yaml", 6, 5)
    assert "key 'title' appears twice in this mapping (first on line 4)" in d.message
    assert d.hint is not None and "only one can count" in d.hint


def test_lb002_variable_declared_twice(make_pack: MakePack) -> None:
    """A variable declared twice under `variables:` is LB002 at the second declaration."""
    story = """\
    title: Tiny
    version: 1
    start: street
    variables:
      heat: {type: int, initial: 0}
      heat: {type: bool, initial: false}
    """
    d = only(diagnose(make_pack, story=story))
    assert where(d) == ("LB002", "story.yaml", 6, 3)
    assert "key 'heat' appears twice in this mapping (first on line 5)" in d.message


# --- LB003 missing-key ----------------------------------------------------------------------------


def test_lb003_scene_without_text(make_pack: MakePack) -> None:
    """A scene without `text` is LB003 at the scene's id, naming the key and the scene."""
    scenes = MINI.replace("    text: Rain.\n", "")
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB003", "scenes.yaml", 3, 3)
    assert d.message == "missing key 'text' in scene 'street'"


def test_lb003_story_without_start(make_pack: MakePack) -> None:
    """story.yaml without `start` is LB003 at the top of the file."""
    story = TINY_STORY.replace("start: street\n", "")
    d = only(diagnose(make_pack, story=story))
    assert where(d) == ("LB003", "story.yaml", 1, 1)
    assert d.message == "missing key 'start'"


def test_lb003_choice_without_id(make_pack: MakePack) -> None:
    """A choice without `id` is LB003 at the choice, that is at its first remaining key."""
    scenes = MINI.replace("      - id: go\n        text: Go\n", "      - text: Go\n")
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB003", "scenes.yaml", 7, 9)
    assert "missing key 'id'" in d.message and "scene 'street'" in d.message


def test_lb003_scene_without_act(make_pack: MakePack) -> None:
    """A scene with no act of its own in a file with no `act:` is LB003 at the scene's id, with a hint."""
    scenes = MINI.replace("act: 1\n", "")
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB003", "scenes.yaml", 2, 3)
    assert d.message == "scene 'street' has no act"
    assert d.hint is not None and "act: N" in d.hint


def test_lb003_scene_file_without_scenes(make_pack: MakePack) -> None:
    """A scene file with no `scenes:` key is LB003 at the top of that file."""
    d = only(diagnose(make_pack, extra="act: 2\n"))
    assert where(d) == ("LB003", "extra.yaml", 1, 1)
    assert d.message == "missing key 'scenes'"


# --- LB004 unknown-key ----------------------------------------------------------------------------


def test_lb004_unknown_choice_key_with_suggestion(make_pack: MakePack) -> None:
    """A misspelt choice key is LB004 at the key, with a did-you-mean and the allowed keys."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        iff: lucky")))
    assert where(d) == ("LB004", "scenes.yaml", 9, 9)
    assert d.message == "unknown key 'iff' (did you mean 'if'?)"
    assert d.hint == "allowed here: id, text, if, do, to, outcomes, note"


def test_lb004_unknown_variable_key_with_suggestion(make_pack: MakePack) -> None:
    """A misspelt key in a flow-style variable declaration is LB004 at that key, suggesting the right one."""
    story = TINY_STORY.replace("max: 3", "maximum: 3")
    d = only(diagnose(make_pack, story=story))
    assert where(d) == ("LB004", "story.yaml", 5, 41)
    assert "unknown key 'maximum' (did you mean 'max'?)" in d.message


def test_lb004_unknown_top_level_key_in_a_scene_file(make_pack: MakePack) -> None:
    """A top-level key other than `act`/`scenes` is LB004 at the key, suggesting `scenes`."""
    d = only(diagnose(make_pack, scenes=MINI + "scene: {}\n"))
    assert where(d) == ("LB004", "scenes.yaml", 10, 1)
    assert d.message == "unknown key 'scene' (did you mean 'scenes'?)"
    assert d.hint is not None and "'act' and 'scenes'" in d.hint


# --- LB005 wrong-type -----------------------------------------------------------------------------


def test_lb005_title_is_a_list(make_pack: MakePack) -> None:
    """A list where a scene's title belongs is LB005 at the list."""
    scenes = MINI.replace("    title: Street", "    title: [Street, Road]")
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB005", "scenes.yaml", 4, 12)
    assert d.message == "'title' must be a string, not a list"


def test_lb005_choices_is_a_string(make_pack: MakePack) -> None:
    """A string where the list of choices belongs is LB005 at the string, quoting it."""
    scenes = MINI.split("    choices:")[0] + "    choices: go\n"
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB005", "scenes.yaml", 6, 14)
    assert d.message == "'choices' must be a list, not the string 'go'"


def test_lb005_scene_act_is_a_word(make_pack: MakePack) -> None:
    """A scene's `act: one` is LB005 at the value: an act is a whole number."""
    scenes = """\
    scenes:
      street:
        title: Street
        act: one
        text: Rain.
        choices:
          - {id: go, text: Go, to: street}
    """
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB005", "scenes.yaml", 4, 10)
    assert d.message == "'act' must be a whole number, not the string 'one'"


def test_lb005_scene_act_zero(make_pack: MakePack) -> None:
    """A scene's `act: 0` is LB005 at the value: acts count from 1."""
    scenes = """\
    scenes:
      street:
        title: Street
        act: 0
        text: Rain.
        choices:
          - {id: go, text: Go, to: street}
    """
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB005", "scenes.yaml", 4, 10)
    assert "'act' must be a whole number from 1" in d.message


def test_lb005_file_act_is_a_word(make_pack: MakePack) -> None:
    """A file-level `act: one` is LB005 at the value."""
    d = one_of(diagnose(make_pack, scenes=MINI.replace("act: 1", "act: one")), "LB005")
    assert where(d) == ("LB005", "scenes.yaml", 1, 6)
    assert d.message == "'act' must be a whole number from 1, not the string 'one'"


def test_bad_file_act_is_not_reported_again_as_a_missing_act(make_pack: MakePack) -> None:
    """A wrong file-level act is one error, not also 'has no act' on every scene of the file."""
    diagnostics = diagnose(make_pack, scenes=MINI.replace("act: 1", "act: one"))
    assert [where(d) for d in diagnostics] == [("LB005", "scenes.yaml", 1, 6)], [d.render() for d in diagnostics]


def test_lb005_version_is_a_string(make_pack: MakePack) -> None:
    """A quoted version in story.yaml is LB005: the version is an integer."""
    d = only(diagnose(make_pack, story=TINY_STORY.replace("version: 1", 'version: "1"')))
    assert where(d) == ("LB005", "story.yaml", 2, 10)
    assert d.message == "'version' must be a whole number, not the string '1'"


def test_lb005_unknown_variable_type_with_suggestion(make_pack: MakePack) -> None:
    """`type: boolean` is LB005 at the value, listing the types and suggesting 'bool'."""
    d = only(diagnose(make_pack, story=TINY_STORY.replace("type: bool", "type: boolean")))
    assert where(d) == ("LB005", "story.yaml", 6, 17)
    assert "must be one of 'bool', 'int', 'enum' or 'str'" in d.message
    assert "(did you mean 'bool'?)" in d.message


def test_lb005_story_yaml_is_a_list(make_pack: MakePack) -> None:
    """A story.yaml that is a list, not a mapping, is LB005 at its first line."""
    d = only(diagnose(make_pack, story="- title\n- start\n"))
    assert where(d) == ("LB005", "story.yaml", 1, 1)
    assert d.message == "story.yaml must be a mapping, not a list"


# --- LB006 bad-id ---------------------------------------------------------------------------------


def test_lb006_scene_id_with_capitals(make_pack: MakePack) -> None:
    """A scene id that is not a lower-case identifier is LB006 at the id."""
    extra = """\
    act: 1
    scenes:
      Side_Street:
        title: Side
        text: T.
        choices: [{id: x, text: X, to: street}]
    """
    d = only(diagnose(make_pack, extra=extra))
    assert where(d) == ("LB006", "extra.yaml", 3, 3)
    assert d.message == "'Side_Street' cannot be a scene id"


def test_lb006_choice_id_with_capitals(make_pack: MakePack) -> None:
    """A choice id with a capital is LB006 at the id's value."""
    d = only(diagnose(make_pack, scenes=MINI.replace("id: go", "id: Go")))
    assert where(d) == ("LB006", "scenes.yaml", 7, 13)
    assert d.message == "'Go' cannot be a choice id"


@pytest.mark.parametrize("name", ["Lucky", "class", "true", "2fast", "if"])
def test_lb006_bad_variable_name(make_pack: MakePack, name: str) -> None:
    """A variable name that is capitalised, a keyword, a boolean word or starts with a digit is LB006 at the name."""
    story = TINY_STORY.replace("  lucky:", f'  "{name}":')
    d = only(diagnose(make_pack, story=story))
    assert where(d) == ("LB006", "story.yaml", 6, 3)
    assert d.message == f"'{name}' cannot be a variable name"


def test_lb006_ending_kind_with_capitals(make_pack: MakePack) -> None:
    """An ending kind that is not one lower-case word is LB006 at the kind."""
    scenes = """\
    act: 1
    scenes:
      street:
        title: Street
        text: Over.
        ending: {id: over, kind: Arrest, title: Over}
    """
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB006", "scenes.yaml", 6, 30)
    assert d.message == "'Arrest' cannot be an ending kind"


# --- LB007 duplicate-id ---------------------------------------------------------------------------


def test_lb007_scene_defined_in_two_files(make_pack: MakePack) -> None:
    """A scene id used in two files is LB007 at the second (in file order), naming where the first is."""
    again = """\
    act: 2
    scenes:
      street:
        title: Again
        text: T.
        choices: [{id: x, text: X, to: street}]
    """
    root = make_pack(TINY_STORY, {"a.yaml": MINI, "b.yaml": again})
    _, diagnostics = check_pack(root)
    d = only(diagnostics)
    assert where(d) == ("LB007", "b.yaml", 3, 3)
    assert d.message.startswith("scene 'street' is already defined at ")
    assert d.message.endswith("a.yaml:3:3")


def test_lb007_choice_id_twice_in_a_scene(make_pack: MakePack) -> None:
    """Two choices of one scene with one id is LB007 at the second id, naming the line of the first."""
    scenes = MINI + "      - id: go\n        text: Go again\n        to: street\n"
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB007", "scenes.yaml", 10, 13)
    assert d.message == "choice 'go' appears twice in scene 'street' (first at line 7)"


def test_lb007_ending_id_twice(make_pack: MakePack) -> None:
    """Two endings with one id (in different scenes) is LB007 at the second ending id."""
    scenes = """\
    act: 1
    scenes:
      street:
        title: Street
        text: Rain.
        choices:
          - {id: jail, text: Give up, to: jail}
          - {id: cell, text: Sit down, to: cell}
      jail:
        title: Jail
        text: Bars.
        ending: {id: caught, kind: arrest, title: Jail}
      cell:
        title: Cell
        text: Walls.
        ending: {id: caught, kind: arrest, title: Cell}
    """
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB007", "scenes.yaml", 16, 18)
    assert d.message.startswith("ending 'caught' is already used at ")
    assert d.message.endswith("scenes.yaml:12:18")


# --- LB008 unknown-scene --------------------------------------------------------------------------


def test_lb008_choice_target_with_suggestion(make_pack: MakePack) -> None:
    """A `to` naming no scene is LB008 at the target, suggesting the closest scene id."""
    d = only(diagnose(make_pack, scenes=MINI.replace("to: street", "to: stret")))
    assert where(d) == ("LB008", "scenes.yaml", 9, 13)
    assert d.message == "unknown scene 'stret' (did you mean 'street'?)"


def test_lb008_outcome_target(make_pack: MakePack) -> None:
    """An outcome's `to` naming no scene is LB008 at that outcome's target."""
    scenes = MINI.replace(
        "        to: street\n",
        "        outcomes:\n          - weight: 1\n            to: streat\n",
    )
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB008", "scenes.yaml", 11, 17)
    assert "unknown scene 'streat' (did you mean 'street'?)" in d.message


def test_lb008_unknown_start(make_pack: MakePack) -> None:
    """A `start` naming no scene is LB008 in story.yaml."""
    d = only(diagnose(make_pack, story=TINY_STORY.replace("start: street", "start: streets")))
    assert where(d) == ("LB008", "story.yaml", 3, 8)
    assert d.message == "unknown scene 'streets' (did you mean 'street'?)"


def test_lb008_without_a_close_match_has_no_suggestion(make_pack: MakePack) -> None:
    """A target unlike any scene id is LB008 with no did-you-mean."""
    d = only(diagnose(make_pack, scenes=MINI.replace("to: street", "to: zzz")))
    assert d.message == "unknown scene 'zzz'"


# --- LB009 undeclared-variable --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "col"),
    [
        ("        if: lucky and heet > 0", 23),
        ('        if: "lucky and heet > 0"', 24),
        ("        if: 'lucky and heet > 0'", 24),
    ],
    ids=["plain", "double-quoted", "single-quoted"],
)
def test_lb009_in_a_condition(make_pack: MakePack, line: str, col: int) -> None:
    """An undeclared name in a condition is LB009 at the name itself (past the quote when quoted), with a did-you-mean."""
    d = only(diagnose(make_pack, scenes=with_choice_line(line)))
    assert where(d) == ("LB009", "scenes.yaml", 9, col)
    assert d.message == "undeclared variable 'heet' (did you mean 'heat'?)"
    assert d.hint is not None and "variables:" in d.hint


def test_lb009_effect_target(make_pack: MakePack) -> None:
    """An effect on an undeclared variable is LB009 at the target name."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        do: heet += 1")))
    assert where(d) == ("LB009", "scenes.yaml", 9, 13)
    assert "undeclared variable 'heet' (did you mean 'heat'?)" in d.message


def test_lb009_effect_value_in_a_list(make_pack: MakePack) -> None:
    """An undeclared name on the right of the second effect of a flow list is LB009 at that name."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        do: [heat += 1, lucky = luck]")))
    assert where(d) == ("LB009", "scenes.yaml", 9, 33)
    assert "undeclared variable 'luck' (did you mean 'lucky'?)" in d.message


def test_lb009_in_a_weight(make_pack: MakePack) -> None:
    """An undeclared name in an outcome's weight is LB009 at the name."""
    scenes = MINI.replace(
        "        to: street\n",
        "        outcomes:\n          - weight: 1 + heet\n            to: street\n",
    )
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB009", "scenes.yaml", 10, 25)
    assert "undeclared variable 'heet' (did you mean 'heat'?)" in d.message


def test_lb009_interpolated_in_a_title(make_pack: MakePack) -> None:
    """`{name}` of an undeclared variable in a title is LB009 at the brace."""
    d = only(diagnose(make_pack, scenes=MINI.replace("    title: Street", "    title: Street ({heet})")))
    assert where(d) == ("LB009", "scenes.yaml", 4, 20)
    assert "undeclared variable '{heet}' in text (did you mean 'heat'?)" in d.message
    assert d.hint is not None and "'{{'" in d.hint


def test_lb009_interpolated_in_prose(make_pack: MakePack) -> None:
    """`{name}` of an undeclared variable in a scene's text is LB009 at the brace."""
    d = only(diagnose(make_pack, scenes=MINI.replace("    text: Rain.", "    text: Rain on {paitn}.")))
    assert where(d) == ("LB009", "scenes.yaml", 5, 19)
    assert "undeclared variable '{paitn}' in text (did you mean 'paint'?)" in d.message


def test_lb009_interpolated_in_a_choice_text(make_pack: MakePack) -> None:
    """`{name}` of an undeclared variable in a choice's text is LB009 at the brace."""
    d = only(diagnose(make_pack, scenes=MINI.replace("        text: Go", "        text: Go {lucy}")))
    assert where(d) == ("LB009", "scenes.yaml", 8, 18)
    assert "undeclared variable '{lucy}' in text (did you mean 'lucky'?)" in d.message


def test_lb009_in_a_text_part_condition(make_pack: MakePack) -> None:
    """An undeclared name in a text part's `if` is LB009 at the name."""
    scenes = MINI.replace("    text: Rain.\n", "    text:\n      - if: not lucy\n        text: Sun.\n")
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB009", "scenes.yaml", 6, 17)
    assert "undeclared variable 'lucy' (did you mean 'lucky'?)" in d.message


def test_lb009_column_after_a_non_ascii_literal(make_pack: MakePack) -> None:
    """The column of a name after an accented string literal counts characters, not UTF-8 bytes."""
    story = TINY_STORY + "  who: {type: str, initial: Lino}\n"
    d = only(diagnose(make_pack, story=story, scenes=with_choice_line('        if: who != "é" or heet > 0')))
    # `who != "é" or ` is 14 characters: the name starts at column 13 + 14.
    assert where(d) == ("LB009", "scenes.yaml", 9, 27)


def test_error_in_a_plain_scalar_spanning_lines_points_into_the_file(make_pack: MakePack) -> None:
    """An error in plain prose folded over two lines points at the brace (6:11) or the value's start (5:11), not past line 5's end."""
    scenes = MINI.replace("    text: Rain.\n", "    text: Rain on\n      the {paitn}.\n")
    d = only(diagnose(make_pack, scenes=scenes))
    assert d.code.code == "LB009"
    assert (d.span.line, d.span.col) in {(6, 11), (5, 11)}


# --- LB010 bad-expression -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "col", "words"),
    [
        ("        if: lucky and len(paint) > 0", 23, "function calls are not allowed"),
        ("        if: lucky or heat.real > 0", 22, "attribute access ('a.b') is not allowed"),
        ('        if: lucky and paint[0] == "p"', 23, "subscripts ('a[0]') are not allowed"),
        ("        if: lucky or __import__", 22, "'__import__' is not allowed: names with '__' are reserved"),
        ("        if: heat > > 1", 20, "cannot parse expression: invalid syntax"),
        ("        if: 1 + heat / 2 > 0", 17, "'/' is not allowed; use '//' for whole-number division"),
        ("        if: heat > 1.5", 20, "only whole numbers are allowed"),
        ("        if: heat is 1", 13, "'is' is not allowed; use == or !="),
        ('        if: "lucky or (lambda: 1)"', 24, "lambdas are not allowed"),
    ],
    ids=["call", "attribute", "subscript", "dunder", "syntax", "division", "float", "is", "lambda"],
)
def test_lb010_forbidden_construct_in_a_condition(make_pack: MakePack, line: str, col: int, words: str) -> None:
    """A construct the expression language forbids is LB010 at the start of the offending construct."""
    d = only(diagnose(make_pack, scenes=with_choice_line(line)))
    assert where(d) == ("LB010", "scenes.yaml", 9, col)
    assert words in d.message


def test_lb010_multiply_assign_effect(make_pack: MakePack) -> None:
    """`*=` in an effect is LB010: effects are `=`, `+=` and `-=` only."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        do: [heat *= 2]")))
    assert where(d) == ("LB010", "scenes.yaml", 9, 14)
    assert d.message == "only '=', '+=' and '-=' are allowed in effects"


def test_lb010_in_an_effect_list_points_at_the_construct(make_pack: MakePack) -> None:
    """A forbidden construct inside an effect written in a list is LB010 at the construct."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        do: [heat = 1 / 2]")))
    assert where(d) == ("LB010", "scenes.yaml", 9, 21)
    assert "'/' is not allowed" in d.message


def test_lb010_in_a_single_string_effect_points_at_the_construct(make_pack: MakePack) -> None:
    """A forbidden construct in a `do:` written as one string (not a list) is LB010 at the construct, as in a list."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        do: heat = 1 / 2")))
    assert where(d) == ("LB010", "scenes.yaml", 9, 20)


def test_lb010_attribute_in_interpolation(make_pack: MakePack) -> None:
    """`{a.b}` in a title is LB010 at the brace: only bare names can be interpolated."""
    d = only(diagnose(make_pack, scenes=MINI.replace("    title: Street", "    title: Street {heat.real}")))
    assert where(d) == ("LB010", "scenes.yaml", 4, 19)
    assert d.message == "'{heat.real}' is not a variable name; only {name} can be interpolated"


def test_lb010_unmatched_brace_in_prose(make_pack: MakePack) -> None:
    """A lone `}` in prose is LB010 at the brace, telling the author to write `}}`."""
    d = only(diagnose(make_pack, scenes=MINI.replace("    text: Rain.", "    text: Rain } falls.")))
    assert where(d) == ("LB010", "scenes.yaml", 5, 16)
    assert d.message == "unmatched '}' in text; write '}}' for a literal brace"


# --- LB011 type-mismatch --------------------------------------------------------------------------


def test_lb011_condition_is_a_number(make_pack: MakePack) -> None:
    """A condition that is a whole number is LB011: a condition must be true or false."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        if: heat")))
    assert where(d) == ("LB011", "scenes.yaml", 9, 13)
    assert d.message == "a condition must be true or false, but this is a whole number"


def test_lb011_bool_assigned_to_an_int(make_pack: MakePack) -> None:
    """Assigning true to an int is LB011 at the value."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        do: heat = true")))
    assert where(d) == ("LB011", "scenes.yaml", 9, 20)
    assert d.message == "'heat' holds a whole number, but this is true/false"


def test_lb011_plus_assign_on_a_bool(make_pack: MakePack) -> None:
    """`+=` on a bool is LB011 at the target."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        do: lucky += 1")))
    assert where(d) == ("LB011", "scenes.yaml", 9, 13)
    assert d.message == "'+=' needs a whole-number variable, but 'lucky' is true/false"


def test_lb011_weight_is_a_bool(make_pack: MakePack) -> None:
    """A weight that is true/false is LB011: a weight is a whole number."""
    scenes = MINI.replace(
        "        to: street\n",
        "        outcomes:\n          - weight: lucky\n            to: street\n",
    )
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB011", "scenes.yaml", 10, 21)
    assert d.message == "a weight must be a whole number, but this is true/false"


def test_lb011_enum_compared_with_a_number(make_pack: MakePack) -> None:
    """Comparing an enum with a number is LB011 at the number, naming the enum's values."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        if: paint == 3")))
    assert where(d) == ("LB011", "scenes.yaml", 9, 22)
    assert "the left side is one of 'primer', 'blue', but this is a whole number" in d.message


# --- LB012 out-of-range ---------------------------------------------------------------------------


def test_lb012_int_literal_above_max_in_a_comparison(make_pack: MakePack) -> None:
    """`heat >= 9` when heat stops at 3 is LB012 at the literal, giving the range."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        if: heat >= 9")))
    assert where(d) == ("LB012", "scenes.yaml", 9, 21)
    assert d.message == "9 is outside the range of 'heat' (0..3)"


def test_lb012_int_literal_on_the_left_of_a_comparison(make_pack: MakePack) -> None:
    """`9 <= heat` is LB012 too, at the literal on the left."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        if: 9 <= heat")))
    assert where(d) == ("LB012", "scenes.yaml", 9, 13)


def test_lb012_int_literal_above_max_in_an_assignment(make_pack: MakePack) -> None:
    """`heat = 7` when heat stops at 3 is LB012 at the literal."""
    d = only(diagnose(make_pack, scenes=with_choice_line("        do: heat = 7")))
    assert where(d) == ("LB012", "scenes.yaml", 9, 20)
    assert d.message == "7 is outside the range of 'heat' (0..3)"


def test_lb012_misspelt_enum_value_in_a_comparison(make_pack: MakePack) -> None:
    """Comparing an enum with a value it does not have is LB012 at the string, with a did-you-mean and the values."""
    d = only(diagnose(make_pack, scenes=with_choice_line('        if: paint == "bleu"')))
    assert where(d) == ("LB012", "scenes.yaml", 9, 22)
    assert d.message == "'bleu' is not a value of 'paint' (did you mean 'blue'?)"
    assert d.hint == "its values are primer, blue"


def test_lb012_misspelt_enum_value_in_an_assignment(make_pack: MakePack) -> None:
    """Assigning an enum a value it does not have is LB012 at the string."""
    d = only(diagnose(make_pack, scenes=with_choice_line('        do: paint = "bleu"')))
    assert where(d) == ("LB012", "scenes.yaml", 9, 21)
    assert "(did you mean 'blue'?)" in d.message


def test_lb012_misspelt_enum_value_in_a_list(make_pack: MakePack) -> None:
    """A misspelt enum value after `in` is LB012 at that value."""
    d = only(diagnose(make_pack, scenes=with_choice_line('        if: paint in ("primer", "bleu")')))
    assert where(d) == ("LB012", "scenes.yaml", 9, 33)
    assert "'bleu' is not a value of 'paint' (did you mean 'blue'?)" in d.message


def test_lb012_negative_weight_literal(make_pack: MakePack) -> None:
    """A literal negative weight (`weight: -1`) is LB012 'a weight cannot be negative' at the weight."""
    scenes = MINI.replace(
        "        to: street\n",
        "        outcomes:\n          - weight: -1\n            to: street\n",
    )
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB012", "scenes.yaml", 10, 21)
    assert "a weight cannot be negative" in d.message


# --- LB013 bad-declaration ------------------------------------------------------------------------


def declare(line: str) -> str:
    """A story.yaml whose only variable is declared on line 5 by `line`."""
    return f"title: Tiny\nversion: 1\nstart: street\nvariables:\n{line}\n"


def test_lb013_min_above_max(make_pack: MakePack) -> None:
    """`min` above `max` is LB013 at `min`."""
    diagnostics = diagnose(make_pack, story=declare("  heat: {type: int, initial: 0, min: 5, max: 3}"))
    assert {d.code.code for d in diagnostics} == {"LB013"}
    d = next(d for d in diagnostics if "above" in d.message)
    assert where(d) == ("LB013", "story.yaml", 5, 38)
    assert d.message == "'min' (5) is above 'max' (3)"


def test_lb013_initial_outside_the_range(make_pack: MakePack) -> None:
    """An int's initial value outside min..max is LB013 at the initial value."""
    d = only(diagnose(make_pack, story=declare("  heat: {type: int, initial: 4, min: 0, max: 3}")))
    assert where(d) == ("LB013", "story.yaml", 5, 30)
    assert d.message == "the initial value 4 is outside 0..3"


def test_lb013_enum_initial_not_a_value(make_pack: MakePack) -> None:
    """An enum's initial value that is not one of its values is LB013 at it, with a did-you-mean."""
    d = only(diagnose(make_pack, story=declare("  paint: {type: enum, values: [primer, blue], initial: primr}")))
    assert where(d) == ("LB013", "story.yaml", 5, 56)
    assert "is not one of the values (did you mean 'primer'?)" in d.message


def test_lb013_min_on_a_bool(make_pack: MakePack) -> None:
    """`min` on a bool is LB013 at `min`: a range belongs to ints only."""
    d = only(diagnose(make_pack, story=declare("  lucky: {type: bool, initial: false, min: 0}")))
    assert where(d) == ("LB013", "story.yaml", 5, 44)
    assert d.message == "'min' and 'max' belong to int variables only"


def test_lb013_enum_without_values(make_pack: MakePack) -> None:
    """An enum with an empty `values` list is LB013 at its type."""
    d = only(diagnose(make_pack, story=declare("  paint: {type: enum, values: [], initial: primer}")))
    assert where(d) == ("LB013", "story.yaml", 5, 17)
    assert d.message == "an enum needs a non-empty 'values' list"


def test_lb013_bool_initial_is_a_number(make_pack: MakePack) -> None:
    """A bool whose initial value is 0 is LB013 at the initial value."""
    d = only(diagnose(make_pack, story=declare("  lucky: {type: bool, initial: 0}")))
    assert where(d) == ("LB013", "story.yaml", 5, 32)
    assert d.message == "the initial value of a bool must be true or false, not the number 0"


# --- LB014, LB015, LB016 --------------------------------------------------------------------------


def test_lb014_scene_without_choices(make_pack: MakePack) -> None:
    """A scene that is not an ending and has no choices is LB014 at its id."""
    scenes = MINI.split("    choices:")[0]
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB014", "scenes.yaml", 3, 3)
    assert d.message == "scene 'street' has no choices and is not an ending"


def test_lb015_ending_with_choices(make_pack: MakePack) -> None:
    """An ending that also has choices is LB015 at the `choices` key."""
    scenes = """\
    act: 1
    scenes:
      street:
        title: Street
        text: Over.
        ending: {id: over, kind: death, title: Over}
        choices:
          - {id: go, text: Go, to: street}
    """
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB015", "scenes.yaml", 7, 5)
    assert d.message == "scene 'street' is an ending but has choices"


def test_lb016_both_to_and_outcomes(make_pack: MakePack) -> None:
    """A choice with both `to` and `outcomes` is LB016 at the `outcomes` key."""
    scenes = MINI + "        outcomes:\n          - {weight: 1, to: street}\n"
    d = only(diagnose(make_pack, scenes=scenes))
    assert where(d) == ("LB016", "scenes.yaml", 10, 9)
    assert d.message == "choice 'go' has both 'to' and 'outcomes'"


def test_lb016_neither_to_nor_outcomes(make_pack: MakePack) -> None:
    """A choice with neither `to` nor `outcomes` is LB016 at the choice."""
    d = only(diagnose(make_pack, scenes=MINI.replace("        to: street\n", "")))
    assert where(d) == ("LB016", "scenes.yaml", 7, 9)
    assert d.message == "choice 'go' leads nowhere"
    assert d.hint is not None and "to: SCENE" in d.hint


def test_lb016_empty_outcomes(make_pack: MakePack) -> None:
    """A choice with an empty `outcomes` list is LB016 at the list."""
    d = only(diagnose(make_pack, scenes=MINI.replace("        to: street", "        outcomes: []")))
    assert where(d) == ("LB016", "scenes.yaml", 9, 19)
    assert d.message == "choice 'go' has an empty 'outcomes' list"


# --- LB017 no-story -------------------------------------------------------------------------------


def test_lb017_no_story_yaml(tmp_path: Path) -> None:
    """A folder with scene files but no story.yaml is LB017, naming story.yaml."""
    (tmp_path / "scenes.yaml").write_text(MINI, encoding="utf-8")
    _, diagnostics = check_pack(tmp_path)
    d = only(diagnostics)
    assert where(d) == ("LB017", "story.yaml", 0, 0)
    assert d.message.startswith("no story.yaml in ")


def test_lb017_no_scene_files(tmp_path: Path) -> None:
    """A folder with story.yaml and no scene file (walkthroughs and hidden folders do not count) is LB017."""
    (tmp_path / "story.yaml").write_text(TINY_STORY, encoding="utf-8")
    (tmp_path / "play.walk.yaml").write_text("steps: []\n", encoding="utf-8")
    (tmp_path / ".old").mkdir()
    (tmp_path / ".old" / "scenes.yaml").write_text(MINI, encoding="utf-8")
    story, diagnostics = check_pack(tmp_path)
    assert story is None
    d = one_of(diagnostics, "LB017")
    assert (d.span.file, d.span.line) == (str(tmp_path), 0)
    assert "no scene files" in d.message


def test_lb017_missing_folder(tmp_path: Path) -> None:
    """A pack folder that does not exist is LB017 'no such folder', not an exception."""
    story, diagnostics = check_pack(tmp_path / "nope")
    assert story is None
    d = only(diagnostics)
    assert d.code.code == "LB017" and "no such folder" in d.message


# --- the run as a whole ---------------------------------------------------------------------------


def test_all_errors_are_reported_in_one_run_sorted_by_position(make_pack: MakePack) -> None:
    """Errors in two files and several scenes all come back from one run, sorted by file, line and column."""
    scenes = """\
    act: 1
    scenes:
      street:
        title: Street ({heet})
        text: Rain.
        choices:
          - id: go
            text: Go
            to: stret
      side:
        title: [Side]
        text: T.
        choices: [{id: x, text: X, to: street}]
    """
    story = TINY_STORY.replace("version: 1", "version: one")
    diagnostics = diagnose(make_pack, story=story, scenes=scenes)
    assert [where(d) for d in diagnostics] == [
        ("LB009", "scenes.yaml", 4, 20),
        ("LB008", "scenes.yaml", 9, 13),
        ("LB005", "scenes.yaml", 11, 12),
        ("LB005", "story.yaml", 2, 10),
    ]


def test_broken_scene_does_not_cascade_into_unknown_scene(make_pack: MakePack) -> None:
    """A scene too broken to load is still a known target: choices and `start` naming it get no LB008."""
    scenes = """\
    act: 1
    scenes:
      street:
        title: Street
        text: Rain.
        choices:
          - {id: go, text: Go, to: side}
      side:
        title: [Side]
        text: T.
        choices: [{id: x, text: X, to: street}]
    """
    story = TINY_STORY.replace("start: street", "start: side")
    d = only(diagnose(make_pack, story=story, scenes=scenes))
    assert where(d) == ("LB005", "scenes.yaml", 9, 12)


def test_a_broken_choice_does_not_hide_the_errors_of_the_scenes_other_choices(make_pack: MakePack) -> None:
    """A choice the scene's model refuses (a typo'd key) still lets every other choice of that scene be checked."""
    scenes = """\
    act: 1
    scenes:
      street:
        title: Street
        text: Rain.
        choices:
          - {id: go, txt: Go, to: home}
          - {id: wait, text: Wait, if: heat == "x", to: home}
          - {id: run, text: Run, do: haet += 1, to: hom}
      home:
        title: Home
        text: Dry.
        ending: {id: home, kind: alternate, title: Home}
    """
    diagnostics = diagnose(make_pack, scenes=scenes)
    assert [where(d) for d in diagnostics] == [
        ("LB003", "scenes.yaml", 7, 9), ("LB004", "scenes.yaml", 7, 18),
        ("LB011", "scenes.yaml", 8, 44), ("LB009", "scenes.yaml", 9, 34), ("LB008", "scenes.yaml", 9, 49),
    ], [d.render() for d in diagnostics]  # fmt: skip


def test_duplicate_key_does_not_cascade_into_unknown_scene(make_pack: MakePack) -> None:
    """A duplicate key in a scene file is one LB002, not also LB008 for every target in that file's scenes."""
    scenes = MINI.replace("    text: Rain.\n", "    text: Rain.\n    text: Snow.\n")
    diagnostics = diagnose(make_pack, scenes=scenes)
    assert [where(d) for d in diagnostics] == [("LB002", "scenes.yaml", 6, 5)], [d.render() for d in diagnostics]


def test_load_story_raises_content_error_with_every_diagnostic(make_pack: MakePack) -> None:
    """`load_story` on a broken pack raises ContentError carrying all diagnostics; its message is the first plus a count."""
    scenes = MINI.replace("to: street", "to: stret").replace("    title: Street", "    title: Street {heet}")
    root = make_pack(TINY_STORY, {"scenes.yaml": scenes})
    with pytest.raises(ContentError) as info:
        load_story(root)
    _, expected = check_pack(root)
    assert len(expected) == 2
    assert info.value.diagnostics == expected
    assert str(info.value) == f"{expected[0].render()} (and 1 more)"


def test_load_story_returns_the_story_of_a_clean_pack(make_pack: MakePack) -> None:
    """`load_story` on a clean pack returns the Story, with the file-level act applied to its scenes."""
    story = load_story(make_pack(TINY_STORY, {"scenes.yaml": MINI}))
    assert story.start == "street" and story.scenes["street"].act == 1


def test_rendered_form_is_file_line_col_error_message_code(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A diagnostic renders as `file:line:col: error: message [LBxxx]`, the path relative to the working folder."""
    root = make_pack(TINY_STORY, {"scenes.yaml": MINI.replace("to: street", "to: stret")})
    monkeypatch.chdir(root)
    _, diagnostics = check_pack(root)
    assert only(diagnostics).render() == "scenes.yaml:9:13: error: unknown scene 'stret' (did you mean 'street'?) [LB008]"


def test_rendered_form_puts_the_hint_before_the_code(make_pack: MakePack, monkeypatch: pytest.MonkeyPatch) -> None:
    """A diagnostic with a hint renders it after the message, separated by '; ', before the code."""
    root = make_pack(TINY_STORY, {"scenes.yaml": MINI.replace("        to: street\n", "")})
    monkeypatch.chdir(root)
    _, diagnostics = check_pack(root)
    assert only(diagnostics).render() == (
        "scenes.yaml:7:9: error: choice 'go' leads nowhere; add 'to: SCENE' or 'outcomes:' [LB016]"
    )


def test_to_json_carries_code_name_and_position(make_pack: MakePack, monkeypatch: pytest.MonkeyPatch) -> None:
    """A diagnostic's JSON form has its code, name, severity, relative file, line, column, message and hint."""
    root = make_pack(TINY_STORY, {"scenes.yaml": MINI.replace("to: street", "to: stret")})
    monkeypatch.chdir(root)
    _, diagnostics = check_pack(root)
    assert only(diagnostics).to_json() == {
        "code": "LB008",
        "name": "unknown-scene",
        "severity": "error",
        "file": "scenes.yaml",
        "line": 9,
        "col": 13,
        "message": "unknown scene 'stret' (did you mean 'street'?)",
        "hint": None,
    }


def test_scene_files_in_subfolders_are_read(make_pack: MakePack) -> None:
    """Scene files at any depth below the pack are read, and their diagnostics name the file."""
    broken = textwrap.dedent(
        """\
        act: 2
        scenes:
          side:
            title: Side
            text: T.
            choices: [{id: x, text: X, to: stret}]
        """
    )
    root = make_pack(TINY_STORY, {"scenes.yaml": MINI, "act2/side.yaml": broken})
    _, diagnostics = check_pack(root)
    d = only(diagnostics)
    assert where(d) == ("LB008", "side.yaml", 6, 36)
    assert Path(d.span.file).parent.name == "act2"
