"""`lostbullet serve` in a real browser: Debian's Chromium, driven by Playwright, plays one choice.

The server runs in its own process group on a free port of 127.0.0.1. The page draws the
terminal on canvases (xterm.js), so the test reads what the game wrote from the websocket
frames, which carry the terminal output as plain ANSI. Playwright never downloads a
browser: it runs /usr/bin/chromium, and the test is skipped only when that is missing
(CI installs it in .ci/run).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANSI = re.compile(r"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install -y chromium; .ci/run does it)"
)


def free_port() -> int:
    """A port nobody listens on now (textual-serve needs the real number, not 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(make_pack: Callable[..., Path], tmp_path: Path) -> Iterator[str]:
    """`lostbullet serve` on the tiny pack; yields its URL; stops it (and only it) afterwards."""
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "game", "serve", "--port", str(port), "--scenes", str(make_pack()), "--saves", str(tmp_path / "saves")],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start listening within 30 s"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
        log.close()


def test_served_game_plays_one_choice_in_chromium(served: str, tmp_path: Path) -> None:
    """The page connects, shows the title screen; n starts the game, 1 takes a choice, the scene changes."""
    from playwright.sync_api import sync_playwright

    frames: list[str] = []

    def record(payload: str | bytes) -> None:
        frames.append(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload)

    def screen_text(start: int = 0) -> str:
        return ANSI.sub("", "".join(frames[start:]))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        try:
            page = browser.new_page()
            page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
            page.on("websocket", lambda socket_: socket_.on("framereceived", record))

            def wait_for(text: str, start: int = 0) -> None:
                deadline = time.monotonic() + 20
                while text not in screen_text(start):
                    assert time.monotonic() < deadline, f"{text!r} never appeared; the page showed: {screen_text(start)[-800:]!r}"
                    page.wait_for_timeout(100)

            page.goto(served)
            wait_for("New game")
            page.focus(".xterm-helper-textarea")
            page.keyboard.press("n")
            wait_for("The street (0)")
            mark = len(frames)
            page.keyboard.press("1")
            wait_for("The street (1)", mark)
        finally:
            browser.close()
    assert (tmp_path / "saves" / "autosave.json").is_file()
