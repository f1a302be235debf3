"""Fixtures for the TUI tests: the tiny pack (plain and timed), a save folder, the fake clock, the app."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from game.story.loader import load_story
from tests.tui.helpers import TIMED_SCENES, FakeClock, RecordingApp


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    return tmp_path / "saves"


@pytest.fixture
def tiny_pack(make_pack: Callable[..., Path]) -> Path:
    return make_pack()


@pytest.fixture
def timed_pack(make_pack: Callable[..., Path]) -> Path:
    return make_pack(files={"scenes.yaml": TIMED_SCENES})


@pytest.fixture
def make_app(tiny_pack: Path, saves: Path, clock: FakeClock) -> Callable[..., RecordingApp]:
    """make_app(pack=..., seed=..., load=...) builds the app on the tiny pack, a save folder and the fake clock."""

    def make(
        pack: Path | None = None, *, seed: int | None = 1, load: str | None = None, other_saves: tuple[Path, ...] = ()
    ) -> RecordingApp:
        return RecordingApp(load_story(pack or tiny_pack), saves, seed=seed, load=load, clock=clock, other_saves=other_saves)

    return make


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The pack's load (behind the title or a save's preview) waits until the test sets this
    event; set at the end in any case, so no worker thread is left waiting."""
    import game.story.loader

    event = threading.Event()
    real = game.story.loader.load_story

    def slow(pack: Path) -> Any:
        assert event.wait(10)
        return real(pack)

    monkeypatch.setattr(game.story.loader, "load_story", slow)
    yield event
    event.set()
