"""Where the story and the saves live, and which save names are safe.

From a checkout (the folder holding pyproject.toml and scenes/), the game plays the
checkout's scenes/ and saves into its saves/, so authors see their edits at once. An
installed game plays the story shipped inside the package and saves in the user's data
folder. `--scenes` and `--saves` override both.
"""

from __future__ import annotations

import re
from pathlib import Path

from game.errors import UsageError

_PACKAGE = Path(__file__).resolve().parent
_SLOT = re.compile(r"[A-Za-z0-9_-]{1,64}\Z")


def checkout_root() -> Path | None:
    """The source checkout this package runs from, or None for an installed package."""
    root = _PACKAGE.parent
    if (root / "pyproject.toml").is_file() and (root / "scenes" / "story.yaml").is_file():
        return root
    return None


def default_scenes() -> Path:
    root = checkout_root()
    return root / "scenes" if root else _PACKAGE / "scenes"


def default_saves() -> Path:
    root = checkout_root()
    if root:
        return root / "saves"
    import platformdirs  # deferred: only an installed game that saves needs it

    return Path(platformdirs.user_data_dir("lostbullet", appauthor=False)) / "saves"


def slot_path(saves: Path, slot: str) -> Path:
    """The file of a save slot; a name that could leave the save folder is refused."""
    if not _SLOT.match(slot):
        raise UsageError(
            f"bad save name {slot!r}: use 1 to 64 letters, digits, '-' or '_'"
        )
    return saves / f"{slot}.json"
