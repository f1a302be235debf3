"""Fuzzing save files and the profile with hypothesis.

Whatever the save folder holds (a save with any field changed, dropped, made huge, NaN or
nested deep, or bytes damaged at random), the store lists it without raising, a save it
calls healthy loads, loading raises nothing but `SaveError`, and saving over a file that
does not load keeps that file's bytes in the folder. The profile, likewise, loads to
settings or to defaults with one line. The suite runs a bounded number of examples; set
LOSTBULLET_FUZZ_EXAMPLES to run more (README, "Testing").
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game import atomic
from game.controls import CONTENT_CONTROLS
from game.errors import SaveError
from game.preview import read_preview
from game.profile import FILE_NAME, Profile
from game.saves import SaveStore
from game.session import Session
from game.story.loader import load_story
from tests.conftest import fuzz_budget, write_pack


@pytest.fixture(autouse=True, scope="module")
def _no_fsync() -> Iterator[None]:
    """Durability is tested elsewhere (tests/test_saves.py); here fsync would only make each example slow."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(atomic.os, "fsync", lambda fd: None)
        yield




class _Folder:
    """One temporary folder, emptied for each example (hypothesis runs many per test)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="lb-fuzz-saves-"))

    def fresh(self) -> Path:
        shutil.rmtree(self.root / "saves", ignore_errors=True)
        (self.root / "saves").mkdir()
        return self.root / "saves"


FOLDER = _Folder()
STORY = load_story(write_pack(FOLDER.root / "pack"))


def _base_save() -> dict[str, Any]:
    session = Session(STORY, 5)
    for choice in ("wait", "paint", "wait"):
        session.choose(choice)
    folder = FOLDER.fresh()
    SaveStore(folder, STORY).save("slot", session, playtime=12.5)
    return json.loads((folder / "slot.json").read_text())


BASE_SAVE = _base_save()
BASE_PROFILE = {"format": 1, "settings": {"theme": "nord", "timers": True}, "endings": {"caught": "2026-01-01T00:00:00+00:00"}}


@dataclass(frozen=True)
class Raw:
    """JSON text put in as written: what `json.dumps` would never produce."""

    text: str


RAW = [
    Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e999"), Raw("-1e999"), Raw("9" * 5000), Raw("-" + "1" * 4400),
    Raw("[" * 100_000 + "]" * 100_000), Raw("{" + '"a":{' * 3000 + "}" * 3001), Raw("[" * 500 + "1" + "]" * 500),
]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**64 + 2),
    st.integers(min_value=-(2**64), max_value=-(2**63)),
    st.integers(min_value=10**20, max_value=10**99),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(
        ["street", "home", "caught", "street.wait", "street.run", "Tiny", "primer", "blue", "2026-01-01T00:00:00+00:00",
         "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-01-01T00:00:00", "\x1b[2J"]
    ),
    st.lists(st.integers(-3, 3) | st.text(max_size=3) | st.sampled_from(["street.wait", "street.paint"]), max_size=4),
    st.dictionaries(st.sampled_from(["heat", "lucky", "paint", "ghost", "x"]), st.integers(-2, 5) | st.booleans() | st.text(max_size=3), max_size=4),
    st.sampled_from(RAW),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in a JSON value (list items included), the value itself first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value[:2]):
            found += _paths(item, (*prefix, i))
    return found


SAVE_PATHS = _paths(BASE_SAVE)[1:]
PROFILE_PATHS = _paths(BASE_PROFILE)[1:] + [("endings", "escaped"), ("settings", "extra")]


def _change(data: Any, path: tuple[Any, ...], value: Any, remove: bool) -> None:
    """Set (or remove) the field at `path`, if an earlier change left it there."""
    parent = data
    for key in path[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return
    key = path[-1]
    if isinstance(parent, dict) and remove:
        parent.pop(key, None)
    elif isinstance(parent, dict) or (isinstance(parent, list) and isinstance(key, int) and key < len(parent)):
        parent[key] = value


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any], paths: list[tuple[Any, ...]]) -> bytes:
    """`base` with one to three fields replaced by anything, or removed, as JSON bytes."""
    data = json.loads(json.dumps(base))
    raws: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        value = draw(VALUES)
        if isinstance(value, Raw):
            raws.append(value.text)
            value = f"\x00raw{len(raws) - 1}\x00"
        _change(data, draw(st.sampled_from(paths)), value, remove=draw(st.integers(0, 4)) == 0)
    text = json.dumps(data, ensure_ascii=False)
    for i, raw in enumerate(raws):
        text = text.replace(json.dumps(f"\x00raw{i}\x00"), raw)
    return text.encode("utf-8", "surrogatepass")


@st.composite
def damaged_bytes(draw: st.DrawFn, raw: bytes) -> bytes:
    """A valid file with a few bytes deleted, inserted or changed, as a failing disk might."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["delete", "insert", "replace"]))
        byte = draw(st.sampled_from(list(b'{}[]",:0123456789-.eE \n\\tn') + [0, 0xFF, 0xC3]))
        if kind == "delete":
            del data[i]
        elif kind == "insert":
            data.insert(i, byte)
        else:
            data[i] = byte
    return bytes(data)


def check_store(raw: bytes) -> None:
    """The store's promises for a folder holding `raw` as slot.json, and the preview's: no
    preview, or one of the right types that holds no control character (`game.preview`)."""
    folder = FOLDER.fresh()
    (folder / "slot.json").write_bytes(raw)
    preview = read_preview(folder / "slot.json", "")
    if preview is not None:
        strings = [preview.headline, preview.panel.title, *(f for r in preview.panel.rows for f in (r.label, r.value))]
        view = preview.view
        strings += [view.id, view.title, view.text, view.note or "", *(f for c in view.choices for f in (c.id, c.event, c.text))]
        assert all(isinstance(t, str) and CONTENT_CONTROLS.search(t) is None for t in strings)
        assert isinstance(view.act, int) and isinstance(view.turn, int)
    store = SaveStore(folder, STORY)
    (info,) = store.slots()
    if info.error is None:
        store.load("slot", Session(STORY))  # healthy means it loads: any exception fails the test
    else:
        assert "\n" not in info.error
        try:
            store.load("slot", Session(STORY))
        except SaveError:
            pass
        else:
            raise AssertionError(f"listed as {info.error!r} but loaded")
    store.save("slot", Session(STORY, 3))
    kept = [path.read_bytes() for path in folder.iterdir()]
    if info.error is not None:
        assert raw in kept, "a file that did not load was written over"
    assert store.slots()[0].error is None


@fuzz_budget(200)
@given(mutated(BASE_SAVE, SAVE_PATHS))
def test_saves_with_any_field_mutated_keep_the_stores_promises(raw: bytes) -> None:
    """Wrong types, out of range, missing, huge, NaN, deeply nested: listed, loaded or refused in one line, never lost."""
    check_store(raw)


@fuzz_budget(100)
@given(damaged_bytes(json.dumps(BASE_SAVE, indent=1).encode()))
def test_saves_with_damaged_bytes_keep_the_stores_promises(raw: bytes) -> None:
    """A save with a few bytes changed at random keeps the same promises."""
    check_store(raw)


@fuzz_budget(150)
@given(mutated(BASE_PROFILE, PROFILE_PATHS) | damaged_bytes(json.dumps(BASE_PROFILE).encode()))
def test_profiles_load_to_settings_or_defaults_and_are_never_lost(raw: bytes) -> None:
    """Any profile gives settings of the right types or defaults with one line; a write keeps a bad file's bytes."""
    folder = FOLDER.fresh()
    (folder / FILE_NAME).write_bytes(raw)
    profile = Profile.load(folder)
    if profile.problem is None:
        assert isinstance(profile.settings.theme, str) and isinstance(profile.settings.timers, bool)
        assert all(isinstance(k, str) and v.endswith("+00:00") for k, v in profile.endings.items())
    else:
        assert "\n" not in profile.problem
    problem = profile.problem
    profile.update(timers=False)
    if problem is not None:
        assert raw in [path.read_bytes() for path in folder.iterdir()], "a profile that did not load was written over"
    assert Profile.load(folder).settings.timers is False
