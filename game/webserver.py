"""The textual-serve server `lostbullet serve` runs: closed to other sites, capped in sessions.

textual-serve on its own answers any request: a script on any web page open in the player's
browser could open the game's websocket, type keys and delete saves, and every socket costs
a game process. This subclass adds three gates in front of it, all before a process starts:

- the Host header must name the served address (a DNS-rebinding page names its own host);
- the Origin header, which a browser always sends with a websocket handshake and which no
  script can forge, must be the served address too;
- every path starts with a secret made fresh each run, printed with the address, so even a
  program that forges both headers (another account on this machine, or anyone on the
  network after `--host 0.0.0.0`) must first have seen the terminal.

It hooks in by overriding `Server._make_app` (the only way to put middleware and a prefix on
the aiohttp app textual-serve builds; tests/test_serve.py fails loudly if that method goes),
`handle_websocket` (the session cap) and `on_startup` (the address, with its secret), and
serves its own page (`PAGE`).
Importing this module imports aiohttp and textual-serve, so only `lostbullet serve` does.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from game.i18n import interface

log = logging.getLogger("lostbullet.serve")

PAGE = Path(__file__).resolve().parent / "web" / "app_index.html"
"""The game's own page, in place of textual-serve's: its font comes from this server (no font
service is asked, so nothing leaves the machine), keys reach the game without a click, and a
closed game says that it was saved and offers to open it again."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def canonical_host(name: str) -> str:
    """A host name in one spelling: lower case, IP literals compressed (`0:0::1` is `::1`)."""
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return name.lower()


def _authority(netloc: str) -> tuple[str, int] | None:
    """(host, port) of a Host header or an Origin's netloc; None when it is not one."""
    try:
        parts = urlsplit("//" + netloc)
        port = parts.port or 80
    except ValueError:  # a port that is not a number, or an unclosed [
        return None
    if not parts.hostname or parts.username is not None or parts.path or parts.query or parts.fragment:
        return None
    return canonical_host(parts.hostname), port


class GuardedServer(Server):
    """textual-serve's Server behind the Host, Origin and secret-path checks, with a session cap."""

    def __init__(
        self, command: str, *, host: str, port: int, url: str, names: frozenset[str], title: str, max_sessions: int
    ) -> None:
        """`url` is the address printed and built into the page; `names` the hosts that may name it."""
        super().__init__(command, host=host, port=port, title=title, public_url=url, templates_path=PAGE.parent)
        self.allowed = frozenset((canonical_host(name), port) for name in names)
        self.secret = secrets.token_urlsafe(16)
        self.max_sessions = max_sessions
        self.sessions = 0

    @property
    def page_url(self) -> str:
        """The address to open: the served address with this run's secret."""
        return f"{self.public_url}/{self.secret}/"

    async def _make_app(self) -> web.Application:
        """textual-serve's app, mounted under the secret, behind the guard."""
        game = await super()._make_app()
        page = aiohttp_jinja2.get_env(game).globals  # the page's wording, in the game's language
        page["_"] = interface.gettext
        page["page_language"] = (interface.language() or interface.SOURCE_LANGUAGE).replace("_", "-")
        root = web.Application(middlewares=[self.guard])
        root.add_subapp(f"/{self.secret}/", game)
        return root

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse with 403, before any handler runs, what does not come from the game's own page."""
        refusal = self.refusal(request)
        if refusal is not None:
            log.warning("refused %s: %s", "a websocket" if _is_upgrade(request) else f"a {request.method} request", refusal)
            return web.Response(status=403, text=f"lostbullet serve: {refusal}\n")
        return await handler(request)

    def refusal(self, request: web.Request) -> str | None:
        """Why the request must be refused, or None when it may go on."""
        host = request.headers.get("Host", "")
        if _authority(host) not in self.allowed:
            return f"Host {host!r} is not the address this game is served on"
        origin = request.headers.get("Origin")
        if origin is None and _is_upgrade(request):
            return "a websocket without an Origin (browsers always send one)"
        if origin is not None and not self._own_origin(origin):
            return f"Origin {origin!r} is another site"
        first = request.path.lstrip("/").split("/", 1)[0]
        if not secrets.compare_digest(first.encode(), self.secret.encode()):
            return "open the address (with its secret) that `lostbullet serve` printed"
        return None

    def _own_origin(self, origin: str) -> bool:
        """The origin is a page of this server (http, an allowed host, this port)."""
        parts = urlsplit(origin)
        return parts.scheme == "http" and _authority(parts.netloc) in self.allowed

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One game process per socket, at most `max_sessions` at once; a closed tab frees its slot."""
        if self.sessions >= self.max_sessions:  # checked and counted with no await between: no race
            log.warning("refused a websocket: all %d game sessions are in use", self.max_sessions)
            raise web.HTTPServiceUnavailable(
                text=f"lostbullet serve: all {self.max_sessions} game sessions are in use; close another tab and reload\n"
            )
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:  # textual-serve returns once the game process has ended
            self.sessions -= 1

    async def on_startup(self, app: web.Application) -> None:
        """Print the address to open (textual-serve's banner would show it without the secret)."""
        print(interface.gettext("{title}: open {address} in your browser").format(title=self.title, address=self.page_url), flush=True)
        print(interface.ngettext("(up to {count} game at once; press Ctrl+C to quit)", "(up to {count} games at once; press Ctrl+C to quit)", self.max_sessions).format(count=self.max_sessions), flush=True)


def _is_upgrade(request: web.Request) -> bool:
    return request.headers.get("Upgrade", "").lower() == "websocket"
