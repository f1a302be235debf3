"""What the translation tests share: the bilingual fixture pack, and an English interface around each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.i18n import interface
from tests.conftest import REPO

PACK = REPO / "tests" / "fixtures" / "bilingual"
"""A three-scene pack with its own, complete, French catalog (locale/fr.po)."""


@pytest.fixture(autouse=True)
def english_interface():
    """Each test starts, and leaves the process, with the interface in English (the language is process-wide)."""
    interface.use("")
    yield
    interface.use("")


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the bilingual pack, which a test may change."""
    return Path(shutil.copytree(PACK, tmp_path / "canal"))
