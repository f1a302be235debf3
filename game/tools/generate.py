"""A generated scene pack of any size, for the benchmark and for load tests.

Deterministic for a seed, and shaped like a real story rather than a chain: every scene has
two to four choices, some behind conditions, some with effects, some chance choices with
weights read from the state; scenes are spread over files of `per_file` scenes, endings are
sprinkled through, and the last scenes of the pack are all endings so every path finishes.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

STORY = {
    "title": "Generated",
    "version": 1,
    "start": "s00000",
    "variables": {
        "heat": {"type": "int", "initial": 0, "min": 0, "max": 9, "doc": "Pressure."},
        "trust": {"type": "int", "initial": 2, "min": 0, "max": 5, "doc": "Goodwill."},
        "armed": {"type": "bool", "initial": False, "doc": "Carrying."},
        "car": {"type": "enum", "values": ["stock", "blue", "black"], "initial": "stock", "doc": "Paint."},
    },
}

PROSE = (
    "Rain on the windscreen. The engine ticks as it cools, and somewhere past the quay a dog "
    "barks twice and stops. {heat} cars behind him now, maybe more.\n\nHe counts the exits."
)


def generate(folder: Path, scenes: int = 10_000, per_file: int = 100, seed: int = 7) -> Path:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(yaml.safe_dump(STORY, sort_keys=False), encoding="utf-8")
    ids = [f"s{i:05d}" for i in range(scenes)]
    tail = max(3, scenes // 200)
    for start in range(0, scenes, per_file):
        block: dict[str, object] = {}
        for i in range(start, min(start + per_file, scenes)):
            sid = ids[i]
            scene: dict[str, object] = {"title": f"Scene {i}", "text": [{"text": PROSE}, {"if": "armed", "text": "The gun is heavy in his coat."}]}
            if i >= scenes - tail or (i > 0 and rnd.random() < 0.01):
                scene["ending"] = {"id": f"end_{sid}", "kind": rnd.choice(["alternate", "death", "arrest"]), "title": f"End {i}"}
            else:
                ahead = [ids[min(i + rnd.randint(1, 6), scenes - 1)] for _ in range(4)]
                choices: list[dict[str, object]] = [
                    {"id": "drive", "text": "Drive on.", "do": ["heat += 1"], "to": ahead[0]},
                    {"id": "wait", "text": "Wait it out.", "if": "heat < 9", "do": ["heat -= 1", "trust += 1"], "to": ahead[1]},
                ]
                if rnd.random() < 0.5:
                    choices.append({"id": "arm", "text": "Take the gun.", "if": "not armed", "do": ["armed = true"], "to": ahead[2]})
                if rnd.random() < 0.4:
                    choices.append(
                        {
                            "id": "gamble",
                            "text": "Gamble on the bridge.",
                            "outcomes": [
                                {"weight": "1 + trust", "to": ahead[3], "do": ['car = "blue"']},
                                {"weight": "heat + 1", "to": ahead[0]},
                            ],
                        }
                    )
                scene["choices"] = choices
            block[sid] = scene
        (folder / f"part{start // per_file:03d}.yaml").write_text(
            yaml.safe_dump({"act": 1 + start * 3 // scenes, "scenes": block}, sort_keys=False, width=1000), encoding="utf-8"
        )
    return folder
