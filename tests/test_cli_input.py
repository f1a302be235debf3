"""Hostile command-line input: one line and a non-zero exit, never a traceback (issue 14, point 7)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main
from tests.conftest import REPO


def one_error_line(err: str) -> str:
    """The message of a failed command: no traceback, and the last line says what went wrong."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "the command failed without a word"
    return lines[-1]


def test_load_with_an_empty_value_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """argparse reads `--load=--` as an empty list; it is a usage error, not a TypeError."""
    assert main(["play", "--plain", "--load=--", "--saves", str(tmp_path)]) == 2
    assert one_error_line(capsys.readouterr().err) == "lostbullet: error: --load needs a save name"


@pytest.mark.parametrize("option", ["validate", "--scenes", "--saves"])
def test_a_path_too_long_for_the_system_is_bad_input(option: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["validate", "a" * 5000] if option == "validate" else ["play", "--plain", option, "/x" * 2500]
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    line = one_error_line(capsys.readouterr().err)
    assert "path too long (5,000 bytes)" in line and len(line) < 200


def test_a_component_too_long_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["walk", "b" * 300 + ".walk.yaml"])
    assert exit_.value.code == 2
    assert "path too long" in one_error_line(capsys.readouterr().err)


def test_new_refuses_an_id_too_long_to_name_a_file(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    pack = make_pack()
    before = sorted(p.name for p in pack.rglob("*"))
    assert main(["new", "a" * 300, "--scenes", str(pack)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == "lostbullet: error: a new scene id can have at most 64 characters, not 300: it names the file too"
    assert sorted(p.name for p in pack.rglob("*")) == before


def test_schema_write_where_no_folder_can_be(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The pack's schema/ is a file: mkdir fails as it would in /proc, even for root."""
    pack = make_pack()
    (pack / "schema").write_text("not a folder")
    assert main(["schema", "--write", "--scenes", str(pack)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("lostbullet: error: cannot write the schemas into ") and line.endswith("schema: File exists")
    assert (pack / "schema").read_text() == "not a folder"


@pytest.fixture
def walk_file(tmp_path: Path) -> Path:
    """A shipped walkthrough copied out beside the checkout's scenes (its `scenes:` key is relative)."""
    walks = REPO / "tests" / "walkthroughs"
    target = tmp_path / "act1_favour.walk.yaml"
    shutil.copy(walks / "act1_favour.walk.yaml", target)
    text = target.read_text(encoding="utf-8")
    return target if "scenes:" not in text else pytest.skip("the walkthrough names its own pack")


def test_a_golden_transcript_that_is_a_folder(walk_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    walk_file.with_name("act1_favour.walk.transcript").mkdir()
    assert main(["walk", str(walk_file), "--scenes", str(REPO / "scenes"), "--bless"]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert line.endswith("act1_favour.walk.transcript: the golden transcript is not a file; remove it and --bless again")
    assert walk_file.with_name("act1_favour.walk.transcript").is_dir()


def test_a_golden_transcript_that_is_not_utf8(walk_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    golden = walk_file.with_name("act1_favour.walk.transcript")
    golden.write_bytes(b"\xff\xfe# not text")
    assert main(["walk", str(walk_file), "--scenes", str(REPO / "scenes")]) == 1
    assert "the golden transcript is not UTF-8 text" in one_error_line(capsys.readouterr().err)
    assert golden.read_bytes() == b"\xff\xfe# not text"


def test_junit_into_a_folder_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = main(["explore", "--random", "1", "--scenes", str(REPO / "scenes"), "--junit", str(blocker / "report.xml")])
    assert code == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("lostbullet: error: --junit ") and "Not a directory" in line


def test_control_characters_in_a_named_file_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    main(["explore", "--random", "1", "--scenes", str(REPO / "scenes"), "--junit", str(blocker / "\x1b]0;pwned\x07.xml")])
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;pwned\\x07" in err


def test_whatever_the_system_refuses_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The last resort: an OSError no command handled itself still gives one escaped line and exit 1."""
    import game.tools.graph

    def refuse(*_args: object, **_options: object) -> int:
        raise PermissionError(13, "Permission denied", "/srv/\x1b[2Jpack")

    monkeypatch.setattr(game.tools.graph, "run_graph", refuse)
    assert main(["graph"]) == 1
    assert one_error_line(capsys.readouterr().err) == "lostbullet: error: /srv/\\x1b[2Jpack: Permission denied"


def test_a_broken_pipe_is_still_quiet(tmp_path: Path) -> None:
    """BrokenPipeError is an OSError too, but `graph | head` leaving early is success, with no message.

    The graph of 300 generated scenes is far more than a pipe holds, so the write really breaks.
    """
    import subprocess
    import sys

    from game.tools.generate import generate

    pack = generate(tmp_path / "pack", scenes=300)
    command = [sys.executable, "-m", "game", "graph", "--format", "json", "--scenes", str(pack)]
    pipe = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    assert pipe.stdout is not None and pipe.stdout.readline()
    pipe.stdout.close()  # the reader leaves after one line, as `head -1` does
    _, err = pipe.communicate(timeout=30)
    assert pipe.returncode == 0 and err == b""
