"""`lostbullet serve`: the same Textual game in a browser tab, through textual-serve.

textual-serve runs one `lostbullet play` process per browser tab and relays its terminal
over a websocket to xterm.js in the page. The story is loaded here once first, so a
broken scene pack is reported on the terminal (file:line:col) instead of in the browser.

Whoever reaches the websocket can type into the game and delete saves, so the server
(game/webserver.py) answers only its own page: the Host and Origin headers must name the
served address, every path carries a secret made fresh each run, and at most
`--max-sessions` game processes run at once. It listens on 127.0.0.1 unless told
otherwise: the game is for the player at this machine, and any other `--host` gets one
warning line. A host that does not resolve or cannot be bound is refused in one line
before anything starts.
"""

from __future__ import annotations

import ipaddress
import re
import shlex
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.errors import GameError, UsageError

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
"""Names a browser on this machine may use for a loopback server, all equally good."""

_DOTTED = re.compile(r"[0-9.]+")


@dataclass(frozen=True)
class Listen:
    """Where the server listens, the address it prints, and the host names that may reach it."""

    host: str
    port: int
    sockaddrs: tuple[tuple[socket.AddressFamily, tuple[Any, ...]], ...]
    """(family, socket address) of each address `host` resolves to."""
    url: str
    names: frozenset[str]
    exposed: bool
    """It listens on more than loopback: other machines can reach it."""


def play_command(scenes: Path, saves: Path, lang: str | None = None) -> str:
    """The shell command textual-serve runs for each tab (in `lang` when one was asked for)."""
    return shlex.join(
        [sys.executable, "-m", "game", "play", "--scenes", str(scenes.resolve()), "--saves", str(saves.resolve())]
        + (["--lang", lang] if lang is not None else [])
    )


def resolve(host: str, port: int) -> Listen:
    """Resolve `--host` once, up front, so a bad one is a usage error and not a traceback."""
    if _DOTTED.fullmatch(host) and not _is_ipv4(host):  # never send `999.1.1.1` to DNS as a name
        raise UsageError(f"--host {host}: not an IPv4 address")
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError, ValueError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise UsageError(f"--host {host!r}: not an address of this machine nor a name that resolves ({reason})") from None
    sockaddrs = tuple(dict.fromkeys((family, sockaddr) for family, _, _, _, sockaddr in infos))
    ips = [ipaddress.ip_address(sockaddr[0]) for _, sockaddr in sockaddrs]
    wildcard = any(ip.is_unspecified for ip in ips)
    if wildcard:  # the page then talks to this machine's loopback: the only name sure to reach it
        url_host = "127.0.0.1" if any(ip.version == 4 for ip in ips) else "[::1]"
        names = LOOPBACK_NAMES
    else:
        url_host = f"[{host}]" if ":" in host else host
        names = frozenset({host}) | (LOOPBACK_NAMES if all(ip.is_loopback for ip in ips) else frozenset())
    exposed = wildcard or not all(ip.is_loopback for ip in ips)
    return Listen(host, port, sockaddrs, f"http://{url_host}:{port}", names, exposed)


def _is_ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def check_bindable(listen: Listen) -> None:
    """Bind each address once and let go, so a port in use is one line, not a banner then a traceback.

    Bound as asyncio will bind it (address reuse on, IPv6 sockets IPv6-only), so this
    refuses exactly what the server would.
    """
    for family, sockaddr in listen.sockaddrs:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(sockaddr)
            except OSError as err:
                raise GameError(f"cannot listen on {listen.host or 'every address'} port {listen.port}: {err.strerror or err}") from None


def exposure_warning(listen: Listen, saves: Path) -> str:
    """The one line printed when other machines can reach the game."""
    return (
        f"lostbullet: warning: --host {listen.host!r} listens beyond this machine: other machines on the network "
        f"can reach the game and the save folder {saves.resolve()} (the secret in its address travels unencrypted)"
    )


def run_serve(scenes: Path, saves: Path, *, host: str, port: int, max_sessions: int, lang: str | None = None) -> int:
    """Check everything that can be checked, then serve until Ctrl+C or SIGTERM (the defaults live in game/cli.py)."""
    listen = resolve(host, port)

    from game.story.loader import load_story

    story = load_story(scenes)  # raises ContentError with every diagnostic, before the server starts
    from game.i18n.language import choose, localise
    from game.profile import Profile

    language = choose(scenes, lang, Profile.load(saves).settings.language)
    story = localise(story, language)  # the page's wording and title; each tab's game picks the same
    check_bindable(listen)
    if listen.exposed:
        print(exposure_warning(listen, saves), file=sys.stderr)

    from game.webserver import GuardedServer  # deferred: aiohttp and textual-serve load only here

    server = GuardedServer(
        play_command(scenes, saves, lang), host=host, port=port, url=listen.url, names=listen.names,
        title=story.title, max_sessions=max_sessions,
    )
    server.serve()
    return 0
