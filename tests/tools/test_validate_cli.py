"""`lostbullet validate` from the command line: exit codes, text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main
from tests.conftest import TINY_SCENES


def test_clean_pack_exits_0_with_a_summary(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """A pack without errors: exit 0, counts on stdout, only the linter's warnings on stderr."""
    assert main(["validate", str(make_pack())]) == 0
    out, err = capsys.readouterr()
    assert "4 scenes, 5 choices, 2 endings, 3 variables; 1 warning, no errors" in out
    assert ": error:" not in err and "variable 'lucky' is written but never read" in err


def test_errors_exit_1_each_on_its_own_line(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Two independent mistakes are both reported, as file:line:col lines on stderr."""
    broken = TINY_SCENES.replace("to: home", "to: hom").replace("heat >= 2", "heet >= 2")
    assert main(["validate", "--scenes", str(make_pack(files={"scenes.yaml": broken}))]) == 1
    _, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert len(lines) == 2
    assert "unknown scene 'hom' (did you mean 'home'?)" in err
    assert "undeclared variable 'heet' (did you mean 'heat'?)" in err


def test_json_output(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints one document with ok, counts and each diagnostic's code and position."""
    broken = TINY_SCENES.replace("to: home", "to: hom")
    assert main(["validate", "--json", str(make_pack(files={"scenes.yaml": broken}))]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["errors"] == 1
    (diag,) = report["diagnostics"]
    assert (diag["code"], diag["name"], diag["severity"]) == ("LB008", "unknown-scene", "error")
    assert diag["file"].endswith("scenes.yaml") and (diag["line"], diag["col"]) == (17, 56)


@pytest.mark.parametrize("how", [["validate"], ["validate", "--scenes"], ["graph", "--scenes"], ["explore", "--random", "1", "--scenes"]])
def test_a_pack_that_is_not_a_folder_is_bad_input(how: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder the user named that does not exist (or is a file) is one line and exit 2, as bad input."""
    assert main([*how, str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err.endswith("nope: no such folder; a scene pack is a folder holding story.yaml\n")
    (tmp_path / "file").write_text("x")
    assert main([*how, str(tmp_path / "file")]) == 2
    assert "file: not a folder" in capsys.readouterr().err


def test_deep_says_in_its_summary_that_it_ran(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    pack = str(make_pack())
    main(["validate", pack])
    assert "deep check" not in capsys.readouterr().out
    main(["validate", "--deep", pack])
    assert capsys.readouterr().out.rstrip().endswith("no errors; deep check: every reachable state explored")
    main(["validate", "--deep", "--max-states", "2", pack])
    assert "deep check incomplete (LB111)" in capsys.readouterr().out


def test_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown option exits 2 with argparse's one-line message."""
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--bogus"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_bad_seed_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`--seed abc` is refused before anything runs."""
    with pytest.raises(SystemExit) as exit_info:
        main(["play", "--plain", "--seed", "abc"])
    assert exit_info.value.code == 2
