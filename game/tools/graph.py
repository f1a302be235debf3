"""`lostbullet graph`: the story machine as a diagram, or as data for other tools.

`--format json` gives scenes (with where each is written, and the timer of a timed one) and
choices (every possible target, the condition, each outcome's weight, the variables each reads
to decide and writes when taken); Mermaid and DOT are drawn from the same data (`diagram`),
optionally with a walkthrough's path picked out and, with `--lint`, with what the linter
found (`lint` marks on scenes, choices and outcomes).
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
                "timer": scene.timer.model_dump() if scene.timer else None,
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
                    "text": choice.text,
                    "from": sid,
                    "to": targets,
                    "reads": sorted(reads),
                    "writes": sorted(writes),
                    "if": choice.if_.source if choice.if_ is not None else None,
                    "outcomes": [{"weight": o.weight.source, "to": o.to} for o in outcomes] if choice.outcomes is not None else None,
                }
            )
    return {"title": story.title, "version": story.version, "start": story.start, "scenes": scenes, "choices": choices}


def add_lint(graph: dict[str, Any], folder: Path, story: Story, max_states: int = 1_000_000) -> None:
    """Add each scene's and choice's `lint` marks (from `validate --deep`'s findings) to `graph`."""
    from game.tools.graph_lint import lint_marks  # deferred: only --lint runs the linter and the search
    from game.tools.validate import findings

    marks = lint_marks(story, findings(folder, deep=True, max_states=max_states).diagnostics)
    for scene in graph["scenes"]:
        scene["lint"] = sorted(marks.scenes.get(scene["id"], ()))
    for choice in graph["choices"]:
        choice["lint"] = sorted(marks.choices.get(choice["id"], ()))
        for k, outcome in enumerate(choice["outcomes"] or ()):
            outcome["lint"] = sorted(marks.outcomes.get((choice["id"], k), ()))


def run_graph(
    folder: Path,
    fmt: str = "mermaid",
    highlight: Path | None = None,
    lint: bool = False,
    ids: bool = False,
    rankdir: str | None = None,
    max_states: int = 1_000_000,
) -> int:
    story = load_story(folder)
    graph = story_graph(story)
    if lint:
        add_lint(graph, folder, story, max_states)
    if fmt == "json":
        print(json.dumps(graph, indent=2, ensure_ascii=False))
        return 0
    visited = _walk_scenes(highlight, folder) if highlight is not None else None
    from game.tools.diagram import to_dot, to_mermaid

    draw = to_mermaid if fmt == "mermaid" else to_dot
    print(draw(graph, visited, ids=ids, rankdir=rankdir), end="")
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
