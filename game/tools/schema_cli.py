"""`lostbullet schema`: print the pack's schemas, or regenerate its copies in schema/."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.story.schema import FILES, pack_names, pack_title, render, schema, write_schemas


def run_schema(which: str, scenes: Path, write: bool) -> int:
    if write:
        for path in write_schemas(scenes):
            print(f"wrote {path}", file=sys.stderr)
        return 0
    title, names = pack_title(scenes), pack_names(scenes)
    if which == "all":
        print(json.dumps({FILES[k]: schema(k, title, names) for k in FILES}, indent=2, ensure_ascii=False))
    else:
        print(render(which, title, names), end="")
    return 0
