"""The language server's benchmark figure: from an edit to its diagnostics, against `validate`.

A real server (`lostbullet lsp`, a subprocess on stdio, its default debounce included) is
driven by pygls's own client; each repetition changes one scene file of the pack in the
buffer only (nothing is written to disk) and times until that file's diagnostics come back.
The reference is a plain `lostbullet validate` of the same pack in the same run, as an author
would otherwise run it (a subprocess: interpreter start included, as it is for them).
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from game.story.loader import scene_files


def validate_wall(scenes: Path, repeat: int) -> float:
    def once() -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "game", "validate", str(scenes)], capture_output=True, check=False)
        return time.perf_counter() - start

    return statistics.median(once() for _ in range(repeat))


async def _change_to_diagnostics(scenes: Path, repeat: int) -> float:
    client = LanguageClient("lostbullet-bench", "1")
    arrived: asyncio.Queue[str] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait(params.uri)

    await client.start_io(sys.executable, "-m", "game", "lsp")
    try:
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=scenes.absolute().as_uri()))
        client.initialized(types.InitializedParams())
        path = scene_files(scenes)[0].absolute()
        uri, text = path.as_uri(), path.read_text(encoding="utf-8")

        async def until_published() -> None:
            while await asyncio.wait_for(arrived.get(), 60) != uri:
                pass

        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
        await until_published()
        times = []
        for version in range(2, repeat + 2):
            edited = text + ("\n" * (version % 2))  # a change the check must read, alternating
            while not arrived.empty():
                arrived.get_nowait()
            start = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)],
                )
            )
            await until_published()
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


def change_to_diagnostics(scenes: Path, repeat: int) -> tuple[float, float]:
    """Median seconds from an edit to its diagnostics in the server, and of a plain `validate`."""
    lsp = asyncio.run(_change_to_diagnostics(scenes, repeat))
    return lsp, validate_wall(scenes, repeat)
