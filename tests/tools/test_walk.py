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
    assert "t.walk.yaml:8:20: step 4: expected heat == 3, got 2" in err  # at the value, not the step
    assert "after: street.wait -> street.wait" in err


@pytest.mark.parametrize(
    ("wrong", "at"),
    [
        ('scene: street, vars: {heat: 2}', "7:14"),  # the value of scene:
        ('text_contains: [Sirens, "3 of them"]', "9:31"),  # the one string of the list that is missing
        ("text_contains: Nothing here", "9:22"),
    ],
)
def test_each_failed_expectation_points_at_its_own_value(
    make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], wrong: str, at: str
) -> None:
    """The line and column of the very value that did not hold, whichever key of `expect` it is."""
    text = PASSING.replace("      scene: street\n      vars: {heat: 2}", "      scene: home\n      vars: {heat: 2}") if wrong.startswith("scene") else PASSING
    if not wrong.startswith("scene"):
        text = text.replace('text_contains: [Sirens, "2 of them"]', wrong)
    walk = write_walk(tmp_path, text)
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 1
    assert f"t.walk.yaml:{at}: step 4:" in capsys.readouterr().err


def test_unavailable_choice_fails_the_walk(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Choosing a closed choice fails and lists the choices open there."""
    walk = write_walk(tmp_path, "steps:\n  - choose: walk\n")
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 1
    err = capsys.readouterr().err
    assert "t.walk.yaml:2:13: step 1: cannot choose 'walk'" in err and "open here: wait, paint, run" in err  # at the id


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


@pytest.mark.parametrize("outcome, ending", [(0, "escaped"), (1, "caught")])
def test_a_step_can_force_a_chance_outcome(make_pack: Callable[..., Path], tmp_path: Path, outcome: int, ending: str) -> None:
    """`choose: {id, outcome}` takes that outcome (counted from 0, as explore reports them), whatever the seed."""
    pack = make_pack()
    for seed in (0, 1, 2, 3):
        walk = write_walk(tmp_path, f"seed: {seed}\nsteps:\n  - choose: {{id: run, outcome: {outcome}}}\nending: {ending}\n")
        assert main(["walk", str(walk), "--scenes", str(pack)]) == 0


@pytest.mark.parametrize(
    "choose, message",
    [
        ("{id: run, outcome: 2}", "step 1: 'run' has 2 outcomes (0 to 1), not an outcome 2"),
        ("{id: wait, outcome: 0}", "step 1: 'wait' is not a chance choice"),
        ("{id: wlak, outcome: 0}", "step 1: cannot choose 'wlak'"),
    ],
)
def test_a_forced_outcome_that_cannot_be_taken_fails(
    make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], choose: str, message: str
) -> None:
    walk = write_walk(tmp_path, f"steps:\n  - choose: {choose}\n")
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 1
    assert message in capsys.readouterr().err


def test_expect_checks_title_and_open_and_closed_choices(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """`title`, `open` and `closed` hold at the start of the tiny story, and again after two waits."""
    walk = write_walk(
        tmp_path,
        """\
        steps:
          - expect: {title: The street (0), open: [wait, paint, run], closed: [walk]}
          - choose: wait
          - choose: wait
          - expect: {title: The street (2), open: [walk]}
        """,
    )
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 0


@pytest.mark.parametrize(
    "expect, message",
    [
        ("{closed: [wait]}", "step 1: expected choice 'wait' to be closed in 'street', but it is open (open here: wait, paint, run)"),
        ("{open: [walk]}", "step 1: expected choice 'walk' to be open in 'street', but it is closed"),
        ("{open: [wiat]}", "step 1: scene 'street' has no choice 'wiat' (did you mean 'wait'?)"),
        ("{title: Street}", "step 1: expected the title 'Street', got 'The street (0)'"),
        ("{vars: {haet: 0}}", "the story declares no such variable (did you mean 'heat'?)"),
    ],
)
def test_a_wrong_expectation_says_what_was_found(
    make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], expect: str, message: str
) -> None:
    walk = write_walk(tmp_path, f"steps:\n  - expect: {expect}\n")
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 1
    assert message in capsys.readouterr().err


def test_an_ending_typo_says_there_is_no_such_ending(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    walk = write_walk(tmp_path, "steps:\n  - choose: {id: run, outcome: 1}\nending: caugth\n")
    assert main(["walk", str(walk), "--scenes", str(make_pack())]) == 1
    assert "expected ending 'caugth', but the story has no such ending (did you mean 'caught'?)" in capsys.readouterr().err


def test_a_walk_plays_the_pack_it_sits_in(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Without `scenes:` or --scenes, a walk in PACK/tests/ plays PACK (its story.yaml is above the walk)."""
    pack = make_pack()
    (pack / "tests").mkdir()
    walk = write_walk(pack / "tests", "steps:\n  - expect: {scene: street}\n")
    assert main(["walk", str(walk)]) == 0
    assert "note:" not in capsys.readouterr().err


def test_a_walk_with_no_pack_says_it_plays_the_default_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No pack at or above the walk: it plays the default story, and one line on stderr says so."""
    first = write_walk(tmp_path, "steps:\n  - expect: {scene: stakeout}\n", "a.walk.yaml")
    write_walk(tmp_path, "steps:\n  - expect: {scene: stakeout}\n", "b.walk.yaml")
    assert main(["walk", str(tmp_path)]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("lostbullet: note:")]
    assert len(notes) == 1 and "no scene pack at or above" in notes[0] and "playing the default story" in notes[0]
    assert first.is_file()


def test_a_golden_transcript_keeps_each_paragraph_on_one_line(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """However long a paragraph, it is one line of the transcript: an edit is a one-line diff."""
    long = " ".join(["The rain keeps on."] * 12)
    pack = make_pack(files={"scenes.yaml": f"act: 1\nscenes:\n  street:\n    title: Street\n    text: {long}\n    ending: {{id: e, kind: alternate, title: E}}\n"})
    walk = write_walk(tmp_path, "steps: []\n")
    assert main(["walk", str(walk), "--scenes", str(pack), "--bless"]) == 0
    assert long in walk.with_name("t.walk.transcript").read_text().splitlines()


def test_the_format_guides_example_walk_passes_on_the_shipped_story(tmp_path: Path) -> None:
    """The example at the top of scenes/README.md's walkthrough section plays as written."""
    from tests.conftest import SCENES

    section = (SCENES / "README.md").read_text(encoding="utf-8").split("## Walkthroughs (`*.walk.yaml`)", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    walk = write_walk(tmp_path, example.replace("scenes: ../../scenes", f"scenes: {SCENES}"))
    assert main(["walk", str(walk)]) == 0
