"""`lostbullet serve`: plays in a real browser, and answers nobody but its own page.

The browser tests run Debian's Chromium, driven by Playwright, against the server in its own
process group on a free port of 127.0.0.1. The page draws the terminal on canvases
(xterm.js), so they read what the game wrote from the websocket frames, which carry the
terminal output as plain ANSI. Playwright never downloads a browser: it runs
/usr/bin/chromium, and those tests are skipped only when that is missing (CI installs it in
.ci/run). The gate and the session cap are also checked in-process with aiohttp's test
client and a stand-in game command, so they need no browser and no Textual.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import inspect
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.cli import main
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
PAGE_URL = re.compile(r"open (http://\S+) in your browser")

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install -y chromium; .ci/run does it)"
)


def free_port() -> int:
    """A port nobody listens on now (textual-serve needs the real number, not 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (game processes textual-serve spawned), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    """The address it printed, with its secret."""
    log: Path
    port: int


@pytest.fixture
def start_serve(make_pack: Callable[..., Path], tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Starts `lostbullet serve` on the tiny pack and a free port; stops it (and only it) afterwards."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*options: str) -> Served:
        port = free_port()
        log = tmp_path / f"serve{len(started)}.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "game", "serve", "--port", str(port), "--scenes", str(make_pack()),
                 "--saves", str(tmp_path / "saves"), *options],
                cwd=REPO, stdout=out, stderr=out, start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        started.append(server)
        deadline = time.monotonic() + 30
        while not (found := PAGE_URL.search(log.read_text(errors="replace"))):
            assert server.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the server printed no address within 30 s"
            time.sleep(0.05)
        while True:  # the address is printed just before the socket listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start listening within 30 s"
                time.sleep(0.05)
        return Served(server, found.group(1), log, port)

    try:
        yield start
    finally:
        for server in started:
            stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM and wait (SIGKILL would leave the game processes behind); kill the group only if stuck."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[object]:
    """A headless Chromium page that records every request it makes (`page.requests`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        try:
            page = browser.new_page()
            page.requests = []  # type: ignore[attr-defined]
            page.on("request", lambda request: page.requests.append(request.url))  # type: ignore[attr-defined]
            yield page
        finally:
            browser.close()


class Screen:
    """What the game wrote to the page, read from the websocket frames."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.frames: list[str] = []
        page.on("websocket", lambda socket_: socket_.on("framereceived", self.record))  # type: ignore[attr-defined]

    def record(self, payload: str | bytes) -> None:
        self.frames.append(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload)

    def text(self, start: int = 0) -> str:
        return ANSI.sub("", "".join(self.frames[start:]))

    def wait_for(self, text: str, start: int = 0) -> None:
        deadline = time.monotonic() + 20
        while text not in self.text(start):
            assert time.monotonic() < deadline, f"{text!r} never appeared; the page showed: {self.text(start)[-800:]!r}"
            self.page.wait_for_timeout(100)  # type: ignore[attr-defined]


@needs_chromium
def test_served_game_plays_one_choice_in_chromium(start_serve: Callable[..., Served], chromium: object, tmp_path: Path) -> None:
    """The page connects, shows the title screen; n starts the game, 1 takes a choice, the scene changes."""
    served = start_serve()
    page = chromium
    screen = Screen(page)
    page.goto(served.url)  # type: ignore[attr-defined]
    screen.wait_for("New game")
    page.keyboard.press("n")  # type: ignore[attr-defined]  # no click first: the page focuses the game
    screen.wait_for("The street (0)")
    mark = len(screen.frames)
    page.keyboard.press("1")  # type: ignore[attr-defined]
    screen.wait_for("The street (1)", mark)
    assert (tmp_path / "saves" / "autosave.json").is_file()
    origin = served.url.split("/", 3)[:3]
    outside = [url for url in page.requests if url.split("/", 3)[:3] != origin]  # type: ignore[attr-defined]
    assert page.requests and outside == []  # type: ignore[attr-defined]  # no font service, nothing off the machine


@needs_chromium
def test_a_closed_game_says_it_was_saved_and_opens_again(start_serve: Callable[..., Served], chromium: object) -> None:
    """Quitting the game (Ctrl+Q) leaves a page that says the game was saved, with a button that
    opens it again on the title screen, where Continue is offered."""
    served = start_serve()
    page = chromium
    screen = Screen(page)
    page.goto(served.url)  # type: ignore[attr-defined]
    screen.wait_for("New game")
    page.keyboard.press("n")  # type: ignore[attr-defined]
    screen.wait_for("The street (0)")
    page.keyboard.press("Control+q")  # type: ignore[attr-defined]
    page.wait_for_selector("text=your place in it was saved", timeout=20_000)  # type: ignore[attr-defined]
    mark = len(screen.frames)
    page.keyboard.press("Enter")  # type: ignore[attr-defined]  # the button has the focus
    screen.wait_for("Continue", mark)


HOSTILE_PAGE = """<!DOCTYPE html><html><body><script>
  window.outcome = "pending";
  const socket = new WebSocket(%r);
  socket.onopen = () => { window.outcome = "opened"; };
  socket.onclose = (event) => { if (window.outcome === "pending") window.outcome = "closed " + event.code; };
</script></body></html>"""


@contextlib.contextmanager
def another_site(page: str) -> Iterator[str]:
    """A tiny HTTP server on another free port of 127.0.0.1 serving `page` at every path; yields its URL.

    A real server, not Playwright's router: Chromium treats a routed page as coming from
    the public internet and its local-network checks would refuse the socket before our
    server could.
    """
    body = page.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()
        site.server_close()
        thread.join(timeout=5)


@needs_chromium
def test_a_page_from_another_origin_cannot_open_the_game(start_serve: Callable[..., Served], chromium: object) -> None:
    """A page on another port of 127.0.0.1 that even knows the secret gets 403; no game process starts.

    The game's own page then opens in the same browser, which shows the process check is live.
    """
    served = start_serve()
    page = chromium
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))  # type: ignore[attr-defined]
    with another_site(HOSTILE_PAGE % (served.url.replace("http://", "ws://") + "ws")) as hostile:
        page.goto(hostile + "/game.html")  # type: ignore[attr-defined]
        page.wait_for_function("window.outcome !== 'pending'", timeout=10_000)  # type: ignore[attr-defined]
    assert page.evaluate("window.outcome").startswith("closed")  # type: ignore[attr-defined]
    assert any("Unexpected response code: 403" in line for line in console), console
    assert f"Origin '{hostile}' is another site" in " ".join(served.log.read_text().split())
    assert children(served.process.pid) == []

    screen = Screen(page)
    page.goto(served.url)  # type: ignore[attr-defined]
    screen.wait_for("New game")
    assert children(served.process.pid)


def test_serve_on_every_address_warns_in_one_line(start_serve: Callable[..., Served]) -> None:
    """`--host 0.0.0.0` serves (on loopback too), after exactly one warning line on stderr."""
    served = start_serve("--host", "0.0.0.0")
    stop(served.process)
    warnings = [line for line in served.log.read_text().splitlines() if "warning" in line.lower()]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("lostbullet: warning: --host '0.0.0.0' listens beyond this machine")
    assert "other machines on the network" in warnings[0] and "save folder" in warnings[0]
    assert served.url.startswith(f"http://127.0.0.1:{served.port}/")


def test_serve_on_loopback_does_not_warn() -> None:
    """The loopback check the warning rests on: 127.0.0.1, localhost and ::1 are this machine only."""
    from game.serve import resolve

    assert not resolve("127.0.0.1", 8000).exposed and not resolve("localhost", 8000).exposed
    assert resolve("0.0.0.0", 8000).exposed and resolve("", 8000).exposed


def test_an_impossible_host_is_one_line_and_exit_2() -> None:
    """`--host 999.1.1.1` is refused before DNS, before the story loads, with no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "game", "serve", "--host", "999.1.1.1"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["lostbullet: error: --host 999.1.1.1: not an IPv4 address"]
    assert result.stdout == ""


@pytest.mark.parametrize("host", ["1.2.3", "no-such-host.invalid", "a b", "x" * 300, "\x1b[2J"])
def test_a_host_that_does_not_resolve_is_one_line_and_exit_2(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", host]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lostbullet: error: --host ") and err.count("\n") == 1 and "\x1b" not in err


def test_a_port_in_use_is_one_line_and_exit_1(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Refused before the banner, not as a traceback from inside aiohttp."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port), "--scenes", str(make_pack()), "--saves", str(tmp_path / "saves")])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert captured.err == f"lostbullet: error: cannot listen on 127.0.0.1 port {port}: Address already in use\n"


def test_the_textual_serve_hooks_we_override_are_still_there() -> None:
    """GuardedServer overrides textual-serve's private `_make_app`: fail loudly if a new version drops it."""
    from textual_serve.server import Server

    assert inspect.iscoroutinefunction(Server._make_app)
    assert "self._make_app()" in inspect.getsource(Server.serve), "serve() no longer builds its app with _make_app"
    for hook in ("handle_websocket", "on_startup"):
        assert inspect.iscoroutinefunction(getattr(Server, hook)), hook


# The gate and the cap in-process: aiohttp's test client against GuardedServer, whose game
# command only notes that it started and waits for textual-serve's quit message on stdin.


@dataclass
class Gate:
    server: object
    client: object
    port: int
    spawned: Path

    @property
    def secret(self) -> str:
        return self.server.secret  # type: ignore[attr-defined]

    def spawn_count(self) -> int:
        return len(self.spawned.read_text().splitlines()) if self.spawned.exists() else 0


@pytest.fixture
async def gate(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Gate]:
    from aiohttp.test_utils import TestClient, TestServer

    from game.serve import LOOPBACK_NAMES
    from game.webserver import GuardedServer

    spawned = tmp_path / "spawned"
    port = free_port()
    server = GuardedServer(
        f"echo started >> {shlex.quote(str(spawned))}; head -c 1 > /dev/null",
        host="127.0.0.1", port=port, url=f"http://127.0.0.1:{port}", names=LOOPBACK_NAMES, title="Tiny",
        max_sessions=getattr(request, "param", 4),
    )
    client = TestClient(TestServer(await server._make_app(), host="127.0.0.1", port=port))
    await client.start_server()
    try:
        yield Gate(server, client, port, spawned)
    finally:
        await client.close()


UPGRADE = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}


@pytest.mark.parametrize(
    "path, headers",
    [
        ("/{secret}/", {"Host": "evil.example:{port}"}),  # a DNS-rebinding page
        ("/{secret}/", {"Host": "127.0.0.1:1"}),
        ("/{secret}/", {"Host": "127.0.0.1:{port}/x"}),
        ("/{secret}/", {"Host": "127.0.0.1:{port}", "Origin": "http://evil.example"}),
        ("/{secret}/ws", {**UPGRADE, "Origin": "http://evil.example"}),
        ("/{secret}/ws", {**UPGRADE, "Origin": "http://127.0.0.1:1"}),  # another port is another site
        ("/{secret}/ws", {**UPGRADE, "Origin": "https://127.0.0.1:{port}"}),
        ("/{secret}/ws", {**UPGRADE, "Origin": "null"}),  # a sandboxed frame, a file:// page
        ("/{secret}/ws", UPGRADE),  # no Origin at all
        ("/ws", {**UPGRADE, "Origin": "http://127.0.0.1:{port}"}),  # no secret
        ("/wrong/ws", {**UPGRADE, "Origin": "http://127.0.0.1:{port}"}),
        ("/", {}),
        ("/{secret}x/", {}),
        ("/\u00e9/static/js/textual.js", {}),
    ],
)
async def test_a_request_not_from_the_games_page_gets_403_and_spawns_nothing(gate: Gate, path: str, headers: dict[str, str]) -> None:
    fill = {"secret": gate.secret, "port": gate.port}
    response = await gate.client.get(path.format(**fill), headers={k: v.format(**fill) for k, v in headers.items()})  # type: ignore[attr-defined]
    assert response.status == 403, await response.text()
    assert (await response.text()).startswith("lostbullet serve: ")
    await asyncio.sleep(0.1)
    assert gate.spawn_count() == 0


async def test_the_games_own_page_is_served_and_its_socket_opens_under_either_loopback_name(gate: Gate) -> None:
    """The page builds its websocket address with the secret; localhost and 127.0.0.1 are one origin."""
    page = await gate.client.get(f"/{gate.secret}/")  # type: ignore[attr-defined]
    assert page.status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{gate.port}/{gate.secret}/ws"' in await page.text()
    for origin in (f"http://127.0.0.1:{gate.port}", f"http://localhost:{gate.port}"):
        socket_ = await gate.client.ws_connect(f"/{gate.secret}/ws", headers={"Origin": origin})  # type: ignore[attr-defined]
        await socket_.close()
    await wait_until(lambda: gate.spawn_count() == 2 and gate.server.sessions == 0)  # type: ignore[attr-defined]


@pytest.mark.parametrize("gate", [2], indirect=True)
async def test_the_session_cap_refuses_one_more_with_503_and_a_closed_tab_frees_its_slot(gate: Gate) -> None:
    from aiohttp import WSServerHandshakeError

    def connect() -> object:
        return gate.client.ws_connect(f"/{gate.secret}/ws", headers={"Origin": f"http://127.0.0.1:{gate.port}"})  # type: ignore[attr-defined]

    tabs = [await connect(), await connect()]
    await wait_until(lambda: gate.spawn_count() == 2)
    with pytest.raises(WSServerHandshakeError) as refused:
        await connect()
    assert refused.value.status == 503
    assert gate.spawn_count() == 2

    await tabs.pop().close()  # type: ignore[attr-defined]
    await wait_until(lambda: gate.server.sessions == 1)  # type: ignore[attr-defined]
    tabs.append(await connect())
    await wait_until(lambda: gate.spawn_count() == 3)
    for tab in tabs:
        await tab.close()  # type: ignore[attr-defined]
    await wait_until(lambda: gate.server.sessions == 0)  # type: ignore[attr-defined]


async def wait_until(condition: Callable[[], bool], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(0.02)
