"""Timed choices: declared in the scene, checked at load, shown in views, never enforced by the engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from game.session import Session, TimerView
from game.story.loader import check_pack, load_story
from game.transcript import render_scene
from tests.conftest import TINY_SCENES

TIMED = TINY_SCENES.replace(
    "      - {id: walk, text: Walk home, if: heat >= 2, to: home}",
    "      - {id: walk, text: Walk home, if: heat >= 2, to: home}\n    timer: {seconds: 8, default: wait}",
)


def test_timer_is_in_the_view_and_its_default_is_an_ordinary_choice(make_pack: Callable[..., Path]) -> None:
    """The view carries seconds and default; choosing the default is like any other choice."""
    session = Session(load_story(make_pack(files={"scenes.yaml": TIMED})))
    assert session.view().timer == TimerView(8, "wait")
    assert session.choose("wait").title == "The street (1)"


def test_plain_text_names_the_timer_without_enforcing_it(make_pack: Callable[..., Path]) -> None:
    """Plain mode and transcripts show the timer as a line naming the default's number."""
    view = Session(load_story(make_pack(files={"scenes.yaml": TIMED}))).view()
    assert "  (Timed: 8 seconds. When time runs out: 1.)" in render_scene(view).splitlines()


def test_timer_default_must_be_a_choice_of_the_scene(make_pack: Callable[..., Path]) -> None:
    """A default naming no choice is LB016 at the default, with a did-you-mean."""
    _, diagnostics = check_pack(make_pack(files={"scenes.yaml": TIMED.replace("default: wait", "default: wiat")}))
    (d,) = diagnostics
    assert (d.code.code, d.span.line) == ("LB016", 18)
    assert "the timer's default 'wiat' is not a choice of scene 'street' (did you mean 'wait'?)" in d.message


def test_timer_default_may_not_have_a_condition(make_pack: Callable[..., Path]) -> None:
    """A conditional default could be closed when time runs out, so it is refused."""
    _, diagnostics = check_pack(make_pack(files={"scenes.yaml": TIMED.replace("default: wait", "default: walk")}))
    (d,) = diagnostics
    assert d.code.code == "LB016" and "has a condition" in d.message


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [("0", "0"), ("-5", "-5"), ("3601", "3601"), ("10000000000000000000", "10000000000000000000"), ("1" * 30, "1" * 30)],
)
def test_timer_runs_from_one_second_to_an_hour(make_pack: Callable[..., Path], seconds: str, shown: str) -> None:
    """A timer outside 1..3600 seconds is LB012 at the seconds (18:22); 10**19 once validated and crashed the countdown."""
    _, diagnostics = check_pack(make_pack(files={"scenes.yaml": TIMED.replace("seconds: 8", f"seconds: {seconds}")}))
    (d,) = diagnostics
    assert (d.code.code, d.span.line, d.span.col) == ("LB012", 18, 22)
    assert d.message == f"a timer runs from 1 to 3600 seconds, not {shown}"


@pytest.mark.parametrize("seconds", [1, 3600])
def test_timer_bounds_are_allowed(make_pack: Callable[..., Path], seconds: int) -> None:
    """One second and one hour are both fine."""
    _, diagnostics = check_pack(make_pack(files={"scenes.yaml": TIMED.replace("seconds: 8", f"seconds: {seconds}")}))
    assert diagnostics == []


def test_a_timer_too_long_to_read_is_one_error(make_pack: Callable[..., Path]) -> None:
    """Past 30 digits the YAML reader refuses the number (LB005), and nothing repeats it."""
    _, diagnostics = check_pack(make_pack(files={"scenes.yaml": TIMED.replace("seconds: 8", f"seconds: {'1' * 400}")}))
    (d,) = diagnostics
    assert (d.code.code, d.span.line, d.span.col) == ("LB005", 18, 22) and "has more than 30 digits" in d.message
