"""The linter's findings (LB101..LB112): each one at its exact file, line and column, and its near misses.

Every test writes a small pack that loads cleanly, runs `lint` (and `lint_deep` for the explorer's
findings), and pins the finding down: code, file name, 1-based line and column, and the words an
author reads in the message and the hint. Each code also has tests of a near miss that must NOT be
reported: the linter may miss a problem, but it must never invent one.

`story.yaml` is `story(...)`: five header lines, then one line per declared variable from line 5:

     1 title: Lint
     2 version: 1
     3 start: street
     4 variables:
     5   <first declaration>

so a variable declared first is reported at 5:3. Scene files are written out in full in each test,
with the line numbers the assertions use noted where it helps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from game.diagnostics import Codes, Diagnostic
from game.story.loader import check_pack
from game.story.model import Story
from game.tools import lint as linter

MakePack = Callable[..., Path]

HEAT = "heat: {type: int, initial: 0, min: 0, max: 5}"
LUCKY = "lucky: {type: bool, initial: false}"
PAINT = "paint: {type: enum, values: [primer, blue, black], initial: primer}"

CLEAN = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: home, text: Go home, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""


def lint(story: Story) -> list[Diagnostic]:
    """The static findings but LB115. These small packs lead several choices into one ending
    with nothing to tell them apart, which LB115 rightly reports (tests/tools/test_ignored.py
    tests it); each test here is about another code."""
    return [d for d in linter.lint(story) if d.code is not Codes.IGNORED_CHOICE]


def lint_deep(story: Story, max_states: int, static: list[Diagnostic]) -> list[Diagnostic]:
    """The deep findings but LB115, as `lint`."""
    return [d for d in linter.lint_deep(story, max_states, static) if d.code is not Codes.IGNORED_CHOICE]


def story(*declarations: str) -> str:
    """story.yaml declaring `declarations` (one `name: {...}` each), the first on line 5."""
    if not declarations:
        return "title: Lint\nversion: 1\nstart: street\nvariables: {}\n"
    return "title: Lint\nversion: 1\nstart: street\nvariables:\n" + "".join(f"  {d}\n" for d in declarations)


def load(make_pack: MakePack, story_text: str, scenes: str) -> Story:
    """The story of a pack that must load without a single loader diagnostic."""
    loaded, diagnostics = check_pack(make_pack(story_text, {"scenes.yaml": scenes}))
    assert diagnostics == [], [d.render() for d in diagnostics]
    assert loaded is not None
    return loaded


def static(make_pack: MakePack, story_text: str, scenes: str) -> list[Diagnostic]:
    return lint(load(make_pack, story_text, scenes))


def deep(make_pack: MakePack, story_text: str, scenes: str, max_states: int = 10_000) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(static findings, deep findings) of a pack."""
    loaded = load(make_pack, story_text, scenes)
    found = lint(loaded)
    return found, lint_deep(loaded, max_states, found)


def where(d: Diagnostic) -> tuple[str, str, int, int]:
    return (d.code.code, Path(d.span.file).name, d.span.line, d.span.col)


def only(diagnostics: list[Diagnostic]) -> Diagnostic:
    """The single diagnostic of a run; fails, listing them, when there are more or none."""
    assert len(diagnostics) == 1, [d.render() for d in diagnostics]
    return diagnostics[0]


def one_of(diagnostics: list[Diagnostic], code: str) -> Diagnostic:
    found = [d for d in diagnostics if d.code.code == code]
    assert len(found) == 1, [d.render() for d in diagnostics]
    return found[0]


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return sorted(d.code.code for d in diagnostics)


# --- the baseline ---------------------------------------------------------------------------------


def test_the_baseline_pack_is_clean_even_when_explored(make_pack: MakePack) -> None:
    """The pack most tests start from has no static and no deep finding, so each one found is the test's."""
    assert deep(make_pack, story(), CLEAN) == ([], [])


def test_findings_are_warnings_except_the_explorers_errors(make_pack: MakePack) -> None:
    """Static findings are warnings; a dead end, a soft-lock, an engine error, a walk's bad name and
    a choice whose every weight is 0 are errors."""
    from game.diagnostics import Codes

    warnings = {c.code for c in Codes.all() if c.code.startswith("LB1") and not c.severity.is_error}
    assert warnings == {"LB101", "LB102", "LB103", "LB104", "LB105", "LB106", "LB107", "LB108", "LB111", "LB113", "LB115", "LB116", "LB117", "LB119", "LB120", "LB121"}
    assert {c.code for c in Codes.all() if c.code.startswith("LB1") and c.severity.is_error} == {"LB109", "LB110", "LB112", "LB114", "LB118"}
    # validate --lang: what the game falls back from is a warning; a translation it must refuse, or cannot read, an error
    assert {c.code for c in Codes.all() if c.code.startswith("LB2") and not c.severity.is_error} == {"LB201", "LB202", "LB205"}
    assert {c.code for c in Codes.all() if c.code.startswith("LB2") and c.severity.is_error} == {"LB203", "LB204", "LB206"}


# --- LB101 unreachable-scene ----------------------------------------------------------------------


def test_lb101_scene_nothing_leads_to(make_pack: MakePack) -> None:
    """A scene no choice leads to is LB101 at its id (line 12, column 3), naming the start."""
    scenes = CLEAN + """\
  cellar:
    title: Cellar
    text: Dark.
    choices:
      - {id: up, text: Go up, to: street}
"""
    d = only(static(make_pack, story(), scenes))
    assert where(d) == ("LB101", "scenes.yaml", 12, 3)
    assert d.message == "scene 'cellar' cannot be reached from 'street'"
    assert d.severity.value == "warning"


def test_lb101_scene_behind_a_weight_that_is_always_zero(make_pack: MakePack) -> None:
    """An outcome whose weight is 0 (a literal, or a variable that never leaves 0) opens nothing."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street {heat}
    text: Rain.
    choices:
      - id: flip
        text: Flip a coin
        outcomes:
          - {weight: 1, to: home}
          - {weight: 0, to: cellar}
          - {weight: heat, to: attic}
  cellar:
    title: Cellar
    text: Dark.
    choices:
      - {id: up, text: Go up, to: home}
  attic:
    title: Attic
    text: Dusty.
    choices:
      - {id: down, text: Go down, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    found = static(make_pack, story(HEAT), scenes)
    assert codes(found) == ["LB101", "LB101", "LB105", "LB117"]
    unreachable = sorted(where(d) for d in found if d.code.code == "LB101")
    assert unreachable == [("LB101", "scenes.yaml", 13, 3), ("LB101", "scenes.yaml", 18, 3)]


def test_lb101_scene_behind_a_condition_that_never_holds(make_pack: MakePack) -> None:
    """The only way in is a choice LB103 proves closed, so the scene behind it is LB101 too."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: home, text: Go home, do: lucky = false, to: home}
      - {id: down, text: Go down, if: lucky, to: cellar}
  cellar:
    title: Cellar
    text: Dark.
    choices:
      - {id: up, text: Go up, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    found = static(make_pack, story(LUCKY), scenes)
    assert codes(found) == ["LB101", "LB103"]
    assert where(one_of(found, "LB101")) == ("LB101", "scenes.yaml", 9, 3)


def test_no_lb101_behind_weights_and_conditions_that_can_open(make_pack: MakePack) -> None:
    """Near miss: weights that are expressions able to be positive, and conditions that can hold, open the way."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: up, text: Turn up the heat, do: heat += 1, to: street}
      - {id: hot, text: Run for it, if: heat >= 3, to: alley}
      - id: flip
        text: Flip a coin
        outcomes:
          - {weight: 1, to: home, do: lucky = true}
          - {weight: heat - 2, to: cellar}
          - {weight: 2 * heat, to: attic}
          - {weight: "1 if lucky else 0", to: roof}
  cellar:
    title: Cellar
    text: Dark.
    choices:
      - {id: onward, text: Go on, to: home}
  attic:
    title: Attic
    text: Dusty.
    choices:
      - {id: onward, text: Go on, to: home}
  roof:
    title: Roof
    text: Windy.
    choices:
      - {id: onward, text: Go on, to: home}
  alley:
    title: Alley
    text: Wet.
    choices:
      - {id: onward, text: Go on, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    assert static(make_pack, story(HEAT, LUCKY), scenes) == []


# --- LB102 unreachable-ending ---------------------------------------------------------------------


def test_lb102_ending_nothing_leads_to(make_pack: MakePack) -> None:
    """An ending no choice leads to is LB102 at its ending id (line 15, column 18), not LB101."""
    scenes = CLEAN + """\
  caught:
    title: Caught
    text: Hands on the roof.
    ending: {id: caught, kind: arrest, title: Caught}
"""
    d = only(static(make_pack, story(), scenes))
    assert where(d) == ("LB102", "scenes.yaml", 15, 18)
    assert d.message == "ending 'caught' cannot be reached from 'street'"


def test_no_lb102_for_an_ending_reached_only_by_chance(make_pack: MakePack) -> None:
    """Near miss: an ending reached only by an outcome whose weight depends on state is reachable."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: up, text: Make noise, do: heat += 1, to: street}
      - id: run
        text: Run
        outcomes:
          - {weight: 1, to: home}
          - {weight: heat, to: caught}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
  caught:
    title: Caught
    text: Hands on the roof.
    ending: {id: caught, kind: arrest, title: Caught}
"""
    assert static(make_pack, story(HEAT), scenes) == []


# --- LB103 never-true-condition -------------------------------------------------------------------

LB103_INT = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: warm, text: Warm up, do: heat = 1, to: street}
      - {id: hot, text: Get hot, do: heat = 2, to: street}
      - id: run
        text: Run for it
        if: heat >= 3
        to: home
      - {id: home, text: Go home, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""


def test_lb103_int_condition_beyond_every_value_written(make_pack: MakePack) -> None:
    """Effects only ever set heat to 1 or 2: `heat >= 3` is LB103 at the expression (11:13), with the range."""
    d = only(static(make_pack, story(HEAT), LB103_INT))
    assert where(d) == ("LB103", "scenes.yaml", 11, 13)
    assert d.message == "this condition can never hold ('heat' can only be 0..2)"
    assert d.hint == "choice 'run' is never offered"


def test_lb103_bool_only_ever_set_false(make_pack: MakePack) -> None:
    """A bool no effect sets to true makes `if: lucky` LB103, saying it is always false."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: home, text: Go home, do: lucky = false, to: home}
      - {id: dice, text: Roll the dice, if: lucky, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    d = only(static(make_pack, story(LUCKY), scenes))
    assert where(d) == ("LB103", "scenes.yaml", 8, 45)
    assert "'lucky' is always false" in d.message
    assert d.hint == "choice 'dice' is never offered"


def test_lb103_enum_compared_with_a_value_no_effect_assigns(make_pack: MakePack) -> None:
    """`paint == "black"` when effects only ever paint it blue is LB103, listing the values it can have."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: blue, text: Paint it blue, do: paint = "blue", to: street}
      - {id: hide, text: Hide in the dark, if: paint == "black", to: home}
      - {id: home, text: Go home, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    d = only(static(make_pack, story(PAINT), scenes))
    assert where(d) == ("LB103", "scenes.yaml", 8, 48)
    assert d.message == "this condition can never hold ('paint' can only be 'blue', 'primer')"


def test_lb103_in_a_text_part(make_pack: MakePack) -> None:
    """A text part whose `if` never holds is LB103 at that `if` (7:13), with a hint that the text never shows."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text:
      - text: Rain.
      - if: heat > 0
        text: Sirens.
    choices:
      - {id: home, text: Go home, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    found = static(make_pack, story(HEAT), scenes)
    assert codes(found) == ["LB103", "LB105"]
    d = one_of(found, "LB103")
    assert where(d) == ("LB103", "scenes.yaml", 7, 13)
    assert "'heat' is always 0" in d.message
    assert d.hint == "this text is never shown"


def test_no_lb103_when_effects_raise_the_variable_far_enough(make_pack: MakePack) -> None:
    """Near miss: `heat >= 3` when effects only ever add to heat (up to max 5) can hold."""
    scenes = LB103_INT.replace("do: heat = 1", "do: heat += 1").replace("do: heat = 2", "do: heat += 1")
    scenes = scenes.replace("text: Get hot", "text: Get hotter")
    assert static(make_pack, story(HEAT), scenes) == []


def test_no_lb103_for_a_bool_some_outcome_sets_true(make_pack: MakePack) -> None:
    """Near miss: a bool set to true by any effect, even a chance outcome's, is not 'always false'."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: dice, text: Roll the dice, if: lucky, to: home}
      - id: pray
        text: Pray
        outcomes:
          - {weight: 1, to: street, do: lucky = true}
          - {weight: 1, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    assert static(make_pack, story(LUCKY), scenes) == []


def test_no_lb103_for_an_enum_value_some_effect_assigns(make_pack: MakePack) -> None:
    """Near miss: comparisons with enum values that effects assign (==, in, !=) can hold."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: black, text: Paint it black, do: paint = "black", to: street}
      - {id: hide, text: Hide in the dark, if: paint == "black", to: home}
      - {id: show, text: Show off, if: 'paint in ("blue", "black")', to: home}
      - {id: sand, text: Sand it, if: paint != "primer", do: paint = "primer", to: street}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    assert static(make_pack, story(PAINT), scenes) == []


def test_no_lb103_for_conditions_that_are_always_true_or_unbounded(make_pack: MakePack) -> None:
    """Near miss: `not lucky` with lucky never set is always true (not never); an unbounded int can go below 0."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text:
      - text: Rain.
      - if: debt < 0
        text: You owe money.
    choices:
      - {id: spend, text: Spend, do: debt -= 1, to: street}
      - {id: home, text: Go home, if: not lucky, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    found = static(make_pack, story(LUCKY, "debt: {type: int, initial: 0}"), scenes)
    assert codes(found) == ["LB105"]  # lucky is read, never written; but no condition is 'never true'


# --- the value analysis stays small: linear in nesting, exact ints, the engine's clamps ---------

NESTED = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - id: dice
        text: Roll the dice
        if: {condition}
        to: home
      - {{id: home, text: Go home, to: home}}
  home:
    title: Home
    text: Dry.
    ending: {{id: home, kind: alternate, title: Home}}
"""


def test_lb103_through_98_nested_nots(make_pack: MakePack) -> None:
    """`not not ... lucky` (98 deep, the most 400 characters hold) of a lucky never set true is LB103 at once.

    Each `not` used to look at its operand twice, doubling the work per level (22: 9 s; 99: never).
    """
    found = static(make_pack, story(LUCKY), NESTED.format(condition="not " * 98 + "lucky"))
    d = one_of(found, "LB103")
    assert where(d) == ("LB103", "scenes.yaml", 9, 13)
    assert d.message == "this condition can never hold ('lucky' is always false)"


def test_200_nested_nots_lint_in_linear_time(make_pack: MakePack, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the length cap lifted, 200 nested `not`s load and lint: 2**200 steps would never finish."""
    monkeypatch.setattr("game.expr.parse.MAX_LENGTH", 2000)
    found = static(make_pack, story(LUCKY), NESTED.format(condition="not " * 200 + "lucky"))
    assert one_of(found, "LB103").message == "this condition can never hold ('lucky' is always false)"
    odd = static(make_pack, story(LUCKY), NESTED.format(condition="not " * 199 + "lucky"))
    assert codes(odd) == ["LB105"]  # 199 of them turn the false into true: it can hold


def test_lb103_sum_past_the_implicit_range(make_pack: MakePack) -> None:
    """An int without min/max ranges over +-(2**53-1) and sums clamp there, as in play: `n + n > 2**53-1` never holds."""
    scenes = NESTED.format(condition="n + n > 9007199254740991").replace(
        "      - {id: home", "      - {id: up, text: Count, do: n += 1, to: street}\n      - {id: home"
    )
    d = only(static(make_pack, story("n: {type: int, initial: 0}"), scenes))
    assert where(d) == ("LB103", "scenes.yaml", 9, 13)
    assert d.message == "this condition can never hold ('n' can only be 0..)"


def test_huge_literal_is_lb012_not_a_crash(make_pack: MakePack, capsys: pytest.CaptureFixture[str]) -> None:
    """A 320-digit literal once overflowed the linter's float intervals; now the loader refuses it, at the literal."""
    from game.cli import main

    scenes = NESTED.format(condition="n + " + "9" * 320 + " > 0")
    assert main(["validate", str(make_pack(story("n: {type: int, initial: 0}"), {"scenes.yaml": scenes}))]) == 1
    err = capsys.readouterr().err
    assert "scenes.yaml:9:17: error: a number of 320 digits is outside the range of whole numbers" in err
    assert "[LB012]" in err and "Traceback" not in err


# --- LB104 unused-variable ------------------------------------------------------------------------


def test_lb104_variable_never_read(make_pack: MakePack) -> None:
    """A variable nothing reads is LB104 at its declaration (story.yaml 5:3), with a hint."""
    d = only(static(make_pack, story(HEAT), CLEAN))
    assert where(d) == ("LB104", "story.yaml", 5, 3)
    assert d.message == "variable 'heat' is never used"
    assert d.hint is not None and "{name}" in d.hint and "remove it" in d.hint


def test_lb104_written_but_never_read(make_pack: MakePack) -> None:
    """Writing a variable is not reading it: `heat += 1` alone is LB120 at the declaration (story.yaml
    6:3), which names where it is written."""
    scenes = CLEAN.replace("text: Rain.", "text: Rain, lucky {lucky}.").replace(
        "{id: home, text: Go home, to: home}", "{id: home, text: Go home, do: [heat += 1, lucky = true], to: home}"
    )
    d = only(static(make_pack, story(LUCKY, HEAT), scenes))
    assert where(d) == ("LB120", "story.yaml", 6, 3)
    assert d.message.startswith("variable 'heat' is written but never read (written at ") and d.message.endswith("/scenes.yaml:7:40)")


@pytest.mark.parametrize(
    "where_read",
    [
        pytest.param("title: Street ({heat})", id="scene-title"),
        pytest.param("text: Rain, {heat} sirens.", id="scene-text"),
        pytest.param("choice-text", id="choice-text"),
        pytest.param("weight", id="outcome-weight"),
        pytest.param("effect-value", id="effect-value"),
    ],
)
def test_no_lb104_for_a_variable_read_in_any_way(make_pack: MakePack, where_read: str) -> None:
    """Near miss: a variable used only in `{name}` interpolation, a weight or another effect's value is read."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: up, text: Turn it up, do: heat += 1, to: street}
      - {id: home, text: Go home, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    decls = [HEAT]
    if where_read.startswith("title:"):
        scenes = scenes.replace("title: Street", where_read)
    elif where_read.startswith("text:"):
        scenes = scenes.replace("text: Rain.", where_read)
    elif where_read == "choice-text":
        scenes = scenes.replace("text: Go home,", "text: 'Go home with {heat} on file',")
    elif where_read == "weight":
        scenes = scenes.replace(
            "{id: home, text: Go home, to: home}",
            "{id: home, text: Go home, outcomes: [{weight: 1, to: home}, {weight: heat, to: home}]}",
        )
    else:
        decls.append("fear: {type: int, initial: 0}")
        scenes = scenes.replace("do: heat += 1", "do: [heat += 1, fear = heat]")
        scenes = scenes.replace("title: Street", "title: Street ({fear})")
    assert static(make_pack, story(*decls), scenes) == []


# --- LB105 never-written-variable -----------------------------------------------------------------


def test_lb105_read_but_never_written(make_pack: MakePack) -> None:
    """A variable read (here in `{heat}`) but set by no effect is LB105 at its declaration, with a hint."""
    scenes = CLEAN.replace("text: Rain.", "text: Rain, {heat} sirens.")
    d = only(static(make_pack, story(HEAT), scenes))
    assert where(d) == ("LB105", "story.yaml", 5, 3)
    assert d.message == "variable 'heat' is read but never changes from its initial value"
    assert d.hint == "set it in an effect, or replace it with its value"


def test_no_lb105_for_a_variable_written_only_by_an_outcome(make_pack: MakePack) -> None:
    """Near miss: an outcome's `do` writes the variable too."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street ({heat})
    text: Rain.
    choices:
      - id: run
        text: Run
        outcomes:
          - {weight: 1, to: street, do: heat += 1}
          - {weight: 1, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    assert static(make_pack, story(HEAT), scenes) == []


# --- LB106 silent-loop ----------------------------------------------------------------------------


def test_lb106_choice_back_to_its_own_scene_with_no_effect(make_pack: MakePack) -> None:
    """`to: street` from street with no `do` is LB106 at the `to` value (8:44), with a hint."""
    scenes = CLEAN.replace(
        "      - {id: home, text: Go home, to: home}\n",
        "      - {id: home, text: Go home, to: home}\n      - {id: wait, text: Wait a while, to: street}\n",
    )
    d = only(static(make_pack, story(), scenes))
    assert where(d) == ("LB106", "scenes.yaml", 8, 44)
    assert d.message == "choice 'wait' leads back to 'street' and changes nothing"
    assert d.hint == "give it an effect, or lead it elsewhere"


def test_lb106_outcome_back_to_its_own_scene_with_no_effect(make_pack: MakePack) -> None:
    """A chance outcome that loops back with no effect (neither the choice's nor its own) is LB106 at its `to`."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - id: hail
        text: Hail a taxi
        outcomes:
          - {weight: 1, to: home}
          - {weight: 2, to: street}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    d = only(static(make_pack, story(), scenes))
    assert where(d) == ("LB106", "scenes.yaml", 11, 29)
    assert d.message == "an outcome of 'hail' leads back to 'street' and changes nothing"


def test_no_lb106_for_loops_with_an_effect(make_pack: MakePack) -> None:
    """Near miss: a loop whose choice or outcome changes something is how waiting and counters work."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street ({heat})
    text: Rain.
    choices:
      - {id: wait, text: Wait a while, do: heat += 1, to: street}
      - id: hail
        text: Hail a taxi
        do: heat += 1
        outcomes:
          - {weight: 1, to: home}
          - {weight: 2, to: street}
      - id: call
        text: Call a friend
        outcomes:
          - {weight: 1, to: home}
          - {weight: 2, to: street, do: heat += 1}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    assert static(make_pack, story(HEAT), scenes) == []


# --- LB107 duplicate-choice-text ------------------------------------------------------------------


def test_lb107_two_choices_that_read_the_same(make_pack: MakePack) -> None:
    """Texts equal but for case and spacing are LB107 at the second text (8:26, its quote), naming both choices."""
    scenes = CLEAN.replace(
        "      - {id: home, text: Go home, to: home}\n",
        "      - {id: home, text: Go home, to: home}\n      - {id: back, text: 'go   HOME', to: home}\n",
    )
    d = only(static(make_pack, story(), scenes))
    assert where(d) == ("LB107", "scenes.yaml", 8, 26)
    assert d.message == "choice 'back' reads the same as choice 'home'"
    assert d.hint == "players cannot tell them apart; reword one"


def test_no_lb107_for_the_same_text_in_different_scenes(make_pack: MakePack) -> None:
    """Near miss: "Go on" in two scenes is never shown twice in one list."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: onward, text: Go on, to: alley}
  alley:
    title: Alley
    text: Wet.
    choices:
      - {id: onward, text: Go on, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    assert static(make_pack, story(), scenes) == []


def test_no_lb107_for_the_same_text_under_exclusive_conditions(make_pack: MakePack) -> None:
    """Near miss: `if: lucky` and `if: not lucky` are never open together, so the player never sees both.

    The same words leading to different places depending on state is an ordinary way to write
    ("Open the door" opens onto a different room once you have the key); the hint ("players cannot
    tell them apart") is false here. FAILS today: `lint` compares texts without looking at the
    conditions (game/tools/lint.py, DUPLICATE_CHOICE_TEXT).
    """
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: take, text: Take the key, do: lucky = true, to: street}
      - {id: open_locked, text: Open the door, if: not lucky, to: street_locked}
      - {id: open, text: Open the door, if: lucky, to: home}
  street_locked:
    title: Locked
    text: It does not move.
    choices:
      - {id: back, text: Step back, to: street}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    assert static(make_pack, story(LUCKY), scenes) == []


# --- LB108 never-open-choice (--deep) -------------------------------------------------------------

CORRELATED = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: both, text: Arm both, if: not armed, do: [armed = true, loaded = true], to: street}
      - id: odd
        text: Fire blanks
        if: armed and not loaded
        to: home
      - {id: home, text: Go home, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
ARMED = "armed: {type: bool, initial: false}"
LOADED = "loaded: {type: bool, initial: false}"


def test_lb108_choice_closed_by_correlated_variables(make_pack: MakePack) -> None:
    """`armed and not loaded` when both are always set together: static analysis sees each can be
    true or false, so only exhaustive exploration proves the choice is never open: LB108 at its `if:` (10:13)."""
    found, found_deep = deep(make_pack, story(ARMED, LOADED), CORRELATED)
    assert found == []
    d = only(found_deep)
    assert where(d) == ("LB108", "scenes.yaml", 10, 13)
    assert d.message == (
        "choice 'street.odd' is never open in any reachable state (3 explored): "
        "its parts hold, but never together (armed was false, true; loaded was false, true)"
    )
    assert d.severity.value == "warning"


def test_no_lb108_when_some_state_opens_the_choice(make_pack: MakePack) -> None:
    """Near miss: if one path sets `armed` without `loaded`, the choice opens there."""
    scenes = CORRELATED.replace(
        "      - {id: home, text: Go home, to: home}\n",
        "      - {id: home, text: Go home, to: home}\n      - {id: half, text: Arm one, do: armed = true, to: street}\n",
    )
    assert deep(make_pack, story(ARMED, LOADED), scenes) == ([], [])


# --- LB109 dead-end (--deep) ----------------------------------------------------------------------

DEAD_END = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: luck, text: Find a coin, do: lucky = true, to: street}
      - {id: hall, text: Enter the hall, to: hall}
  hall:
    title: Hall
    text: A locked door.
    choices:
      - {id: open, text: Open it, if: lucky, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""


def test_lb109_scene_reached_with_no_choice_open(make_pack: MakePack) -> None:
    """The hall can be entered before the coin is found: LB109 (an error) at the scene (9:3), with the path."""
    found, found_deep = deep(make_pack, story(LUCKY), DEAD_END)
    assert found == []
    d = only(found_deep)
    assert where(d) == ("LB109", "scenes.yaml", 9, 3)
    assert d.message == "scene 'hall' can be reached with no choice open when lucky = false"  # the state that proves it
    assert d.hint == "reached by street.hall"
    assert d.severity.value == "error"


def test_no_lb109_when_a_fallback_choice_is_always_open(make_pack: MakePack) -> None:
    """Near miss: a conditional choice next to an unconditional one is never a dead end."""
    scenes = DEAD_END.replace(
        "      - {id: open, text: Open it, if: lucky, to: home}\n",
        "      - {id: open, text: Open it, if: lucky, to: home}\n      - {id: back, text: Go back, to: street}\n",
    )
    assert deep(make_pack, story(LUCKY), scenes) == ([], [])


# --- LB110 soft-lock (--deep) ---------------------------------------------------------------------

SOFT_LOCK = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: home, text: Go home, to: home}
      - {id: down, text: Go down the stairs, to: cellar}
  cellar:
    title: Cellar
    text: Dark.
    choices:
      - {id: onward, text: Feel along the wall, to: tunnel}
  tunnel:
    title: Tunnel
    text: Darker.
    choices:
      - {id: onward, text: Feel along the wall, to: cellar}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""


def test_lb110_loop_with_no_way_to_an_ending(make_pack: MakePack) -> None:
    """Cellar and tunnel lead only to each other: each is LB110 (an error) at its id, with the path in."""
    found, found_deep = deep(make_pack, story(), SOFT_LOCK)
    assert found == []
    assert sorted(where(d) for d in found_deep) == [("LB110", "scenes.yaml", 9, 3), ("LB110", "scenes.yaml", 14, 3)]
    cellar = min(found_deep, key=lambda d: d.span.line)
    assert cellar.message == "from scene 'cellar' no ending can be reached"
    assert cellar.hint == "reached by street.down"
    assert cellar.severity.value == "error"
    tunnel = max(found_deep, key=lambda d: d.span.line)
    assert tunnel.hint == "reached by street.down -> cellar.onward"


def test_no_lb110_when_the_loop_has_a_way_out(make_pack: MakePack) -> None:
    """Near miss: a loop (with an effect, so not silent either) that can be left for an ending."""
    scenes = SOFT_LOCK.replace(
        "      - {id: onward, text: Feel along the wall, to: cellar}\n",
        "      - {id: onward, text: Feel along the wall, to: cellar}\n      - {id: up, text: Climb out, to: home}\n",
    )
    assert deep(make_pack, story(), scenes) == ([], [])


# --- LB111 deep-check-incomplete (--deep) ---------------------------------------------------------

COUNTER = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: walk, text: Walk on, if: steps < 4, do: steps += 1, to: street}
      - {id: odd, text: Fire blanks, if: armed and not loaded, to: home}
      - {id: arm, text: Arm both, do: [armed = true, loaded = true], to: street}
      - {id: home, text: Go home, if: steps == 4, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
STEPS = "steps: {type: int, initial: 0, min: 0, max: 4}"


def test_lb111_when_max_states_stops_the_search(make_pack: MakePack) -> None:
    """Too few --max-states: LB111 for the whole pack (no line), and no claim that rests on an absence:
    the never-open `odd` (LB108) is not reported from a search that stopped early."""
    loaded = load(make_pack, story(STEPS, ARMED, LOADED), COUNTER)
    found = lint(loaded)
    assert found == []
    d = only(lint_deep(loaded, 3, found))
    assert (d.code.code, d.span.line, d.span.col) == ("LB111", 0, 0)
    assert Path(d.span.file) == Path(loaded.root)
    assert d.message == "--deep stopped after 3 states; its checks are incomplete"
    assert d.hint == "raise --max-states"
    assert d.severity.value == "warning"


def test_no_lb111_when_max_states_is_exactly_enough(make_pack: MakePack) -> None:
    """Near miss: a limit equal to the number of states completes the search (and then finds the LB108);
    one state fewer does not."""
    from game.tools.explore import explore_exhaustive

    loaded = load(make_pack, story(STEPS, ARMED, LOADED), COUNTER)
    states = explore_exhaustive(loaded, 1_000_000).states
    assert states >= 10  # steps 0..4, each with (armed, loaded) both false or both true
    assert codes(lint_deep(loaded, states, [])) == ["LB108"]
    assert codes(lint_deep(loaded, states - 1, [])) == ["LB111"]


# --- LB112 engine-error (--deep) ------------------------------------------------------------------

ALL_ZERO = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: stir, text: Stir things up, do: heat += 1, to: street}
      - id: run
        text: Run for it
        outcomes:
          - {weight: heat, to: home}
          - {weight: heat - 1, to: caught}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
  caught:
    title: Caught
    text: Hands on the roof.
    ending: {id: caught, kind: arrest, title: Caught}
"""


def test_lb112_chance_choice_whose_weights_can_all_be_zero(make_pack: MakePack) -> None:
    """At the start heat is 0, so every weight of `run` is 0: LB112 (an error) at its `outcomes:` (10:9)."""
    found, found_deep = deep(make_pack, story(HEAT), ALL_ZERO)
    assert found == []
    d = one_of(found_deep, "LB112")
    assert where(d) == ("LB112", "scenes.yaml", 10, 9)
    assert d.message == "every outcome of 'street.run' has weight 0 here when heat = 0"
    assert d.hint == "reached by the start"
    assert d.severity.value == "error"


def test_lb112_is_placed_at_the_weights_from_the_state_not_from_its_wording(make_pack: MakePack) -> None:
    """Whether an engine error is at a choice's weights is read from the weights in the failing
    state (all 0 at the start, not all 0 once heat is 2), never from the message's first words."""
    from game.tools.lint import _weightless
    from game.tools.statespace import search

    space = search(load(make_pack, story(HEAT), ALL_ZERO), 1_000)
    later = next(i for i, (scene, values) in enumerate(space.states) if scene == "street" and values[0] == 2)
    assert _weightless(space, "street", "run", 0) is True
    assert _weightless(space, "street", "run", later) is False
    assert _weightless(space, "street", "stir", 0) is False  # not a chance choice: an error there is at its id


def test_no_lb112_when_one_weight_is_always_positive(make_pack: MakePack) -> None:
    """Near miss: weights that can each be 0, but never all at once (and a literal 0 beside a positive one)."""
    scenes = ALL_ZERO.replace("{weight: heat - 1, to: caught}", "{weight: 5 - heat, to: caught}")
    scenes = scenes.replace("          - {weight: heat, to: home}\n", "          - {weight: heat, to: home}\n          - {weight: 0, to: home}\n")
    static_found, deep_found = deep(make_pack, story(HEAT), scenes)
    assert codes(static_found) == ["LB117"] and deep_found == []  # the literal 0 is never drawn, and only that


def test_lb112_is_not_also_reported_as_a_never_open_choice(make_pack: MakePack) -> None:
    """A chance choice that is offered but always fails is LB112 only: it is open, so LB108's
    "never open in any reachable state" would be false, and would say the same problem twice.

    FAILS today: `lint_deep` takes "never chosen successfully" (`report.choices`) for "never open"
    (game/tools/lint.py, NEVER_OPEN_CHOICE), so a choice whose weights are 0 in every state it is
    offered in is reported twice, once as LB112 and once as a misleading LB108.
    """
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: home, text: Go home, to: home}
      - id: run
        text: Run for it
        outcomes:
          - {weight: heat, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    found, found_deep = deep(make_pack, story(HEAT), scenes)
    assert codes(found) == ["LB105"]
    assert codes(found_deep) == ["LB112"], [d.render() for d in found_deep]


# --- deep findings do not repeat static ones ------------------------------------------------------


def test_deep_does_not_repeat_what_lint_already_said(make_pack: MakePack) -> None:
    """A never-true condition (LB103), the scene behind it (LB101) and an ending nothing reaches (LB102)
    are each reported once, by the static pass; --deep adds nothing about them."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: home, text: Go home, do: lucky = false, to: home}
      - {id: down, text: Go down, if: lucky, to: cellar}
  cellar:
    title: Cellar
    text: Dark.
    choices:
      - {id: up, text: Go up, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
  caught:
    title: Caught
    text: Hands on the roof.
    ending: {id: caught, kind: arrest, title: Caught}
"""
    found, found_deep = deep(make_pack, story(LUCKY), scenes)
    assert codes(found) == ["LB101", "LB102", "LB103"]
    assert found_deep == [], [d.render() for d in found_deep]


def test_deep_reports_scenes_and_endings_only_exploration_proves_unreached(make_pack: MakePack) -> None:
    """Behind a choice only --deep proves closed, a scene is LB101 and an ending LB102, with the state count."""
    scenes = CORRELATED.replace("        to: home\n", "        to: vault\n", 1) + """\
  vault:
    title: Vault
    text: Gold.
    choices:
      - {id: take, text: Take it, to: rich}
  rich:
    title: Rich
    text: Money.
    ending: {id: rich, kind: alternate, title: Rich}
"""
    found, found_deep = deep(make_pack, story(ARMED, LOADED), scenes)
    assert found == []
    assert sorted(where(d) for d in found_deep) == [
        ("LB101", "scenes.yaml", 17, 3),
        ("LB102", "scenes.yaml", 25, 18),
        ("LB108", "scenes.yaml", 10, 13),
    ]  # vault's own choice is not 'never open' as well: its scene is already reported
    assert one_of(found_deep, "LB101").message == (
        "scene 'vault' is never reached (3 states explored); in the way: 'street.odd' (if: armed and not loaded) is never open"
    )
    assert one_of(found_deep, "LB102").message == (
        "ending 'rich' is never reached (3 states explored); in the way: 'vault.take' is in scene 'vault', never reached"
    )


def test_lb108_names_the_part_of_the_condition_that_never_holds(make_pack: MakePack) -> None:
    """`lucky and heat > 2` where heat only reaches 1: `heat > 2` never held, and heat was 0..1
    (with lucky seen both ways, it is not the part in the way)."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: warm, text: Warm up, if: heat < 1, do: [heat += 1, lucky = true], to: street}
      - {id: dice, text: Roll the dice, if: lucky and heat > 2, to: home}
      - {id: home, text: Go home, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    found, found_deep = deep(make_pack, story(HEAT, LUCKY), scenes)
    d = one_of(found_deep, "LB108")
    assert d.message.endswith("explored): `heat > 2` never holds (heat was 0, 1; lucky was false, true)")


def test_lb102_names_the_guard_in_the_way(make_pack: MakePack) -> None:
    """An ending behind one choice that never opens: LB102 names that choice and its condition."""
    scenes = CORRELATED.replace("        to: home\n", "        to: rich\n", 1) + """\
  rich:
    title: Rich
    text: Money.
    ending: {id: rich, kind: alternate, title: Rich}
"""
    found, found_deep = deep(make_pack, story(ARMED, LOADED), scenes)
    assert one_of(found_deep, "LB102").message == (
        "ending 'rich' is never reached (3 states explored); in the way: 'street.odd' (if: armed and not loaded) is never open"
    )


def test_the_conftest_tiny_pack_has_one_finding(tiny: Story) -> None:
    """The conftest story has exactly the one finding its own tests expect (lucky is written, never read)."""
    d = only(lint(tiny))
    assert where(d) == ("LB120", "story.yaml", 6, 3)


def test_lb110_says_which_values_trap_the_player(make_pack: MakePack) -> None:
    """The maze's way out needs the lamp: the soft-lock holds only when lamp = false, and says so."""
    scenes = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: home, text: Go home, to: home}
      - {id: buy, text: Buy a lamp, if: not lucky, do: lucky = true, to: street}
      - {id: maze, text: Take the back streets, to: maze}
  maze:
    title: Maze
    text: Every street looks the same.
    choices:
      - {id: left, text: Turn left, to: maze}
      - {id: out, text: Follow the lamp out, if: lucky, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
    _, found_deep = deep(make_pack, story(LUCKY), scenes)
    d = one_of(found_deep, "LB110")
    assert (d.message, d.hint) == ("from scene 'maze' no ending can be reached when lucky = false", "reached by street.maze")


def test_every_weight_zero_is_said_once_as_lb118_not_again_as_lb112(make_pack: MakePack) -> None:
    """Constant weights of 0: the static LB118 says it, and --deep does not repeat it as LB112."""
    scenes = ALL_ZERO.replace("{weight: heat, to: home}", "{weight: 0, to: home}").replace("{weight: heat - 1, to: caught}", "{weight: 0, to: caught}")
    static_found, deep_found = deep(make_pack, story(HEAT), scenes)
    assert "LB118" in codes(static_found) and "LB112" not in codes(deep_found)  # (the endings behind it are LB102)
