"""Where the story and saves are found, and which save names are safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import paths
from game.errors import UsageError
from tests.conftest import REPO


def test_checkout_uses_its_own_scenes_and_saves() -> None:
    """Run from this checkout, the game plays scenes/ and saves into saves/."""
    assert paths.checkout_root() == REPO
    assert paths.default_scenes() == REPO / "scenes"
    assert paths.default_saves() == REPO / "saves"


@pytest.mark.parametrize("name", ["quick", "slot-1", "Chapter_2", "a" * 64])
def test_plain_slot_names_stay_in_the_save_folder(tmp_path: Path, name: str) -> None:
    """Letters, digits, '-' and '_' name a file directly inside the save folder."""
    assert paths.slot_path(tmp_path, name) == tmp_path / f"{name}.json"


@pytest.mark.parametrize("name", ["../escape", "a/b", "/etc/passwd", "..", "", "a b", "x.json", "a" * 65, "ü"])
def test_slot_names_that_could_escape_are_refused(tmp_path: Path, name: str) -> None:
    """Separators, dots, spaces and empty or overlong names are usage errors."""
    with pytest.raises(UsageError, match="bad save name"):
        paths.slot_path(tmp_path, name)
