"""The small pack the language-server tests edit, and the helpers that wait on the server."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Callable

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

STORY = """\
title: Checkpoint
version: 1
start: road
variables:
  heat:
    type: int
    initial: 0
    min: 0
    max: 5
    label: Heat
    doc: How hard the police are looking.
  paint:
    type: enum
    values: [primer, blue]
    initial: primer
    doc: The colour of the car.
"""

ROAD = """\
act: 1
scenes:
  road:
    title: The road
    text: |
      The road runs south, and the radio
      says the heat is {heat} tonight.
    choices:
      - id: drive
        text: Drive on.
        do: heat += 1
        to: checkpoint_2
      - id: paint_it
        text: Paint the car.
        if: paint == "primer"
        do: paint = "blue"
        to: checkpoint_2
    timer:
      seconds: 10
      default: drive
"""

BORDER = """\
act: 1
scenes:
  checkpoint_2:
    title: Checkpoint two
    text: A barrier and two guards.
    choices:
      - id: bluff
        text: Bluff.
        if: heat < 3
        to: spain
      - id: run
        text: Run the barrier.
        outcomes:
          - weight: 1 + heat
            to: caught
          - weight: 2
            to: spain
  spain:
    title: Spain
    text: Across.
    ending: {id: across, kind: canonical, title: Across}
  caught:
    title: Caught
    text: Cuffs, and a long night.
    ending: {id: caught, kind: arrest, title: Caught}
"""

WALK = """\
steps:
  - choose: road.drive
  - expect: {scene: checkpoint_2}
  - choose: bluff
ending: across
"""

FILES = {"story.yaml": STORY, "act1/road.yaml": ROAD, "act1/border.yaml": BORDER, "tests/route.walk.yaml": WALK}


def write_pack(root: Path) -> Path:
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


CONFIG = ClientServerConfig(server_command=[sys.executable, "-m", "game", "lsp"])
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS


async def start(client: LanguageClient, root: Path) -> None:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=root.as_uri(),
            initialization_options={"debounce": 0.02},
        )
    )


async def until(client: LanguageClient, uri: str, holds: Callable[[list[types.Diagnostic]], bool], timeout: float = 10) -> list[types.Diagnostic]:
    """Wait for the diagnostics of `uri` to satisfy `holds`, and return them."""
    async def wait() -> list[types.Diagnostic]:
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and holds(found):
                return found
            await client.wait_for_notification(PUBLISH)

    return await asyncio.wait_for(wait(), timeout)


def codes(found: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in found)


def position_of(text: str, needle: str, offset: int = 0, occurrence: int = 0) -> types.Position:
    """The position of `needle` in `text` (its `occurrence`-th), `offset` characters in."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    at += offset
    before = text[:at]
    return types.Position(line=before.count("\n"), character=at - (before.rfind("\n") + 1))
