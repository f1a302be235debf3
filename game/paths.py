"""Where the story and the saves live, and which save names are safe.

One rule: a game that runs from a checkout (the folder holding pyproject.toml and scenes/),
or was installed from one that is still there, plays and checks the checkout's scenes/ and
saves into its saves/, so authors see their edits at once and an editable and a plain
install of the same checkout share the saves. Any other installed game plays the story
shipped inside the package and saves in the user's data folder. `--scenes` and `--saves`
override both; `lostbullet --version` says which are in use.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from game.errors import UsageError

_PACKAGE = Path(__file__).resolve().parent
_SLOT = re.compile(r"[A-Za-z0-9_-]{1,64}\Z")


def checkout_root() -> Path | None:
    """The source checkout this package runs from or was installed from, or None."""
    root = _PACKAGE.parent
    return root if _is_checkout(root) else _installed_from()


def _is_checkout(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and (folder / "scenes" / "story.yaml").is_file()


@cache
def _installed_from() -> Path | None:
    """The local folder `pip install .` read this package from, if it is still a checkout.

    pip records it in the distribution's `direct_url.json` (PEP 610); the distribution must be
    the one this code was loaded from, not another copy somewhere on the path.
    """
    from importlib.metadata import PackageNotFoundError, distribution  # deferred: only installed copies look

    try:
        dist = distribution("lostbullet")
        recorded = dist.read_text("direct_url.json")
        if recorded is None or Path(str(dist.locate_file("game/__init__.py"))).resolve() != _PACKAGE / "__init__.py":
            return None
        url = urlparse(json.loads(recorded).get("url", ""))
    except (PackageNotFoundError, OSError, ValueError, AttributeError):
        return None
    if url.scheme != "file":
        return None
    folder = Path(unquote(url.path))
    return folder if _is_checkout(folder) else None


def where() -> str:
    """The lines `--version` adds: which story and which save folder a plain command uses, and why."""
    root = checkout_root()
    origin = f"the checkout at {root}" if root else "the installed package"
    return f"story: {default_scenes()}\nsaves: {default_saves()}\n(both from {origin}; --scenes and --saves choose others)"


def default_scenes() -> Path:
    root = checkout_root()
    return root / "scenes" if root else _PACKAGE / "scenes"


def shipped_scenes() -> Path:
    """The story installed inside the package: played when nothing else is found, never written to."""
    return _PACKAGE / "scenes"


def is_installed(folder: Path) -> bool:
    """Whether `folder` lies inside the installed package, where an author's edits do not belong."""
    return folder.resolve().is_relative_to(_PACKAGE)


def pack_to_write(given: Path | None, command: str) -> Path:
    """The pack a writing command (`new`, `schema --write`) may change, or a `UsageError` saying why not.

    Without `--scenes` only a checkout's scenes/ is an author's; outside a checkout the default
    is the story installed with the game, and an upgrade would silently undo any edit there.
    """
    if given is None and checkout_root() is None:
        raise UsageError(f"{command} writes into a scene pack: give --scenes DIR (outside a checkout the default story is the installed one, which is not to be edited)")
    folder = given if given is not None else default_scenes()
    if is_installed(folder):
        raise UsageError(f"{command}: {folder} is the story installed with the game; copy it elsewhere, or start a pack with `lostbullet init DIR`")
    return folder


def default_saves() -> Path:
    root = checkout_root()
    return root / "saves" if root else user_saves()


def user_saves() -> Path:
    """The save folder of an installed game: the user data folder (XDG_DATA_HOME on Linux)."""
    import platformdirs  # deferred: only a game that saves there, or looks there, needs it

    return Path(platformdirs.user_data_dir("lostbullet", appauthor=False)) / "saves"


def known_save_folders() -> list[Path]:
    """Every save folder a plain `lostbullet` could use on this machine, however it is run."""
    root = checkout_root()
    return ([root / "saves"] if root else []) + [user_saves()]


def slot_path(saves: Path, slot: str) -> Path:
    """The file of a save slot; a name that could leave the save folder is refused."""
    if not _SLOT.match(slot):
        raise UsageError(
            f"bad save name {slot!r}: use 1 to 64 letters, digits, '-' or '_'"
        )
    return saves / f"{slot}.json"


def slot_name(name: str) -> str:
    """The file-safe slot for a save name as the player typed it: "Avant le café" -> "avant-le-cafe".

    Accents are folded to their letters, anything else outside `slot_path`'s characters becomes
    a dash; the typed name itself is kept inside the save (`SaveStore.save(name=...)`).
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9_]+", "-", folded.lower()).strip("-")[:64].strip("-")
    return slug or "save"
