"""Shared fixtures: tiny scene packs written to a temporary folder, and the shipped story's
exhaustive search, made once per test session for every test that reads it."""


from __future__ import annotations

import gc
import os
import tempfile
import textwrap
from pathlib import Path
from typing import Callable, Iterator

import pytest
from hypothesis import HealthCheck, settings

from game.story.loader import load_story
from game.story.model import Story
from game.tools.statespace import StateSpace, search
from tests.shared_search import shared_space

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


def _temp_in_memory() -> None:
    """Temporary folders (tmp_path, tempfile, and the subprocesses tests start) on tmpfs, when
    the machine has one and TMPDIR is not set. Saves are fsynced, as they must be, and on a busy
    disk one fsync took 40 ms here against 0.2 ms on /dev/shm: hundreds of tests save."""
    shm = Path("/dev/shm")
    if "TMPDIR" not in os.environ and shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = str(shm)
        tempfile.tempdir = None  # gettempdir() reads TMPDIR again


_temp_in_memory()

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


RUN_FIRST = (
    "tests/tools/test_bench.py::test_quick_bench_reports_every_figure",
    "tests/test_readme_tutorial.py::test_tutorial_runs_verbatim",
    "tests/test_fuzz_saves.py::test_saves_with_any_field_mutated_keep_the_stores_promises",
    "tests/tools/test_successors.py::test_successors_equal_session_step_on_the_shipped_states",
    "tests/test_serve.py::test_served_game_plays_one_choice_in_chromium",
    "tests/test_packaging.py::test_readme_play_then_test_install_keeps_the_saves_and_sees_edits",
    "tests/tui/test_tui_screens.py::test_every_screen_fits_80x24",
)
"""The longest tests, started first. xdist hands out two tests at a time (`--maxschedchunk 2`
in pyproject.toml), so each worker takes the next test when it is free; a long test that
started last would keep one worker busy while the other idles. A name that no longer matches
loses only its head start. (`--dist loadgroup`, to keep the shipped search on one worker, does
nothing with pytest 9.2: xdist 3.8 renames `item._nodeid`, which pytest no longer reads;
pytest-dev/pytest-xdist#1386.)"""


GC_THRESHOLD = 20_000
"""Allocations between two of the cyclic collector's youngest passes in a test process (Python's
default: 700). Each test builds and drops whole apps, stories and searches, and with the default
the collector's older passes, which walk every live object, came so often that they took a
fifth of the TUI tests' processor time (15.6 s of 56 s, `gc.callbacks`); at 20,000 they took
5.8 s. Only the test processes are tuned: the game and the commands the tests start keep
Python's defaults."""


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is alive once the tests are collected (modules, test items, the libraries' own
    tables) stays alive to the end: moved out of the collector's reach (`gc.freeze`), its full
    passes no longer walk it again and again; and the collector runs less often (GC_THRESHOLD)."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    first = {name: k for k, name in enumerate(RUN_FIRST)}
    items.sort(key=lambda item: first.get(item.nodeid.split("[", 1)[0], len(first)))


@pytest.fixture(scope="session")
def shipped_space(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StateSpace]:
    """Every state of the shipped story (the exhaustive search, at most 1,000,000 states). Shared:
    tests read it and never change it. Searched once per run, not once per xdist worker: the
    first worker to need it searches, the others read its result (tests/shared_search.py)."""
    run = tmp_path_factory.getbasetemp().parent if "PYTEST_XDIST_WORKER" in os.environ else None
    with shared_space(run, lambda: load_story(SCENES), lambda story: search(story, 1_000_000)) as space:
        gc.freeze()  # its millions of tuples live to the end: a full pass walked them for 1 to 2 s each time
        yield space
