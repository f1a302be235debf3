"""The serve page speaks the game's language: its `lang`, its loading and closing lines."""

from __future__ import annotations

import socket

from game.i18n import interface


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def page_in(lang: str) -> str:
    from aiohttp.test_utils import TestClient, TestServer

    from game.serve import LOOPBACK_NAMES
    from game.webserver import GuardedServer

    interface.use(lang)
    port = free_port()
    server = GuardedServer("true", host="127.0.0.1", port=port, url=f"http://127.0.0.1:{port}", names=LOOPBACK_NAMES, title="Le Canal", max_sessions=1)
    client = TestClient(TestServer(await server._make_app(), host="127.0.0.1", port=port))
    await client.start_server()
    try:
        response = await client.get(f"/{server.secret}/")
        assert response.status == 200
        return await response.text()
    finally:
        await client.close()
        interface.use("")


async def test_the_page_is_french_in_a_french_game() -> None:
    page = await page_in("fr")
    assert '<html lang="fr">' in page and "Lancement du jeu…" in page and "Rouvrir le jeu" in page
    assert "Le jeu s’est fermé, et votre progression est sauvegardée." in page
    assert "Starting the game" not in page


async def test_the_page_is_english_by_default() -> None:
    page = await page_in("")
    assert '<html lang="en">' in page and "Starting the game…" in page and "Open the game again" in page
