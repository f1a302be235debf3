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


def schema(which: str) -> dict[str, Any]:
    model = StoryFile if which == "story" else SceneFile
    generated = model.model_json_schema()
    generated["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    generated["title"] = "Lost Bullet 2 story.yaml" if which == "story" else "Lost Bullet 2 scene file"
    return generated


def render(which: str) -> str:
    return json.dumps(schema(which), indent=2, ensure_ascii=False) + "\n"


def write_schemas(scenes: Path) -> list[Path]:
    """Write both schemas into the pack's schema folder; a folder that cannot be written is a `GameError`."""
    folder = scenes / SCHEMA_FOLDER
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for which, name in FILES.items():
            path = folder / name
            write_atomically(path, render(which))
            written.append(path)
    except OSError as err:
        raise GameError(f"cannot write the schemas into {display_path(str(folder))}: {err.strerror or err}") from None
    return written
