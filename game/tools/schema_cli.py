"""`lostbullet schema`: print the scene-file schemas, or regenerate a pack's shipped copies."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.story.schema import FILES, pack_title, render, schema, write_schemas


def run_schema(which: str, scenes: Path, write: bool) -> int:
    if write:
        for path in write_schemas(scenes):
            print(f"wrote {path}", file=sys.stderr)
        return 0
    title = pack_title(scenes)
    if which == "all":
        print(json.dumps({FILES[k]: schema(k, title) for k in FILES}, indent=2, ensure_ascii=False))
    else:
        print(render(which, title), end="")
    return 0
