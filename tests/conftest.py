"""Shared fixtures: tiny scene packs written to a temporary folder, and the shipped story's
exhaustive search, made once per test session for every test that reads it."""


from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, settings

from game.story.loader import load_story
from game.story.model import Story
from game.tools.statespace import StateSpace, search

pytest_plugins = ["pytester"]

collect_ignore = ["fixtures"]
"""Fixture packs hold faults on purpose (tests/fixtures/ignored_choices keeps LB115 on real
prose): the tests that read them say what they must report, so the plugin's `validate` item,
which fails on any warning, must not collect them."""

FUZZ_EXAMPLES = int(os.environ.get("LOSTBULLET_FUZZ_EXAMPLES", "0")) or None
"""Examples per fuzz test when set (README, "Fuzzing"); each test's own small default otherwise."""


def fuzz_budget(default: int) -> settings:
    """Hypothesis settings for a fuzz test: LOSTBULLET_FUZZ_EXAMPLES or `default` examples, no deadline."""
    return settings(
        max_examples=FUZZ_EXAMPLES or default,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
    )


REPO = Path(__file__).resolve().parents[1]
SCENES = REPO / "scenes"

TINY_STORY = """\
title: Tiny
version: 1
start: street
variables:
  heat: {type: int, initial: 0, min: 0, max: 3, doc: Trouble.}
  lucky: {type: bool, initial: false}
  paint: {type: enum, values: [primer, blue], initial: primer}
"""

TINY_SCENES = """\
act: 1
scenes:
  street:
    title: The street ({heat})
    text:
      - text: A wet street.
      - if: heat > 0
        text: Sirens, {heat} of them.
    choices:
      - {id: wait, text: Wait, do: heat += 1, to: street}
      - {id: paint, text: Paint it blue, if: paint == "primer", do: paint = "blue", to: street}
      - id: run
        text: Run
        outcomes:
          - {weight: 1, to: escaped, do: lucky = true}
          - {weight: 1 + heat, to: caught}
      - {id: walk, text: Walk home, if: heat >= 2, to: home}
  home:
    title: Home
    text: Quiet.
    choices:
      - {id: back, text: Go back out, to: street}
  escaped:
    title: Gone
    text: You got away.
    ending: {id: escaped, kind: alternate, title: Gone}
  caught:
    title: Caught
    text: Hands on the roof.
    ending: {id: caught, kind: arrest, title: Caught}
"""


def write_pack(root: Path, story: str = TINY_STORY, files: dict[str, str] | None = None) -> Path:
    """Write `story.yaml` and scene files (name -> YAML) under `root`; returns `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text(textwrap.dedent(story), encoding="utf-8")
    for name, text in (files if files is not None else {"scenes.yaml": TINY_SCENES}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    """A factory: make_pack(story=..., files={...}) writes a pack and returns its folder."""
    counter = iter(range(1000))

    def make(story: str = TINY_STORY, files: dict[str, str] | None = None) -> Path:
        return write_pack(tmp_path / f"pack{next(counter)}", story, files)

    return make


@pytest.fixture
def tiny(make_pack: Callable[..., Path]) -> Story:
    return load_story(make_pack())


@pytest.fixture(scope="session")
def shipped_space() -> StateSpace:
    """Every state of the shipped story (the exhaustive search, at most 1,000,000 states). Shared:
    tests read it and never change it."""
    return search(load_story(SCENES), 1_000_000)
