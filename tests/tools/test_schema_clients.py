"""The schemas as a real client reads them: check-jsonschema, through each file's modeline.

Every shipped file (story.yaml, scene files, the walkthroughs) and every file of a fresh `init`
pack names its schema on its first line and passes it; a corpus of broken files, each one that
`validate` rejects, fails it. One check-jsonschema run per schema keeps this to a few seconds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from game.cli import main
from game.story.loader import check_pack
from game.story.schema import schema
from tests.conftest import REPO, SCENES, write_pack

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")


def check(schema_file: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_file), *map(str, files)],
        capture_output=True, text=True, timeout=120,
    )


def by_modeline(files: list[Path]) -> dict[Path, list[Path]]:
    """Schema file -> the files whose first line names it (each file must have one)."""
    grouped: dict[Path, list[Path]] = defaultdict(list)
    for path in files:
        match = MODELINE.fullmatch(path.read_text(encoding="utf-8").splitlines()[0])
        assert match, f"{path}: no yaml-language-server modeline on the first line"
        grouped[(path.parent / match[1]).resolve()].append(path)
    return grouped


@pytest.mark.parametrize("where", ["shipped", "init"])
def test_every_file_passes_the_schema_its_modeline_names(where: str, tmp_path: Path) -> None:
    if where == "shipped":
        files = [*SCENES.rglob("*.yaml"), *(REPO / "tests" / "walkthroughs").rglob("*.walk.yaml")]
    else:
        assert main(["init", str(tmp_path / "p")]) == 0
        files = list((tmp_path / "p").rglob("*.yaml"))
    grouped = by_modeline(files)
    assert {p.name for p in grouped} == {"story-file.json", "scene-file.json", "walk-file.json"}
    for schema_file, named in grouped.items():
        assert schema_file.is_file(), schema_file
        result = check(schema_file, named)
        assert result.returncode == 0, result.stdout + result.stderr


BASE = {"title": "Street", "text": "Rain."}
ENDING = {"title": "Home", "text": "Dry.", "ending": {"id": "home", "kind": "alternate", "title": "Home"}}


def scenes_with(street: dict, **more: dict) -> dict:
    return {"act": 1, "scenes": {"street": street, "home": ENDING, **more}}


BROKEN = {
    "bad_scene_id": {"act": 1, "scenes": {"Bad-Scene": {**BASE, "choices": [{"id": "home", "text": "Go", "to": "home"}]}, "home": ENDING}},
    "bad_choice_id": scenes_with({**BASE, "choices": [{"id": "Go-home", "text": "Go", "to": "home"}]}),
    "no_target": scenes_with({**BASE, "choices": [{"id": "go", "text": "Go"}]}),
    "both_targets": scenes_with({**BASE, "choices": [{"id": "go", "text": "Go", "to": "home", "outcomes": [{"weight": 1, "to": "home"}]}]}),
    "ending_with_choices": scenes_with({**BASE, "choices": [{"id": "go", "text": "Go", "to": "home"}], "ending": {"id": "e", "kind": "death", "title": "E"}}),
    "neither": scenes_with(dict(BASE)),
    "empty_choices": scenes_with({**BASE, "choices": []}),
    "timer_zero": scenes_with({**BASE, "choices": [{"id": "go", "text": "Go", "to": "home"}], "timer": {"seconds": 0, "default": "go"}}),
    "act_zero": {"act": 0, "scenes": {"street": {**BASE, "choices": [{"id": "go", "text": "Go", "to": "home"}]}, "home": ENDING}},
    "negative_weight": scenes_with({**BASE, "choices": [{"id": "go", "text": "Go", "outcomes": [{"weight": -3, "to": "home"}]}]}),
    "no_outcomes": scenes_with({**BASE, "choices": [{"id": "go", "text": "Go", "outcomes": []}]}),
    "kind_words": scenes_with({**BASE, "choices": [{"id": "go", "text": "Go", "to": "home"}]}, end={"title": "E", "text": "x", "ending": {"id": "e", "kind": "Happy Ending", "title": "E"}}),
    "misspelt_key": scenes_with({**BASE, "choises": [{"id": "go", "text": "Go", "to": "home"}]}),
    "effect_number": scenes_with({**BASE, "choices": [{"id": "go", "text": "Go", "do": 5, "to": "home"}]}),
}


def test_each_broken_file_fails_the_schema_as_it_fails_validate(tmp_path: Path) -> None:
    """Every file of the corpus is an error to `validate` and to check-jsonschema, with the generic schema."""
    schema_file = tmp_path / "scene-file.json"
    schema_file.write_text(json.dumps(schema("scenes")))
    files = []
    for name, data in BROKEN.items():
        pack = write_pack(tmp_path / name, "title: T\nversion: 1\nstart: home\n", {"s.yaml": yaml.safe_dump(data, sort_keys=False)})
        assert check_pack(pack)[0] is None, f"{name}: validate accepts it"
        files.append(pack / "s.yaml")
    result = check(schema_file, files)
    assert result.returncode == 1
    failed = {name for name in BROKEN if f"{tmp_path / name / 's.yaml'}::" in result.stdout}
    assert failed == set(BROKEN), f"the schema accepts: {sorted(set(BROKEN) - failed)}\n{result.stdout}"


def test_a_packs_own_schema_knows_its_names(tmp_path: Path) -> None:
    """After `schema --write`, a `to:` naming no scene of the pack, or a walk's unknown ending or variable, fails."""
    pack = tmp_path / "p"
    assert main(["init", str(pack)]) == 0
    bad_scene = tmp_path / "bad.yaml"
    bad_scene.write_text("scenes:\n  hall:\n    title: Hall\n    text: x\n    act: 1\n    choices:\n      - {id: go, text: Go, to: nowhere}\n")
    assert check(pack / "schema" / "scene-file.json", [bad_scene]).returncode == 1
    bad_walk = tmp_path / "bad.walk.yaml"
    bad_walk.write_text("steps:\n  - expect: {vars: {curage: 1}}\n  - choose: {id: open, outcome: -1}\nending: opend\n")
    result = check(pack / "schema" / "walk-file.json", [bad_walk])
    assert result.returncode == 1 and result.stdout.count("bad.walk.yaml::") == 3, result.stdout
