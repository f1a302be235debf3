"""LB115 ignored-choice: two choices open together whose next screens read the same.

Static where the two cannot lead apart (the same target, effects nothing reads afterwards), by
`--deep` otherwise; and the near misses that must stay silent: next screens that differ by one
word or by a variable the text shows, choices never open together, a draw that can lead apart.
The fixture pack keeps three scenes of the shipped story as they stood when the check was
written, so the check stays proven on real prose after the story is fixed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from game.diagnostics import Codes, Diagnostic
from game.story.loader import check_pack
from game.story.model import Story
from game.tools.ignored import deep_ignored
from game.tools.lint import lint, lint_deep
from game.tools.statespace import StateSpace

MakePack = Callable[..., Path]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ignored_choices"

STORY = """\
title: Ignored
version: 1
start: street
variables:
  lucky: {type: bool, initial: false}
  heat: {type: int, initial: 0, min: 0, max: 5}
  mood: {type: enum, values: [calm, angry], initial: calm}
"""


def scenes(street_choices: str, home_text: str = "Dry.") -> str:
    """A pack whose `street` offers `street_choices` (one `- {...}` per line, from line 7)."""
    return (
        "act: 1\nscenes:\n  street:\n    title: Street\n    text: Rain.\n    choices:\n"
        + "".join(f"      {line}\n" for line in street_choices.strip().splitlines())
        + f"  home:\n    title: Home\n    text: {home_text}\n    ending: {{id: home, kind: alternate, title: Home}}\n"
        + "  away:\n    title: Away\n    text: Gone.\n    ending: {id: away, kind: alternate, title: Away}\n"
    )


def load(make_pack: MakePack, scene_text: str) -> Story:
    story, diagnostics = check_pack(make_pack(STORY, {"scenes.yaml": scene_text}))
    assert diagnostics == [] and story is not None, [d.render() for d in diagnostics]
    return story


def ignored(found: list[Diagnostic]) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.col, d.message) for d in found if d.code is Codes.IGNORED_CHOICE]


def both(make_pack: MakePack, scene_text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(static, deep) ignored-choice findings of a pack."""
    story = load(make_pack, scene_text)
    static = lint(story)
    return ignored(static), ignored(lint_deep(story, 10_000, static))


def test_same_target_and_no_effect_is_found_statically(make_pack: MakePack) -> None:
    static, deep = both(make_pack, scenes("""
- {id: home, text: Go home, to: home}
- {id: walk, text: Walk home, to: home}
"""))
    assert deep == []
    [(line, col, message)] = static
    assert (line, col) == (8, 14)
    assert message.startswith("choices 'street.home' (") and ":7:14) and 'street.walk' (" in message
    assert message.endswith(":8:14) lead to the same screen (scene 'home', the same title, text and choices) whenever both are open, so the story ignores which one the player took")


def test_effects_nothing_reads_afterwards_are_found_statically(make_pack: MakePack) -> None:
    """`street` reads heat and mood, but `home` (an ending) reads neither: from there on nothing can tell."""
    static, deep = both(make_pack, scenes("""
- {id: home, text: Go home, do: heat += 1, to: home}
- {id: walk, text: Walk home, do: mood = "angry", to: home}
- {id: read, text: Read the paper, if: heat == 0 and mood == "calm", to: away}
"""))
    assert [(line, col) for line, col, _ in static] == [(8, 14)] and deep == []


def test_deep_finds_a_pair_whose_effects_differ_on_a_variable_no_screen_shows(make_pack: MakePack) -> None:
    static, deep = both(make_pack, scenes("""
- {id: shout, text: Shout, if: heat < 2, do: [heat += 1, mood = "angry"], to: street}
- {id: wave, text: Wave, if: heat < 2, do: heat += 1, to: street}
- {id: home, text: Go home, if: heat == 2, to: home}
- {id: away, text: Leave, if: mood == "calm", to: away}
"""))
    assert static == []  # mood is read by a condition from street on
    [(line, col, message)] = deep
    assert (line, col) == (8, 14)
    assert "'street.shout' (" in message and "'street.wave' (" in message
    assert "(scene 'street', the same title, text and choices) in the state reached by street.shout, so" in message


def test_screens_that_differ_by_one_word_are_not_ignored(make_pack: MakePack) -> None:
    text = "\n      - text: Dry.\n      - {if: lucky, text: Lucky.}"
    static, deep = both(make_pack, scenes("""
- {id: home, text: Go home, do: lucky = true, to: home}
- {id: walk, text: Walk home, to: home}
""", home_text=text))
    assert static == deep == []


def test_screens_that_differ_by_a_variable_the_text_shows_are_not_ignored(make_pack: MakePack) -> None:
    static, deep = both(make_pack, scenes("""
- {id: home, text: Go home, do: heat += 1, to: home}
- {id: walk, text: Walk home, to: home}
""", home_text="'Dry, {heat} sirens.'"))
    assert static == deep == []


def test_choices_never_open_together_are_not_ignored(make_pack: MakePack) -> None:
    static, deep = both(make_pack, scenes("""
- {id: lucky, text: Flip a coin, do: lucky = true, to: street}
- {id: home, text: Go home, if: lucky, to: home}
- {id: walk, text: Walk home, if: not lucky, to: home}
"""))
    assert static == deep == []


def test_a_draw_that_can_lead_apart_is_not_ignored_but_one_that_cannot_is(make_pack: MakePack) -> None:
    static, deep = both(make_pack, scenes("""
- {id: home, text: Go home, to: home}
- id: gamble
  text: Gamble
  outcomes:
    - {weight: 1, to: home}
    - {weight: 1, to: away}
"""))
    assert static == deep == []
    static, deep = both(make_pack, scenes("""
- {id: home, text: Go home, to: home}
- id: gamble
  text: Gamble
  outcomes:
    - {weight: 1, to: home}
    - {weight: 1, do: lucky = true, to: home}
"""))
    assert static == [] and [(line, col) for line, col, _ in deep] == [(8, 13)]


def test_the_fixture_pack_keeps_the_shipped_pairs() -> None:
    """Three scenes of the shipped story as they were: the turbo's three builds (static: nothing
    reads `tune`), the ram's plain bar and no bar (deep: `ram` is only compared with electric),
    and the two ways to get the big batteries (deep: only the weight shows). The third battery
    choice adds no weight, which the ending shows: a near miss on real prose."""
    story, diagnostics = check_pack(FIXTURE)
    assert story is not None and all(not d.severity.is_error for d in diagnostics)
    static = lint(story)
    found = ignored(static) + ignored(lint_deep(story, 10_000, static))
    pairs = sorted(message.split(" (", 1)[0] + " / " + message.split("and '", 1)[1].split("'", 1)[0] for _, _, message in found)
    assert pairs == [
        "choices 'the_boat.sign_out' / the_boat.take_them",
        "choices 'the_ram.plain' / the_ram.no_ram",
        "choices 'turbo.stock' / turbo.boost",
        "choices 'turbo.stock' / turbo.torque",
        "choices 'turbo.torque' / turbo.boost",
    ]
    assert len(ignored(static)) == 3


def test_the_shipped_story_acknowledges_every_choice(shipped_space: StateSpace) -> None:
    """The first draft had 33 pairs when the check was written; the second draft cleared them
    all, and the fixture pack keeps three of the old scenes so the check stays proven."""
    assert deep_ignored(shipped_space) == []
