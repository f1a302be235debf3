"""A pack's title read straight from story.yaml, for the title screen's first frame.

The full loader (pydantic models, every check) is a third of the game's start; the title
screen's first frame needs only the title, so the game draws it from this and loads the pack
behind it. Read with `yaml.safe_load` only, bounded, and only a short printable string is
accepted: anything else returns None and the caller loads the whole pack first, as before,
so a broken story.yaml still gets the loader's `file:line:col` error before the game starts.
"""

from __future__ import annotations

from pathlib import Path

MAX_BYTES = 64 * 1024
"""A story.yaml larger than this is left to the loader (its limits, its errors)."""
MAX_TITLE = 200
"""Characters: a longer title is left to the loader."""


def quick_title(pack: Path) -> str | None:
    """The `title:` of `pack`/story.yaml, or None when it cannot be read plainly."""
    import yaml

    try:
        with open(pack / "story.yaml", "rb") as file:
            raw = file.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # safe_load, in C when it can
    except (OSError, ValueError, yaml.YAMLError):
        return None
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE or not title.isprintable():
        return None
    return title
