"""A generated scene pack of any size, for the benchmark and for load tests.

Deterministic for a seed, and shaped like a real story rather than a chain: every scene has
two to four choices, some behind conditions, some with effects, some chance choices with
weights read from the state; scenes are spread over files of `per_file` scenes, endings are
sprinkled through, and the last scenes of the pack are all endings so every path finishes.

Loading costs differ with how a pack is written, so the bench loads several shapes: `dense`
puts a condition and two effects on every choice (more expressions to parse and type-check),
`block_prose` writes the prose as an author does, in wrapped paragraphs of a literal block
scalar, and `per_file` ranges from one scene a file to a few big files.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path
from typing import Any

import yaml

from game import collector

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


BLOCK_PROSE = "\n\n".join(
    textwrap.fill(paragraph, 76)
    for paragraph in (
        PROSE.replace("\n\nHe counts the exits.", ""),
        "The radio hisses with a voice he half knows. Julia, or someone who has learnt to sound "
        "like her, asks where he is, and he does not answer; the blue paint catches the light "
        "of a passing truck.",
        "He counts the exits.",
    )
) + "\n"
"""Three paragraphs wrapped at 76 columns, as an author writes them in a `text: |` block."""


_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when there is one: the same YAML, written several times faster."""


class _BlockDumper(_Dumper):  # type: ignore[misc, valid-type]
    """Writes every string that holds a line break as a literal block scalar (`|`)."""


def _str_block(dumper: Any, value: str) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_BlockDumper.add_representer(str, _str_block)


@collector.paused()  # a whole file's scenes as dicts, alive until dumped: the collector's passes freed nothing
def generate(
    folder: Path, scenes: int = 10_000, per_file: int = 100, seed: int = 7, *, dense: bool = False, block_prose: bool = False
) -> Path:
    """Write the pack into `folder` (created if need be) and return it."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(yaml.safe_dump(STORY, sort_keys=False), encoding="utf-8")
    ids = [f"s{i:05d}" for i in range(scenes)]
    tail = max(3, scenes // 200)
    for start in range(0, scenes, per_file):
        block: dict[str, object] = {}
        for i in range(start, min(start + per_file, scenes)):
            sid = ids[i]
            prose = BLOCK_PROSE if block_prose else PROSE
            scene: dict[str, object] = {"title": f"Scene {i}", "text": [{"text": prose}, {"if": "armed", "text": "The gun is heavy in his coat."}]}
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
                if dense:
                    for number, choice in enumerate(choices):
                        choice.setdefault("if", f"trust >= 0 or heat > {number}")
                        choice["do"] = [*choice.get("do", []), f"trust += {number % 2}", "heat -= 0"]
                scene["choices"] = choices
            block[sid] = scene
        (folder / f"part{start // per_file:05d}.yaml").write_text(
            yaml.dump({"act": 1 + start * 3 // scenes, "scenes": block}, Dumper=_BlockDumper if block_prose else _Dumper, sort_keys=False, width=1000),
            encoding="utf-8",
        )
    return folder
