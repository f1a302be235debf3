"""Load errors that say what the author meant: a bare enum value, a weight that is not a whole
number (named by its choice, not by a model path)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from game.story.loader import check_pack

STORY = """\
title: T
version: 1
start: street
variables:
  crate: {type: enum, values: [van, car], initial: van}
"""


def errors(make_pack: Callable[..., Path], choices: str) -> list[tuple[int, int, str, str | None]]:
    scenes = (
        "act: 1\nscenes:\n  street:\n    title: Street\n    text: 'Rain {crate}.'\n    choices:\n"
        + "".join(f"      {line}\n" for line in choices.strip().splitlines())
        + "  home:\n    title: Home\n    text: Dry.\n    ending: {id: home, kind: alternate, title: Home}\n"
    )
    _, found = check_pack(make_pack(STORY, {"scenes.yaml": scenes}))
    return [(d.span.line, d.span.col, d.message, d.hint) for d in found]


def test_a_bare_enum_value_is_named_as_a_value_to_quote(make_pack: Callable[..., Path]) -> None:
    found = errors(make_pack, "- {id: b, text: B, if: crate == van, to: home}")
    assert found == [(7, 39, "undeclared variable 'van' (did you mean \"van\", a value of 'crate'?)", "quote an enum's values: they are strings")]


def test_a_weight_that_is_not_a_whole_number_names_its_choice_and_outcome(make_pack: Callable[..., Path]) -> None:
    found = errors(make_pack, "- id: c\n  text: C\n  outcomes:\n    - {weight: 2, to: home}\n    - {weight: 1.5, to: home}\n    - {weight: [1], to: home}")
    assert [(line, message) for line, _, message, _ in found] == [
        (11, "the weight of outcome 2 of choice 'c' must be a whole number or an integer expression, not the fraction 1.5"),
        (12, "the weight of outcome 3 of choice 'c' must be a whole number or an integer expression, not a list"),
    ]


def test_an_unknown_scene_beside_a_yml_file_names_the_file_not_a_guess(make_pack: Callable[..., Path]) -> None:
    """`to: bar` with `bar` written in bar.yml: the .yml is not read, and the hint says so
    instead of guessing among the scenes that were read."""
    scenes = "act: 1\nscenes:\n  street:\n    title: Street\n    text: 'Rain {crate}.'\n    choices:\n      - {id: b, text: B, to: hom}\n  home:\n    title: Home\n    text: Dry.\n    ending: {id: home, kind: alternate, title: Home}\n"
    pack = make_pack(STORY, {"scenes.yaml": scenes, "bar.yml": "act: 1\nscenes: {}\n"})
    _, found = check_pack(pack)
    assert [(d.code.code, d.message, d.hint) for d in found] == [
        ("LB008", "unknown scene 'hom'", "'bar.yml' is not read: scene files end in .yaml, so rename it")
    ]
    (pack / "bar.yml").unlink()
    _, found = check_pack(pack)
    assert [d.message for d in found] == ["unknown scene 'hom' (did you mean 'home'?)"]
