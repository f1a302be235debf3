"""Plain mode end to end: a real subprocess with piped stdin, as a pipe or screen reader sees it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def play(pack: Path, keys: str, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--scenes", str(pack), "--seed", "1", *extra],
        input=keys,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_full_run_to_an_ending(make_pack: Callable[..., Path]) -> None:
    """Numbers pick choices; each scene prints a '# ' title, its text and numbered choices; the ending is announced."""
    result = play(make_pack(), "1\n1\n4\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "# The street (0)" in out and "  1. Wait" in out and "  3. Run" in out
    assert "# The street (2)" in out and "  4. Walk home" in out
    assert "# Home" in out and "Quiet." in out
    assert result.stderr == ""


def test_chance_choice_reaches_an_ending_and_reports_it(make_pack: Callable[..., Path]) -> None:
    """Running draws an outcome from the seed; the ending line names it."""
    result = play(make_pack(), "3\n")
    assert "THE END: " in result.stdout
    assert ("# Gone" in result.stdout) != ("# Caught" in result.stdout)


def test_bad_input_repeats_the_prompt_with_a_hint(make_pack: Callable[..., Path]) -> None:
    """Letters, out-of-range numbers and empty lines get a one-line hint and change nothing."""
    result = play(make_pack(), "x\n9\n\n0\n")
    assert result.returncode == 0
    assert result.stdout.count("Type a number from 1 to 3 (h for help).") == 4
    assert result.stdout.count("# The street") == 1


def test_undo_help_and_quit(make_pack: Callable[..., Path]) -> None:
    """`u` undoes, `u` at the start says so, `h` prints help, `q` quits with status 0."""
    result = play(make_pack(), "u\n1\nu\nh\nq\n1\n")
    out = result.stdout
    assert result.returncode == 0
    assert "Nothing to undo" in out
    assert out.count("# The street (0)") == 2 and out.count("# The street (1)") == 1
    assert "u         undo the last choice" in out


def test_end_of_input_exits_cleanly(make_pack: Callable[..., Path]) -> None:
    """Closing stdin mid-game exits with status 0 and no traceback."""
    result = play(make_pack(), "1\n")
    assert result.returncode == 0
    assert "Traceback" not in result.stderr and result.stderr == ""


def test_no_ansi_codes_in_a_pipe_even_with_color_allowed(make_pack: Callable[..., Path]) -> None:
    """stdout is a pipe here, so no escape codes are written."""
    result = play(make_pack(), "1\n", env={"TERM": "xterm-256color"})
    assert "\x1b" not in result.stdout


def test_bad_scene_pack_is_one_line_per_error_and_exit_1(make_pack: Callable[..., Path]) -> None:
    """Playing a broken pack prints diagnostics, not a traceback, and exits 1."""
    pack = make_pack(files={"s.yaml": "scenes:\n  street: {title: T, act: 1, text: x, choices: [{id: a, text: A, to: nowhere}]}\n"})
    result = play(pack, "")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "s.yaml:2:" in result.stderr and "unknown scene 'nowhere'" in result.stderr


def test_shipped_story_canonical_path_in_plain_mode() -> None:
    """Typing the numbers of the film's path plays the shipped opening to its last scene."""
    from game.session import Session
    from game.story.loader import load_story
    from game.tools.walk import load_walkthrough
    from tests.conftest import REPO, SCENES

    walk, _ = load_walkthrough(REPO / "tests" / "walkthroughs" / "canonical.walk.yaml")
    session = Session(load_story(SCENES), walk.seed)
    numbers = []
    for step in walk.steps:
        if step.choose:
            numbers.append(1 + [c.id for c in session.view().choices].index(step.choose))
            session.choose(step.choose)
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--seed", str(walk.seed)],
        input="".join(f"{n}\n" for n in numbers) + "q\n",
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("LOST BULLET 2\n")
    titles = [line for line in result.stdout.splitlines() if line.startswith("# ")]
    assert titles[0] == "# Night 182" and len(titles) == len(numbers) + 1
    assert f"THE END: {session.view().ending.title}" in result.stdout


def test_color_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bold titles on a terminal; none when NO_COLOR is set or TERM is dumb."""
    import io

    from game.plain import PlainGame
    from game.session import Session
    from game.story.loader import load_story
    from tests.conftest import SCENES

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def first_screen() -> str:
        out = Terminal()
        PlainGame(Session(load_story(SCENES)), io.StringIO(""), out).run()
        return out.getvalue()

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert "\x1b[1m# Night 182\x1b[0m" in first_screen()
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in first_screen()
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert "\x1b" not in first_screen()


def test_save_and_load_in_plain_mode(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """`s NAME` saves, `l NAME` loads it back later; a missing slot is one line, not a crash."""
    pack, saves = make_pack(), tmp_path / "saves"
    first = play(pack, "1\ns evening\nq\n", "--saves", str(saves))
    assert "Saved to 'evening'." in first.stdout and (saves / "evening.json").is_file()
    second = play(pack, "l evening\nl nothing\ns ../x\nq\n", "--saves", str(saves))
    out = second.stdout
    assert second.returncode == 0 and "Traceback" not in second.stderr
    assert "Loaded 'evening'." in out and out.count("# The street (1)") == 1
    assert "error: no save named 'nothing'" in out
    assert "error: bad save name '../x'" in out


def test_a_save_folder_that_cannot_be_made_is_one_line_and_exit_2(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """A save folder that cannot be created stops the game before it starts, with one line."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = play(make_pack(), "", "--saves", str(blocker / "saves"))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("lostbullet: error: --saves") and "cannot create the save folder" in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_quitting_in_a_pipe_ends_the_prompt_line(make_pack: Callable[..., Path]) -> None:
    """In a pipe nobody's Enter is echoed, so `q` must end the `> ` line itself."""
    result = play(make_pack(), "q\n")
    assert result.returncode == 0 and result.stdout.endswith("> \n")
