"""The flow analysis (game/tools/flow.py) and the static checks built on it: LB116 text that never
shows on any path to its scene, LB117/LB118 weights of 0, LB119 effects that change nothing.

The analysis is checked against a full search on random packs (every value play reaches is one
it allows); and the near misses (a part shown on one path of two, values carried through another
variable, a loop that adds up) stay silent.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Callable

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.diagnostics import Codes
from game.engine.compiled import compile_story
from game.engine.successors import successors
from game.story.loader import check_pack, load_story
from game.tools.flow import MAX_VALUES, arrival_values
from game.tools.lint import lint
from tests.conftest import fuzz_budget, write_pack
from tests.tools.test_relevance import STORY as RANDOM_STORY
from tests.tools.test_relevance import random_pack

MakePack = Callable[..., Path]

STORY = """\
title: Flow
version: 1
start: street
variables:
  nights: {type: int, initial: 182, min: 0, max: 400}
  lucky: {type: bool, initial: false}
  mood: {type: enum, values: [calm, angry, sad], initial: calm}
  copy: {type: int, initial: 0, min: 0, max: 400}
"""


def found(make_pack: MakePack, scenes: str, code: str = "LB116") -> list[tuple[int, str]]:
    story, diagnostics = check_pack(make_pack(STORY, {"scenes.yaml": scenes}))
    assert story is not None, [d.render() for d in diagnostics]
    return [(d.span.line, d.message) for d in lint(story) if d.code.code == code]


def pack(street: str, home_parts: str) -> str:
    return (
        "act: 1\nscenes:\n  street:\n    title: Street\n    text: Rain.\n    choices:\n"
        + "".join(f"      {line}\n" for line in street.strip().splitlines())
        + "  home:\n    title: Home\n    text:\n      - text: Dry.\n"
        + "".join(f"      {line}\n" for line in home_parts.strip().splitlines())
        + "    ending: {id: home, kind: alternate, title: Home}\n"
        + "  away:\n    title: Away\n    text: 'Gone after {nights}, {copy}, {mood}.'\n    ending: {id: away, kind: alternate, title: Away}\n"
    )


def test_a_value_written_only_on_another_path_is_reported_with_the_values_found(make_pack: MakePack) -> None:
    scenes = pack(
        "- {id: wait, text: Wait, do: nights += 1, to: home}\n- {id: week, text: A week, do: nights += 7, to: away}",
        "- {if: nights >= 185, text: Late.}",
    )
    assert found(make_pack, scenes) == [(13, "this text part never shows: on every path to 'home', 'nights' is always 183")]


def test_a_part_one_path_of_two_shows_is_silent(make_pack: MakePack) -> None:
    scenes = pack(
        "- {id: wait, text: Wait, do: nights += 1, to: home}\n- {id: week, text: A week, do: nights += 7, to: home}",
        "- {if: nights >= 185, text: Late.}",
    )
    assert found(make_pack, scenes) == []


def test_values_carried_through_another_variable_and_a_loop_are_followed(make_pack: MakePack) -> None:
    """`copy = nights` after a loop that adds up to the clamp: copy can be 182..400 at home, so
    the first part can show and the second cannot."""
    scenes = (
        "act: 1\nscenes:\n  street:\n    title: Street\n    text: Rain.\n    choices:\n"
        "      - {id: wait, text: Wait, do: nights += 1, to: street}\n"
        "      - {id: home, text: Home, do: copy = nights, to: home}\n"
        "  home:\n    title: Home\n    text:\n      - text: Dry.\n"
        "      - {if: copy == 400, text: All of them.}\n"
        "      - {if: copy < 182, text: Fewer than he had.}\n"
        "    ending: {id: home, kind: alternate, title: Home}\n"
    )
    assert 400 - 182 + 1 <= MAX_VALUES
    assert found(make_pack, scenes) == [(14, "this text part never shows: on every path to 'home', 'copy' is only 182..400")]


def test_too_many_values_prove_nothing(make_pack: MakePack) -> None:
    """Past MAX_VALUES a variable is "anything": a part it guards is never claimed."""
    story = STORY.replace("max: 400}", "max: 4000}", 1)
    scenes = (
        "act: 1\nscenes:\n  street:\n    title: Street\n    text: Rain.\n    choices:\n"
        "      - {id: wait, text: Wait, do: nights += 1, to: street}\n"
        "      - {id: home, text: Home, to: home}\n"
        "  home:\n    title: Home\n    text:\n      - text: 'Dry {copy} {lucky} {mood}.'\n"
        "      - {if: nights < 182, text: Fewer than he had.}\n"
        "    ending: {id: home, kind: alternate, title: Home}\n"
    )
    loaded, diagnostics = check_pack(make_pack(story, {"scenes.yaml": scenes}))
    assert loaded is not None, [d.render() for d in diagnostics]
    assert arrival_values(loaded)["home"]["nights"] is None
    assert [d for d in lint(loaded) if d.code is Codes.NEVER_SHOWN_TEXT] == []


def test_booleans_and_enums_are_followed_per_path(make_pack: MakePack) -> None:
    scenes = pack(
        '- {id: wait, text: Wait, do: [lucky = true, mood = "angry"], to: home}\n- {id: week, text: A week, do: mood = "sad", to: away}',
        '- {if: not lucky, text: Unlucky.}\n- {if: mood == "sad", text: Sad.}\n- {if: lucky and mood == "angry", text: Both.}',
    )
    assert found(make_pack, scenes) == [
        (13, "this text part never shows: on every path to 'home', 'lucky' is always true"),
        (14, "this text part never shows: on every path to 'home', 'mood' is always 'angry'"),
    ]


@fuzz_budget(80)
@given(st.integers(0, 10**9))
def test_every_value_play_reaches_is_one_the_analysis_allows(tmp_path_factory: pytest.TempPathFactory, seed: int) -> None:
    """Soundness, on random packs: in every state a full search reaches (every variable kept, no
    states merged), each variable's value is among those `arrival_values` gives for that scene.
    So a text part the analysis rules out can never show."""
    folder = write_pack(tmp_path_factory.mktemp("f"), RANDOM_STORY, {"s.yaml": yaml.safe_dump(random_pack(seed))})
    story = load_story(folder)
    arrival = arrival_values(story)
    scenes, names = compile_story(story), tuple(story.variables)
    start = (story.start, tuple(var.initial for var in story.variables.values()))
    seen, queue = {start}, deque([start])
    while queue and len(seen) < 20_000:
        sid, values = queue.popleft()
        for name, value in zip(names, values):
            allowed = arrival[sid][name]
            assert allowed is None or value in allowed, (sid, name, value, allowed)
        for _, moves in successors(scenes[sid], names, values):
            for branch, after in moves:
                if not isinstance(after, Exception) and (branch.to, after) not in seen:
                    seen.add((branch.to, after))
                    queue.append((branch.to, after))


def test_weights_of_zero_and_effects_that_change_nothing(make_pack: MakePack) -> None:
    scenes = (
        "act: 1\nscenes:\n  street:\n    title: Street\n    text: Rain.\n    choices:\n"
        "      - id: coin\n        text: Coin\n        outcomes:\n"
        "          - {weight: 0, to: home}\n"
        "          - {weight: 1, to: home, do: [nights += 0, lucky = lucky, nights -= 0, nights = nights + 0]}\n"
        "      - id: dice\n        text: Dice\n        outcomes:\n          - {weight: 0, to: home}\n          - {weight: -0, to: away}\n"
        "      - {id: run, text: Run, do: nights += 1, to: home}\n"
        "  home:\n    title: Home\n    text: 'Dry {nights} {lucky}.'\n    ending: {id: home, kind: alternate, title: Home}\n"
        "  away:\n    title: Away\n    text: 'Gone {copy} {mood}.'\n    ending: {id: away, kind: alternate, title: Away}\n"
    )
    assert found(make_pack, scenes, "LB117") == [(10, "this outcome of choice 'coin' has weight 0 and is never drawn")]
    assert found(make_pack, scenes, "LB118") == [(14, "every outcome of choice 'dice' has weight 0, so taking it fails in play")]
    assert [m for _, m in found(make_pack, scenes, "LB119")] == [
        "the effect 'nights += 0' changes nothing",
        "the effect 'lucky = lucky' changes nothing",
        "the effect 'nights -= 0' changes nothing",
    ]
    assert Codes.ZERO_WEIGHTS.severity.is_error and not Codes.NEVER_DRAWN_OUTCOME.severity.is_error
