"""`lostbullet graph`: the story machine as a diagram, or as data for other tools.

`--format json` gives scenes (with where each is written) and choices (every possible
target, the variables each reads to decide and writes when taken); Mermaid and DOT are
drawn from the same data (`diagram`), optionally with a walkthrough's path picked out.
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


def run_graph(folder: Path, fmt: str = "mermaid", highlight: Path | None = None) -> int:
    story = load_story(folder)
    graph = story_graph(story)
    if fmt == "json":
        print(json.dumps(graph, indent=2, ensure_ascii=False))
        return 0
    visited = _walk_scenes(highlight, folder) if highlight is not None else None
    from game.tools.diagram import to_dot, to_mermaid

    print(to_mermaid(graph, visited) if fmt == "mermaid" else to_dot(graph, visited), end="")
    return 0


def _walk_scenes(path: Path, folder: Path) -> list[str]:
    """The scenes a walkthrough passes through, in order, played on the pack being drawn."""
    from game.session import Session
    from game.tools.walk import load_walkthrough

    walk, _ = load_walkthrough(path)
    session = Session(load_story(folder), walk.seed)
    visited = [session.scene_id]
    for step in walk.steps:
        if step.choice is not None:
            session.choose(*step.choice)
            visited.append(session.scene_id)
    return visited
