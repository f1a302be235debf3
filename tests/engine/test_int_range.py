"""The implicit range of whole numbers in play: declarations are held to it, and no loop of effects
can grow a number past it (once a squared counter reached thousands of digits: `{n}` raised in
rendering and the random explorer ate gigabytes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from game.expr.check import INT_MAX
from game.session import Session
from game.story.loader import check_pack, load_story
from game.tools.explore import explore_random

MakePack = Callable[..., Path]

SQUARING = """\
act: 1
scenes:
  street:
    title: Count {n}
    text: "It is {n} now, and {m}."
    choices:
      - {id: square, text: Square it, do: ["n = n * n", "m = m * m * m - n"], to: street}
      - {id: home, text: Go home, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""


def story(*declarations: str) -> str:
    """story.yaml declaring `declarations`, the first on line 5."""
    return "title: Range\nversion: 1\nstart: street\nvariables:\n" + "".join(f"  {d}\n" for d in declarations)


SQUARED = story("n: {type: int, initial: 3}", "m: {type: int, initial: -2}")


def test_squaring_forever_stays_in_range_and_renders(make_pack: MakePack) -> None:
    """`n = n * n` taken 14 times: n stops at 2**53-1, m (cubed, less n) at the bottom, and the scene renders.

    Unbounded, n would have 7,818 digits by then, past what `str` renders.
    """
    session = Session(load_story(make_pack(SQUARED, {"scenes.yaml": SQUARING})), seed=1)
    for _ in range(14):
        view = session.choose("square")
    assert session.variables["n"] == INT_MAX and session.variables["m"] == -INT_MAX
    assert view.title == f"Count {INT_MAX}"
    assert view.text == f"It is {INT_MAX} now, and {-INT_MAX}."


def test_random_exploration_of_a_squaring_loop_stays_small(make_pack: MakePack) -> None:
    """The explorer's random runs through the same loop finish, with every number small."""
    report = explore_random(load_story(make_pack(SQUARED, {"scenes.yaml": SQUARING})), 20, seed=3, max_steps=300)
    assert report.ok and report.runs == 20


RANGE = "(-9007199254740991..9007199254740991)"


@pytest.mark.parametrize(
    ("declaration", "col", "message"),
    [
        ("n: {type: int, initial: 9007199254740992}", 27, f"'initial' (9007199254740992) is outside the range of whole numbers {RANGE}"),
        ("n: {type: int, initial: 0, min: -9007199254740992}", 35, f"'min' (-9007199254740992) is outside the range of whole numbers {RANGE}"),
        ("n: {type: int, initial: 0, max: 0x" + "f" * 20 + "}", 35, f"'max' (1208925819614629174706175) is outside the range of whole numbers {RANGE}"),
    ],
    ids=["initial", "min", "max"],
)
def test_declaration_outside_the_range_is_lb012_at_the_value(make_pack: MakePack, declaration: str, col: int, message: str) -> None:
    """An int's initial, min or max beyond +-(2**53-1) is LB012 at that value in story.yaml."""
    story_obj, diagnostics = check_pack(make_pack(story(declaration, "m: {type: int, initial: 0}"), {"scenes.yaml": SQUARING}))
    assert story_obj is None
    (d,) = diagnostics
    assert (d.code.code, Path(d.span.file).name, d.span.line, d.span.col) == ("LB012", "story.yaml", 5, col)
    assert d.message == message


def test_declaration_at_the_bounds_is_fine(make_pack: MakePack) -> None:
    """The bounds themselves may be declared."""
    declared = story("n: {type: int, initial: 9007199254740991, min: -9007199254740991, max: 9007199254740991}", "m: {type: int, initial: 0}")
    _, diagnostics = check_pack(make_pack(declared, {"scenes.yaml": SQUARING}))
    assert diagnostics == [], [d.render() for d in diagnostics]


def test_huge_initial_is_said_once(make_pack: MakePack) -> None:
    """A 29-digit initial (the most the YAML reader reads is 30) under a declared max is LB012 alone, not also LB013."""
    huge = "0x" + "f" * 24
    declared = story(f"n: {{type: int, initial: {huge}, max: 10}}", "m: {type: int, initial: 0}")
    _, diagnostics = check_pack(make_pack(declared, {"scenes.yaml": SQUARING}))
    (d,) = diagnostics
    assert d.code.code == "LB012"
    assert d.message == f"'initial' (79228162514264337593543950335) is outside the range of whole numbers {RANGE}"


def test_a_snapshot_past_the_range_is_refused(make_pack: MakePack) -> None:
    """An int without min/max still has the game's range, so a snapshot holding 2**53 is bad, not restored."""
    from game.errors import SaveError

    session = Session(load_story(make_pack(SQUARED, {"scenes.yaml": SQUARING})), seed=1)
    snapshot = session.snapshot()
    snapshot["vars"]["n"] = INT_MAX
    assert session.restore(snapshot).title == f"Count {INT_MAX}"
    snapshot["vars"]["n"] = INT_MAX + 1
    with pytest.raises(SaveError, match="is not a valid value for 'n'"):
        session.restore(snapshot)


def test_a_number_too_long_to_read_is_one_error_and_declares_its_variable(make_pack: MakePack) -> None:
    """Past 30 digits the YAML reader refuses the number itself; the variable is still declared (no
    'undeclared' cascade in the scenes) and the model does not repeat the refusal as a wrong type."""
    declaration = "n: {type: int, initial: 0, max: 0x" + "f" * 200 + "}"
    story_obj, diagnostics = check_pack(make_pack(story(declaration, "m: {type: int, initial: 0}"), {"scenes.yaml": SQUARING}))
    assert story_obj is None
    (d,) = diagnostics
    assert d.code.code == "LB005" and (d.span.line, d.span.col) == (5, 35) and "has more than 30 digits" in d.message
