"""Record a corpus folder: play walkthroughs on a pack and save at fixed points along them.

    git archive COMMIT scenes tests/walkthroughs | tar -x -C /tmp/old
    python tests/saves_corpus/record.py /tmp/old/scenes tests/saves_corpus/NAME /tmp/old/tests/walkthroughs

Saves are written by the game's own `SaveStore`, so they are what a player of that text holds.
The points are indexes into each walk's choices (999: its end); walks that do not exist on that
text are skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from game.saves import SaveStore
from game.session import Session
from game.story.loader import load_story

PLAN = {
    "canonical.walk.yaml": {5: "squad-room", 14: "year-on", 24: "the-call", 32: "the-yard", 40: "the-chase", 999: "canonical-end"},
    "endings/witness_delivered.walk.yaml": {30: "witness-fight", 999: "witness-end"},
    "act1_other_build.walk.yaml": {28: "convoy-dawn", 999: "convoy-end"},
}


def record(pack: Path, out: Path, walks: Path) -> None:
    story = load_story(pack)
    out.mkdir(parents=True, exist_ok=True)
    store = SaveStore(out, story)
    for walk, points in PLAN.items():
        if not (walks / walk).is_file():
            continue
        data = yaml.safe_load((walks / walk).read_text(encoding="utf-8"))
        session = Session(story, data.get("seed", 0))
        steps = [s["choose"] for s in data["steps"] if "choose" in s]
        for i, step in enumerate(steps):
            if i in points:
                store.save(points[i], session, playtime=60.0 * i, name=points[i].replace("-", " "))
            choice, outcome = (step, None) if isinstance(step, str) else (step["id"], step.get("outcome"))
            session.choose(choice, outcome)
        store.save(points[999], session, playtime=3600.0, name=points[999].replace("-", " "))


if __name__ == "__main__":
    record(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
