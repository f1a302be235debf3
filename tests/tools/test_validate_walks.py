"""`validate` reads walkthroughs too: every name they use is checked against the pack, at its own position."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main

TYPOS = """\
steps:
  - choose: wiat
  - choose: {id: run, outcome: 3}
  - choose: {id: wait, outcome: 0}
  - expect: {scene: stret, vars: {haet: 1}, open: [pain], closed: [street.walk]}
ending: caugth
"""


def lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


def test_names_a_walk_in_the_pack_gets_wrong_are_errors_with_did_you_mean(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    pack = make_pack()
    (pack / "tests").mkdir()
    (pack / "tests" / "typos.walk.yaml").write_text(TYPOS)
    assert main(["validate", str(pack)]) == 1
    walk = pack / "tests" / "typos.walk.yaml"
    found = [line for line in lines(capsys) if line.endswith("[LB114]")]
    assert found == [
        f"{walk}:2:13: error: the walk chooses 'wiat', which is no choice of the story (did you mean 'wait'?) [LB114]",
        f"{walk}:3:32: error: the walk forces outcome 3 of 'run', which has 2 outcomes (0 to 1) [LB114]",
        f"{walk}:4:33: error: the walk forces outcome 0 of 'wait', which is not a chance choice (it has no 'outcomes:') [LB114]",
        f"{walk}:5:21: error: the walk expects scene 'stret', which the story does not have (did you mean 'street'?) [LB114]",
        f"{walk}:5:35: error: the walk expects variable 'haet', which the story does not declare (did you mean 'heat'?) [LB114]",
        f"{walk}:5:52: error: the walk expects 'pain' open, which is no choice of the story (did you mean 'paint'?) [LB114]",
        f"{walk}:6:9: error: the walk expects ending 'caugth', which the story does not have (did you mean 'caught'?) [LB114]",
    ]


def test_walks_elsewhere_are_checked_when_named(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--walks adds a file or folder outside the pack; --json carries the same findings."""
    pack = make_pack()
    outside = tmp_path / "qa"
    outside.mkdir()
    (outside / "x.walk.yaml").write_text("steps:\n  - choose: wiat\n")
    assert main(["validate", str(pack)]) == 0
    capsys.readouterr()
    assert main(["validate", str(pack), "--walks", str(outside), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["line"], d["col"]) for d in report["diagnostics"] if d["code"] == "LB114"] == [("LB114", 2, 13)]


def test_a_broken_walk_file_is_a_load_error_and_another_packs_walk_is_skipped(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    pack, other = make_pack(), make_pack()
    (pack / "bad.walk.yaml").write_text("stepz: []\n")
    (pack / "theirs.walk.yaml").write_text(f"scenes: {other}\nsteps:\n  - choose: nothing_here\n")
    assert main(["validate", str(pack)]) == 1
    err = lines(capsys)
    assert any("bad.walk.yaml:1:1: error: unknown key 'stepz'" in line for line in err)
    assert not any("theirs.walk.yaml" in line for line in err)


def test_a_walk_that_names_only_real_things_is_clean(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    pack = make_pack()
    (pack / "ok.walk.yaml").write_text("steps:\n  - expect: {scene: street, open: [wait], closed: [walk]}\n  - choose: street.run\nending: caught\n")
    assert main(["validate", "--strict", str(pack), "--ignore", "LB104,LB120"]) == 0
