"""`lostbullet graph`: the story machine as data for other tools.

`--format json` gives scenes (with where each is written) and choices (every possible
target, the variables each reads to decide and writes when taken).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from game.expr.parse import names_in
from game.story.loader import load_story
from game.story.model import Story


def story_graph(story: Story) -> dict[str, Any]:
    scenes = []
    choices = []
    for sid, scene in story.scenes.items():
        span = story.locate(sid, key=True)
        scenes.append(
            {
                "id": sid,
                "title": scene.title,
                "act": scene.act,
                "file": Path(os.path.relpath(span.file, story.root)).as_posix(),
                "line": span.line,
                "ending": scene.ending.model_dump() if scene.ending else None,
            }
        )
        for choice in scene.choices:
            outcomes = choice.outcomes or ()
            targets = [choice.to] if choice.to is not None else list(dict.fromkeys(o.to for o in outcomes))
            reads = set(names_in(choice.if_.tree)) if choice.if_ is not None else set()
            for outcome in outcomes:
                reads |= names_in(outcome.weight.tree)
            writes = {e.target for e in choice.do} | {e.target for o in outcomes for e in o.do}
            choices.append(
                {
                    "id": f"{sid}.{choice.id}",
                    "from": sid,
                    "to": targets,
                    "reads": sorted(reads),
                    "writes": sorted(writes),
                }
            )
    return {"title": story.title, "version": story.version, "start": story.start, "scenes": scenes, "choices": choices}


def run_graph(folder: Path) -> int:
    story = load_story(folder)
    print(json.dumps(story_graph(story), indent=2, ensure_ascii=False))
    return 0
