"""The game in a real terminal (tmux) at 80x24 and 60x20: the footer fits, the side panel opens
as a drawer over the prose, a new act opens with its title card (issue 17, point 8), an ending's
menu is not covered, and every screen (journal, help, settings, story map, saves, gallery) opens
inside the terminal with its whole footer.

Pilot lays the screen out as Textual thinks it is; these read what a terminal actually shows
(`capture-pane`), so a key label cut at the edge or a stray character would be seen. They cost
seconds each (a real process start), so there are two. Skipped where tmux is missing; .ci/run
installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.tui.test_tui_layout import TWO_ACTS

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install -y tmux; .ci/run does it)")


class Terminal:
    """One game in a tmux session on a private socket."""

    def __init__(self, socket: str, width: int, height: int) -> None:
        self.tmux = ["tmux", "-L", socket]
        self.width, self.height = width, height

    def screen(self) -> list[str]:
        out = subprocess.run([*self.tmux, "capture-pane", "-p", "-t", "game"], capture_output=True, text=True, check=True).stdout
        return out.rstrip("\n").split("\n")

    def wait_for(self, seen: Callable[[list[str]], bool], what: str, seconds: float = 10.0) -> list[str]:
        """The screen once `seen` holds, polled every 50 ms; fails with the last screen."""
        deadline = time.monotonic() + seconds
        while True:
            lines = self.screen()
            if seen(lines):
                return lines
            if time.monotonic() > deadline:
                pytest.fail(f"never saw {what}:\n" + "\n".join(lines))
            time.sleep(0.05)

    def press(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", "game", *keys], check=True)


@pytest.fixture
def terminal(tmp_path: Path, make_pack: Callable[..., Path], request: pytest.FixtureRequest) -> Iterator[Callable[[int, int], Terminal]]:
    sockets: list[str] = []

    def start(width: int, height: int) -> Terminal:
        pack = make_pack(files=TWO_ACTS)
        socket = f"lb-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"  # never a server left by an earlier run
        sockets.append(socket)
        # the pane outlives the game for a while, so a crash leaves its message on the captured screen
        command = f"{sys.executable} -m game play --scenes {pack} --saves {tmp_path / 'saves'} --seed 1; echo game exited $?; sleep 30"
        # COLUMNS and LINES (set under pytest) would make Textual draw for a size that is not the pane's
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
        subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-s", "game", "-x", str(width), "-y", str(height), command], check=True, env=env)
        term = Terminal(socket, width, height)
        term.wait_for(lambda lines: any("New game" in line for line in lines), "the title screen")
        return term

    yield start
    for socket in sockets:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def _footer_ends(lines: list[str], last_key: str) -> bool:
    """The footer's keys (left of the palette key, when it shows) end with `last_key`'s whole label."""
    return lines[-1].split("▏")[0].rstrip().endswith(last_key)


def _story_checks(term: Terminal, palette_key: bool) -> None:
    """The checks both sizes share, from the title screen to Act II."""
    term.press("n")
    lines = term.wait_for(lambda lines: "ACT I, scene 1" in lines[0] and lines[-1].startswith("1-9"), "the first scene")
    assert "⭘" not in lines[0] and "The street (0)" in lines[0]
    footer = lines[-1].rstrip()
    assert len(footer) <= term.width and footer.startswith("1-9 Choose")
    assert footer.endswith("palette") == palette_key and ("? Help" in footer)
    if not palette_key:
        assert footer.endswith("? Help"), footer  # nothing cut, nothing stray after the last key
    prose_row = next(n for n, line in enumerate(lines) if "A wet street." in line)
    column = lines[prose_row].index("A wet street.")

    term.press("i")
    lines = term.wait_for(lambda lines: any("STATUS" in line for line in lines), "the side panel")
    heading = next(line for line in lines if "STATUS" in line)
    assert heading.index("STATUS") > term.width - 36  # a drawer at the right edge
    assert lines[prose_row].index("A wet street.") == column  # the prose was not squeezed
    term.press("Escape")
    lines = term.wait_for(lambda lines: not any("STATUS" in line for line in lines), "the drawer closed")
    assert "ACT I, scene 1" in lines[0]  # Escape closed the drawer, not the story

    term.press("1")
    term.wait_for(lambda lines: "scene 2" in lines[0], "the second scene")
    term.press("1")
    term.wait_for(lambda lines: "scene 3" in lines[0], "the third scene")
    term.press("4")
    # one frame: the card and the story's footer gone (a capture between the two is only a redraw)
    lines = term.wait_for(
        lambda lines: any(line.strip() == "ACT II" for line in lines) and not lines[-1].startswith("1-9"),
        "the act title card over the whole screen",
    )
    assert any(line.strip() == "Home" for line in lines)
    term.press("Enter")
    lines = term.wait_for(lambda lines: "ACT II, scene 1" in lines[0], "Act II's first scene")
    assert "Home" in lines[0] and any("Quiet." in line for line in lines)

    term.press("1")  # back out to the street: Act I again, with its card
    term.wait_for(lambda lines: any(line.strip() == "ACT I" for line in lines), "the Act I card")
    term.press("Space")
    term.wait_for(lambda lines: "ACT I, scene 1" in lines[0], "the street again")
    term.press("3")  # run: an ending either way
    menu = ("1. Play again from the beginning", "2. See the endings gallery", "3. Back to the title screen")

    def whole_menu(lines: list[str]) -> bool:
        """Each line of the ending's menu in its frame, up to the right border: nothing over it."""
        rows = [next((line for line in lines if entry in line), "") for entry in menu]
        return all(row.rstrip().endswith("│") for row in rows) and lines[-1].startswith("1-9")

    term.wait_for(whole_menu, "the whole ending menu")
    # every screen over the ending: its title in view, every line and its whole footer inside the
    # terminal (the footer's last key named in full), and the ending's menu whole again after Escape
    for key, title, last_key in (("j", "Journal", "Next"), ("?", "Help", "Back"), ("o", "Settings", "Language")):
        term.press(key)
        lines = term.wait_for(lambda lines: any(title in line for line in lines[:2]) and _footer_ends(lines, last_key), f"the {title} screen and its whole footer")
        assert all(len(line.rstrip()) <= term.width for line in lines), title
        term.press("Escape")
        term.wait_for(whole_menu, f"the whole ending menu after {title}")
    term.press("m")
    lines = term.wait_for(
        lambda lines: "Story map" in lines[0] and any("you are here" in line for line in lines) and "Back" in lines[-1], "the story map"
    )
    assert all(len(line.rstrip()) <= term.width for line in lines)
    term.press("Escape")
    term.wait_for(whole_menu, "the whole ending menu after the map")
    term.press("3")  # back to the title screen, for the screens it opens
    term.wait_for(lambda lines: any("New game" in line for line in lines), "the title screen again")
    for key, title, last_key in (("l", "Load a game", "Delete"), ("e", "Endings", "Back")):
        term.press(key)
        lines = term.wait_for(lambda lines: any(title in line for line in lines[:2]) and _footer_ends(lines, last_key), f"the {title} screen and its whole footer")
        assert all(len(line.rstrip()) <= term.width for line in lines), title
        term.press("Escape")
        term.wait_for(lambda lines: any("New game" in line for line in lines), f"the title screen after {title}")
    term.press("C-q")


def test_at_80x24_footer_drawer_act_cards_ending_menu_and_map_show_whole(terminal: Callable[[int, int], Terminal]) -> None:
    """At 80x24: the whole footer with the palette key, a drawer that leaves the prose in place, the act cards, an uncovered ending menu, the map."""
    _story_checks(terminal(80, 24), palette_key=True)


def test_at_60x20_footer_drawer_act_cards_ending_menu_and_map_show_whole(terminal: Callable[[int, int], Terminal]) -> None:
    """At 60x20: every story key in the footer and nothing after Help, the drawer, the act cards, the ending menu, the map."""
    _story_checks(terminal(60, 20), palette_key=False)
