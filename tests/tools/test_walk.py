"""`lostbullet walk`: scripted playthroughs, their failures and transcripts."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main


def write_walk(folder: Path, text: str, name: str = "t.walk.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


PASSING = """\
seed: 1
steps:
  - expect: {scene: street, vars: {heat: 0}, text_contains: wet street}
  - choose: wait
  - choose: street.wait
  - expect:
      scene: street
      vars: {heat: 2}
      text_contains: [Sirens, "2 of them"]
  - choose: walk
  - expect: {scene: home}
"""


def test_passing_walk_exits_0(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every expectation holds: exit 0 and an 'ok' line with the number of choices."""
    walk = write_walk(tmp_path, PASSING)
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 0
    err = capsys.readouterr().err
    assert err.startswith("ok   ") and "t.walk.yaml (3 choices;" in err


def test_failed_expectation_names_step_expected_actual_and_path(
    make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wrong variable value fails with file:line:col of the step, both values and the choices so far."""
    walk = write_walk(tmp_path, PASSING.replace("vars: {heat: 2}", "vars: {heat: 3}"))
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 1
    err = capsys.readouterr().err
    assert "t.walk.yaml:6:5: step 4: expected heat == 3, got 2" in err
    assert "after: street.wait -> street.wait" in err


def test_unavailable_choice_fails_the_walk(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Choosing a closed choice fails and lists the choices open there."""
    walk = write_walk(tmp_path, "steps:\n  - choose: walk\n")
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 1
    err = capsys.readouterr().err
    assert "step 1: cannot choose 'walk'" in err and "open here: wait, paint, run" in err


def test_expected_ending_is_checked(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ending:` must match the ending reached; a walk that stops short fails."""
    walk = write_walk(tmp_path, "seed: 1\nsteps:\n  - choose: wait\nending: caught\n")
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 1
    assert "expected ending 'caught', got scene 'street', which is not an ending" in capsys.readouterr().err


def test_chance_outcome_is_deterministic_per_seed(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """The same seed always draws the same outcome, so a walk through chance is stable."""
    pack = make_pack()
    results = set()
    for _ in range(3):
        walk = write_walk(tmp_path, "seed: 7\nsteps:\n  - choose: run\nending: escaped\n")
        results.add(main(["walk", str(walk), "--scenes", str(pack)]))
    assert len(results) == 1


def test_transcript_shows_what_the_player_read(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--transcript prints each scene and each choice taken, as plain mode shows them."""
    walk = write_walk(tmp_path, PASSING)
    assert main(["walk", "--transcript", str(walk), "--scenes", str(make_pack())]) == 0
    out = capsys.readouterr().out
    assert out.index("# The street (0)") < out.index("> 1. Wait") < out.index("# The street (1)")
    assert "> 4. Walk home" in out and "# Home" in out


def test_bad_walk_file_reports_position(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown key in a walkthrough is a diagnostic with its position, and the run fails."""
    walk = write_walk(tmp_path, "seed: 1\nstep:\n  - choose: wait\n")
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 1
    err = capsys.readouterr().err
    assert "t.walk.yaml:2:1: error: unknown key 'step' (did you mean 'steps'?)" in err


def test_step_with_both_actions_is_rejected(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A step must be either choose or expect."""
    walk = write_walk(tmp_path, "steps:\n  - {choose: wait, expect: {scene: street}}\n")
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 1
    assert "either 'choose: ID' or 'expect" in capsys.readouterr().err


def test_walk_file_can_name_its_own_pack(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """`scenes:` in the walk file, relative to it, picks the pack without --scenes."""
    pack = make_pack()
    walk = write_walk(pack, "scenes: .\nsteps:\n  - choose: wait\n  - expect: {vars: {heat: 1}}\n", "x.walk.yaml")
    assert main(["walk", str(walk)]) == 0
