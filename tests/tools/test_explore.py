"""The explorers: coverage, injected faults found with shortest paths, reproducible reports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main
from game.session import Session
from game.story.loader import load_story
from game.story.model import Story
from game.tools.explore import exhaustive_report, explore_exhaustive, explore_random
from game.tools.explore_report import to_json, to_text
from game.tools.statespace import StateSpace

FAULT_STORY = """\
title: Faults
version: 1
start: a
variables:
  lucky: {type: bool, initial: false}
  n: {type: int, initial: 0, min: 0, max: 2}
"""


def pack(make_pack: Callable[..., Path], scenes: str) -> Story:
    return load_story(make_pack(FAULT_STORY, {"s.yaml": scenes}))


LOOP = """\
act: 1
scenes:
  a:
    title: A
    text: a
    choices:
      - {id: fine, text: Fine, to: end}
      - {id: detour, text: Detour, to: c}
  c:
    title: C
    text: c
    choices:
      - {id: trap, text: Trap, to: loop1}
      - {id: home, text: Home, to: end}
  loop1:
    title: L1
    text: l
    choices:
      - {id: next, text: Next, do: n += 1, to: loop2}
  loop2:
    title: L2
    text: l
    choices:
      - {id: back, text: Back, to: loop1}
  end:
    title: End
    text: e
    ending: {id: end, kind: alternate, title: End}
"""

STUCK = """\
act: 1
scenes:
  a:
    title: A
    text: a
    choices:
      - {id: fine, text: Fine, to: end}
      - {id: wander, text: Wander, to: b}
  b:
    title: B
    text: b
    choices:
      - {id: go, text: Go, if: lucky, to: end}
  end:
    title: End
    text: e
    ending: {id: end, kind: alternate, title: End}
"""

HIDDEN = """\
act: 1
scenes:
  a:
    title: A
    text: a
    choices:
      - {id: fine, text: Fine, to: end}
      - {id: secret, text: Secret, if: lucky and n > 1, to: hidden}
  end:
    title: End
    text: e
    ending: {id: end, kind: alternate, title: End}
  hidden:
    title: Hidden
    text: h
    ending: {id: hidden, kind: alternate, title: Hidden}
"""

CHANCE = """\
act: 1
scenes:
  a:
    title: A
    text: a
    choices:
      - id: dice
        text: Dice
        outcomes:
          - {weight: 1, to: end}
          - {weight: "1 if n == 0 else 0", to: b, do: n += 1}
  b:
    title: B
    text: b
    choices:
      - {id: again, text: Again, to: a}
      - id: broken
        text: Broken
        outcomes:
          - {weight: n - 1, to: end}
  end:
    title: End
    text: e
    ending: {id: end, kind: alternate, title: End}
"""


def test_two_scene_loop_is_a_softlock_with_the_shortest_path(make_pack: Callable[..., Path]) -> None:
    """A loop with no way out is reported once per scene, each at its nearest state."""
    report = explore_exhaustive(pack(make_pack, LOOP), 10_000)
    assert report.complete and not report.dead_ends
    assert [(f.scene, f.path) for f in report.softlocks] == [
        ("loop1", ["a.detour", "c.trap"]),
        ("loop2", ["a.detour", "c.trap", "loop1.next"]),
    ]
    assert not report.ok


def test_softlock_path_replays_to_the_same_state(make_pack: Callable[..., Path]) -> None:
    """Replaying a reported path through the session lands in the reported scene, from which no ending is reachable."""
    story = pack(make_pack, LOOP)
    finding = explore_exhaustive(story, 10_000).softlocks[1]
    session = Session(story)
    for event in finding.path:
        session.choose(event)
    assert session.scene_id == finding.scene == "loop2"
    for _ in range(10):  # whatever the player does from here, no ending comes
        session.choose(session.open_choice_ids()[0])
        assert session.ending is None


def test_softlock_path_replays_through_walk(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """The same path, written as a walkthrough, passes `walk` with the reported scene expected."""
    story_dir = make_pack(FAULT_STORY, {"s.yaml": LOOP})
    finding = explore_exhaustive(load_story(story_dir), 10_000).softlocks[0]
    steps = "".join(f"  - choose: {event}\n" for event in finding.path)
    walk = tmp_path / "replay.walk.yaml"
    walk.write_text(f"scenes: {story_dir}\nsteps:\n{steps}  - expect: {{scene: {finding.scene}}}\n")
    assert main(["walk", str(walk)]) == 0


def test_scene_with_no_open_choice_is_a_dead_end(make_pack: Callable[..., Path]) -> None:
    """A scene whose only choice never opens is a dead end, with the path that reaches it."""
    report = explore_exhaustive(pack(make_pack, STUCK), 10_000)
    assert [(f.scene, f.path) for f in report.dead_ends] == [("b", ["a.wander"])]
    assert report.softlocks == []


def test_ending_behind_a_never_true_condition_is_unreachable(make_pack: Callable[..., Path]) -> None:
    """An ending no state can reach is reported with its scene and choice as never reached."""
    report = explore_exhaustive(pack(make_pack, HIDDEN), 10_000)
    data = to_json(report)
    assert data["coverage"]["endings"]["missed"] == ["hidden"]
    assert data["coverage"]["scenes"]["missed"] == ["hidden"]
    assert data["coverage"]["choices"]["missed"] == ["a.secret"]
    assert not report.ok


def test_chance_outcomes_are_branches_and_zero_weights_are_errors(make_pack: Callable[..., Path]) -> None:
    """Every outcome with a positive weight is followed; a choice whose weights all come to 0 is an engine error."""
    report = explore_exhaustive(pack(make_pack, CHANCE), 10_000)
    assert report.scenes == {"a", "b", "end"}
    (error,) = report.errors
    assert error.scene == "b" and "weight 0" in error.message
    assert error.path == ["a.dice"] and error.outcomes == [1]
    session = Session(pack(make_pack, CHANCE))
    for event, outcome in zip(error.path, error.outcomes):
        session.choose(event, outcome)
    assert session.scene_id == "b"


def test_max_states_says_the_search_is_incomplete(make_pack: Callable[..., Path]) -> None:
    """A search stopped by --max-states is marked incomplete and does not claim soft-locks or absences."""
    report = explore_exhaustive(pack(make_pack, LOOP), 2)
    assert not report.complete and report.states == 2 and report.softlocks == []
    assert to_json(report)["complete"] is False


def test_random_play_finds_a_dead_end_with_seed_and_shrunk_path(make_pack: Callable[..., Path]) -> None:
    """Random play reports the dead end once, with a seed and the one-step path that reproduces it."""
    story = pack(make_pack, STUCK)
    report = explore_random(story, 40, seed=5)
    (finding,) = report.dead_ends
    assert finding.scene == "b" and finding.path == ["a.wander"] and finding.count > 1
    session = Session(story, finding.seed or 0)
    for event in finding.path:
        session.choose(event)
    assert session.scene_id == "b" and not session.open_choice_ids()


def test_random_shrinks_a_long_path(make_pack: Callable[..., Path]) -> None:
    """A dead end first met after wandering is reported with the shortest path under the same seed."""
    scenes = STUCK.replace(
        "      - {id: wander, text: Wander, to: b}",
        "      - {id: wander, text: Wander, to: b}\n      - {id: stay, text: Stay, do: n += 1, to: a}",
    )
    report = explore_random(pack(make_pack, scenes), 60, seed=2)
    (finding,) = report.dead_ends
    assert finding.path == ["a.wander"]


def test_same_seed_same_report(make_pack: Callable[..., Path]) -> None:
    """Identical seeds give identical JSON reports; another seed is free to differ."""
    story = pack(make_pack, CHANCE)
    first = json.dumps(to_json(explore_random(story, 30, seed=9)))
    assert first == json.dumps(to_json(explore_random(story, 30, seed=9)))


def test_shipped_story_exhaustive_reaches_every_ending_with_no_softlock(shipped_space: StateSpace) -> None:
    """The whole shipped story is searched to completion: every ending reachable, no dead end, soft-lock or error."""
    report = exhaustive_report(shipped_space)
    assert report.complete
    assert report.unreached_endings == []
    assert report.dead_ends == [] and report.softlocks == [] and report.errors == []
    assert report.scenes == set(report.story.scenes)


def test_cli_json_and_exit_code(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """`explore --exhaustive --json` prints the documented fields and exits 1 on a fault."""
    folder = make_pack(FAULT_STORY, {"s.yaml": STUCK})
    assert main(["explore", "--exhaustive", "--json", "--scenes", str(folder)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"coverage", "choices_made", "dead_ends", "softlocks", "errors", "complete", "ok", "states"} <= set(data)
    assert isinstance(data["choices_made"], int) and data["choices_made"] == 2
    assert data["dead_ends"] == [{"scene": "b", "path": ["a.wander"], "count": 1}]
    assert data["coverage"]["scenes"] == {"reached": 3, "total": 3, "percent": 100.0, "missed": []}


def test_cli_clean_pack_exits_0(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """A pack with no fault passes both explorers with exit 0 and a readable summary."""
    folder = make_pack()
    assert main(["explore", "--random", "50", "--seed", "1", "--scenes", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "50 random playthroughs from seed 1" in out and out.rstrip().endswith("OK")
    assert main(["explore", "--exhaustive", "--scenes", str(folder)]) == 0


def test_cli_junit(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """--junit writes well-formed XML with a failing case per fault and a case per ending."""
    folder = make_pack(FAULT_STORY, {"s.yaml": LOOP})
    junit = tmp_path / "explore.xml"
    assert main(["explore", "--exhaustive", "--junit", str(junit), "--scenes", str(folder)]) == 1
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    names = {case.get("name"): case.find("failure") is not None for case in suite.iter("testcase")}
    assert names["ending end is reachable"] is False
    assert names["soft-lock in loop1"] is True and names["soft-lock in loop2"] is True
    assert suite.get("failures") == "2"


def test_cli_requires_a_mode(capsys: pytest.CaptureFixture[str]) -> None:
    """`explore` without --random or --exhaustive is a usage error."""
    with pytest.raises(SystemExit) as exit_info:
        main(["explore"])
    assert exit_info.value.code == 2


def test_the_last_line_says_why_it_failed(make_pack: Callable[..., Path]) -> None:
    """CI logs show the last line: FAILED names what failed, and for random play that more runs may help."""
    from game.tools.explore_report import to_text

    hidden = pack(make_pack, HIDDEN)
    assert to_text(explore_exhaustive(hidden, 10_000)).splitlines()[-1] == "FAILED: 1 ending not reached"
    last = to_text(explore_random(hidden, 3, 0)).splitlines()[-1]
    assert last == "FAILED: 1 ending not reached (more runs may reach them: raise --random, or prove it with --exhaustive)"
    stuck = to_text(explore_exhaustive(pack(make_pack, STUCK), 10_000)).splitlines()[-1]
    assert stuck == "FAILED: 1 dead end"


def test_random_runs_that_never_end_name_their_seed_path_and_loop(make_pack: Callable[..., Path]) -> None:
    """A run trapped in loop1 <-> loop2 is reported with the scenes it goes round, its seed and
    the path into the loop, which replays with that seed; the same loop is reported once."""
    story = pack(make_pack, LOOP)
    report = explore_random(story, 30, seed=4, max_steps=200)
    assert report.too_long > 0
    (finding,) = report.loops
    assert finding.loop == ("loop1", "loop2") and finding.count == report.too_long
    assert finding.path == ["a.detour", "c.trap"] and finding.seed is not None
    assert finding.message == "no ending within 200 choices; the run goes round 'loop1', 'loop2'"
    session = Session(story, finding.seed)
    for event in finding.path:
        session.choose(event)
    assert session.scene_id == "loop1"
    text = to_text(report)
    assert "  in 'loop1': no ending within 200 choices; the run goes round 'loop1', 'loop2'" in text
    assert f"    path: a.detour -> c.trap (seed {finding.seed})" in text
    assert to_json(report)["loops"][0]["loop"] == ["loop1", "loop2"]
