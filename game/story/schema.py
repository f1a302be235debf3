"""JSON Schemas of `story.yaml` and of scene files, generated from the story model.

Never written by hand: `lostbullet schema` prints them and the copies shipped beside the
scenes (for editors, through each file's `# yaml-language-server: $schema=...` line) are
checked against a fresh generation by the tests. The schema describes shapes; the checks that
need the whole pack (targets, types of expressions) stay the loader's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.atomic import write_atomically
from game.diagnostics import display_path
from game.errors import GameError
from game.story.model import SceneFile, StoryFile

SCHEMA_FOLDER = "schema"
"""Where the shipped copies live, inside the scenes folder."""

FILES = {"story": "story-file.json", "scenes": "scene-file.json"}


def schema(which: str, story_title: str | None = None) -> dict[str, Any]:
    """The schema of `story.yaml` or of a scene file, titled for the pack (editors show the title on hover)."""
    model = StoryFile if which == "story" else SceneFile
    generated = model.model_json_schema()
    generated["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    owner = story_title or "lostbullet"
    generated["title"] = f"{owner} story.yaml" if which == "story" else f"{owner} scene file"
    return generated


def render(which: str, story_title: str | None = None) -> str:
    return json.dumps(schema(which, story_title), indent=2, ensure_ascii=False) + "\n"


def pack_title(scenes: Path) -> str | None:
    """The `title:` of the pack's story.yaml, read even when the pack has errors (None without one)."""
    from game.story.source import read_yaml  # deferred: printing the generic schema reads no YAML

    data = read_yaml(scenes / "story.yaml")[0].data
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) and title.strip() else None


def write_schemas(scenes: Path) -> list[Path]:
    """Write both schemas into the pack's schema folder; a folder that cannot be written is a `GameError`."""
    folder = scenes / SCHEMA_FOLDER
    title = pack_title(scenes)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for which, name in FILES.items():
            path = folder / name
            write_atomically(path, render(which, title))
            written.append(path)
    except OSError as err:
        raise GameError(f"cannot write the schemas into {display_path(str(folder))}: {err.strerror or err}") from None
    return written
