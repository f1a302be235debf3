"""The command line around the TUI: plain mode for pipes, --load in both modes, the TUI on a terminal, serve's checks."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from game.saves import SaveStore
from game.session import Session
from game.story.loader import load_story
from tests.conftest import REPO


def run(*args: str, keys: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], input=keys, capture_output=True, text=True, timeout=60, cwd=REPO
    )


def test_play_from_a_pipe_falls_back_to_plain_mode(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """Without --plain, a piped stdin/stdout still gets numbered lines, not a full-screen app."""
    result = run("play", "--scenes", str(make_pack()), "--saves", str(tmp_path), "--seed", "1", keys="1\nq\n")
    assert result.returncode == 0, result.stderr
    assert "# The street (0)" in result.stdout and "# The street (1)" in result.stdout
    assert "\x1b" not in result.stdout


def test_plain_load_resumes_a_save(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """--plain --load SLOT starts at the saved scene."""
    pack = make_pack()
    session = Session(load_story(pack), 3)
    session.choose("wait")
    session.choose("wait")
    SaveStore(tmp_path, session.story).save("evening", session)
    result = run("play", "--plain", "--scenes", str(pack), "--saves", str(tmp_path), "--load", "evening", keys="q\n")
    assert result.returncode == 0 and result.stderr == ""
    assert "# The street (2)" in result.stdout and "# The street (0)" not in result.stdout
    assert "(seed 3;" in result.stdout


def test_plain_load_of_a_bad_save_is_one_line_and_a_fresh_game(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """A damaged or missing save prints one line on stderr, then the game starts from the beginning."""
    (tmp_path / "bad.json").write_text("nope")
    for slot in ("bad", "missing"):
        result = run("play", "--plain", "--scenes", str(make_pack()), "--saves", str(tmp_path), "--load", slot, keys="q\n")
        assert result.returncode == 0
        assert len(result.stderr.splitlines()) == 1 and "starting a new game" in result.stderr
        assert "# The street (0)" in result.stdout


def test_a_bad_slot_name_is_a_usage_error(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """--load ../x is refused before anything starts, with exit code 2."""
    result = run("play", "--scenes", str(make_pack()), "--saves", str(tmp_path), "--load", "../x")
    assert result.returncode == 2 and "bad save name" in result.stderr


def test_serve_checks_its_port_and_the_pack_before_serving(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """A port out of range is a usage error; a broken pack prints its diagnostics and exits 1."""
    assert run("serve", "--port", "0").returncode == 2
    broken = make_pack(files={"s.yaml": "scenes:\n  street: {title: T, act: 1, text: x, choices: [{id: a, text: A, to: nowhere}]}\n"})
    result = run("serve", "--scenes", str(broken), "--saves", str(tmp_path))
    assert result.returncode == 1 and "unknown scene 'nowhere'" in result.stderr and "Traceback" not in result.stderr


def test_play_on_a_terminal_opens_the_tui(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    """On a pseudo-terminal, `lostbullet play` draws the title screen, and Ctrl+Q quits it with status 0."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("TEXTUAL_DRIVER", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "game", "play", "--scenes", str(make_pack()), "--saves", str(tmp_path)],
        stdin=slave, stdout=slave, stderr=slave, cwd=REPO, env=env, start_new_session=True,
    )
    os.close(slave)
    seen = b""
    try:
        deadline = time.monotonic() + 20
        while b"New game" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        assert b"New game" in seen and b"TINY" in seen
        os.write(master, b"\x11")  # Ctrl+Q
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    os.read(master, 65536)
                except OSError:
                    pass
        assert process.wait(timeout=5) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


def test_wheel_ships_the_tui_styles_and_help(tmp_path: Path) -> None:
    """A plain install carries app.tcss and help.md beside the modules that read them."""
    import zipfile

    build = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"game/tui/app.tcss", "game/tui/screens/help.md", "game/serve.py", "game/profile.py"} <= names
