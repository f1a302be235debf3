"""JSON Schemas of `story.yaml`, scene files and walkthroughs, generated from the models.

Never written by hand: `lostbullet schema` prints them and the copies shipped beside the
scenes (for editors, through each file's `# yaml-language-server: $schema=...` line) are
checked against a fresh generation by the tests. The models give the shapes and
`schema_rules` the rules JSON Schema can also state; written for one pack, the schemas carry
its title and its own names (scene ids, choice ids, variables, endings) as enums. The checks
that need more than one file's shape (types of expressions, reachability) stay `validate`'s.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.atomic import write_atomically
from game.diagnostics import display_path
from game.errors import GameError
from game.story.model import SceneFile, StoryFile
from game.story.schema_rules import PackNames, scene_rules, story_rules, tidy, walk_rules

SCHEMA_FOLDER = "schema"
"""Where the shipped copies live, inside the scenes folder."""

FILES = {"story": "story-file.json", "scenes": "scene-file.json", "walk": "walk-file.json"}
_NAMED = {"story": "story.yaml", "scenes": "scene file", "walk": "walkthrough (*.walk.yaml)"}


def schema(which: str, story_title: str | None = None, names: PackNames | None = None) -> dict[str, Any]:
    """The schema of `story.yaml`, a scene file or a walkthrough, titled and named for the pack when given."""
    if which == "walk":
        from game.tools.walk import Walkthrough  # deferred: the walk model lives with the walk tool

        model: Any = Walkthrough
    else:
        model = StoryFile if which == "story" else SceneFile
    generated = tidy(model.model_json_schema())
    generated["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    generated["title"] = f"{story_title or 'lostbullet'} {_NAMED[which]}"
    rules = {"story": story_rules, "scenes": scene_rules, "walk": walk_rules}[which]
    return rules(generated, names)


def render(which: str, story_title: str | None = None, names: PackNames | None = None) -> str:
    return json.dumps(schema(which, story_title, names), indent=2, ensure_ascii=False) + "\n"


def pack_names(scenes: Path) -> PackNames | None:
    """The names the pack defines, or None when it does not load (its schemas are then the generic ones)."""
    from game.story.loader import check_pack  # deferred: printing the generic schema loads no pack

    story = check_pack(scenes)[0]
    if story is None:
        return None
    return PackNames(
        scenes=list(story.scenes),
        choices=sorted({c.id for s in story.scenes.values() for c in s.choices}),
        variables=list(story.variables),
        endings=list(story.endings),
    )


def pack_schemas(scenes: Path) -> dict[str, str]:
    """File name -> text of each schema, as `schema --write` puts them in the pack's schema folder."""
    title, names = pack_title(scenes), pack_names(scenes)
    return {name: render(which, title, names) for which, name in FILES.items()}


def pack_title(scenes: Path) -> str | None:
    """The `title:` of the pack's story.yaml, read even when the pack has errors (None without one)."""
    from game.story.source import read_yaml  # deferred: printing the generic schema reads no YAML

    data = read_yaml(scenes / "story.yaml")[0].data
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) and title.strip() else None


def write_schemas(scenes: Path) -> list[Path]:
    """Write both schemas into the pack's schema folder; a folder that cannot be written is a `GameError`."""
    folder = scenes / SCHEMA_FOLDER
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in pack_schemas(scenes).items():
            path = folder / name
            write_atomically(path, text)
            written.append(path)
    except OSError as err:
        raise GameError(f"cannot write the schemas into {display_path(str(folder))}: {err.strerror or err}") from None
    return written
