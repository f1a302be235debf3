"""`lostbullet schema` (generated, shipped, checked by jsonschema) and `lostbullet new` (scaffolds that validate)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.cli import main
from game.story.loader import STORY_FILE, check_pack, load_story, scene_files
from game.story.schema import FILES, pack_names, pack_schemas, schema
from tests.conftest import SCENES


def test_schema_command_prints_both_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    """`schema` prints the schemas of story.yaml, scene files and walks, generated from the models for the pack."""
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    names = pack_names(SCENES)
    assert printed == {FILES[k]: schema(k, "Lost Bullet 2", names) for k in FILES}
    assert printed[FILES["scenes"]]["properties"]["scenes"]["type"] == "object"


def test_shipped_schemas_match_the_model() -> None:
    """The copies shipped beside the scenes are exactly what the model generates today."""
    for name, text in pack_schemas(SCENES).items():
        assert (SCENES / "schema" / name).read_text() == text, f"run: lostbullet schema --write ({name} drifted)"


def test_every_shipped_file_names_and_passes_its_schema() -> None:
    """Each shipped YAML file starts with its yaml-language-server line and validates against the schema."""
    files = [SCENES / STORY_FILE, *scene_files(SCENES)]
    for path in files:
        which = "story" if path.name == STORY_FILE else "scenes"
        first = path.read_text().splitlines()[0]
        relative = Path("schema") / FILES[which] if path.parent == SCENES else Path("..") / "schema" / FILES[which]
        assert first == f"# yaml-language-server: $schema={relative.as_posix()}", path
        jsonschema.validate(yaml.safe_load(path.read_text()), schema(which))


@pytest.mark.parametrize(
    "broken",
    [
        {"scenes": {"a": {"titel": "A", "text": "x"}}},
        {"scenes": {"a": {"title": "A", "text": "x", "choices": [{"id": "go", "text": "Go", "to": ["b"]}]}}},
        {"act": "one", "scenes": {}},
    ],
)
def test_schema_rejects_a_broken_file(broken: dict) -> None:
    """A misspelt key, a list where a scene id belongs, or a word for an act fail schema validation."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema("scenes"))


def test_schema_accepts_every_written_form(make_pack: Callable[..., Path]) -> None:
    """Single-string effects, string text, integer weights and `if: true` all pass, as the loader accepts them."""
    scene_file = {
        "act": 1,
        "scenes": {
            "a": {
                "title": "A",
                "text": [{"text": "x", "if": True}],
                "choices": [
                    {"id": "go", "text": "Go", "do": "heat += 1", "to": "a"},
                    {"id": "roll", "text": "Roll", "outcomes": [{"weight": 2, "to": "a", "do": ["heat -= 1"]}]},
                ],
                "timer": {"seconds": 5, "default": "go"},
            }
        },
    }
    jsonschema.validate(scene_file, schema("scenes"))


def test_new_scene_validates_at_once(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """`new` writes actN/SCENE.yaml from a commented template that loads with no error."""
    pack = make_pack()
    assert main(["new", "rooftop", "--act", "2", "--scenes", str(pack)]) == 0
    created = pack / "act2" / "rooftop.yaml"
    assert created.is_file() and f"created {created}" in capsys.readouterr().err
    text = created.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/scene-file.json\n")
    assert "#   - if: heat >= 1" in text and "schema/scene-file.json" in text  # the pack's own variable
    story = load_story(pack)
    assert story.scenes["rooftop"].act == 2 and story.scenes["rooftop"].title == "Rooftop"


def test_new_from_adds_a_choice_and_keeps_the_file_as_written(make_pack: Callable[..., Path]) -> None:
    """`--from` appends a choice to the scene's list, in its file, leaving every other line as it was."""
    pack = make_pack()
    before = (pack / "scenes.yaml").read_text().splitlines()
    assert main(["new", "alley", "--from", "home", "--scenes", str(pack)]) == 0
    after = (pack / "scenes.yaml").read_text().splitlines()
    added = [line for line in after if line not in before]
    assert added == [
        "      - id: to_alley",
        "        text: Go on to Alley. (rewrite me)",
        "        to: alley",
    ]
    story = load_story(pack)
    assert story.scenes["home"].choices[-1].to == "alley" and story.scenes["alley"].act == 1
    assert (pack / "act1" / "alley.yaml").is_file()


@pytest.mark.parametrize(
    "args, message",
    [
        (["new", "street"], "scene 'street' already exists"),
        (["new", "Bad-Id"], "cannot be a scene id"),
        (["new", "x", "--from", "nowhere"], "--from: no scene 'nowhere'"),
        (["new", "x", "--from", "caught"], "is an ending"),
    ],
)
def test_new_refuses_with_one_line(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    """Existing ids, bad ids, unknown or ending --from scenes and inline lists are usage errors; nothing is written."""
    pack = make_pack()
    before = sorted(p.name for p in pack.rglob("*"))
    assert main([*args, "--scenes", str(pack)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert sorted(p.name for p in pack.rglob("*")) == before
    assert check_pack(pack)[0] is not None


def test_new_from_refuses_an_inline_list(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Choices written inline as [...] are left to the author: one line, and the new file is taken back."""
    pack = make_pack(files={"s.yaml": "act: 1\nscenes:\n  street: {title: S, text: x, choices: [{id: a, text: A, to: end}]}\n  end: {title: E, text: e, ending: {id: e, kind: alternate, title: E}}\n"})
    assert main(["new", "x", "--from", "street", "--scenes", str(pack)]) == 2
    assert "written inline ([...]); add the choice by hand" in capsys.readouterr().err
    assert not (pack / "act1" / "x.yaml").exists()


def test_schemas_read_well_on_hover() -> None:
    """One title (the root's), a markdownDescription beside every description, and no escaped backticks."""
    for which in FILES:
        generated = schema(which, "Lost Bullet 2", pack_names(SCENES))
        text = json.dumps(generated)
        assert "\\\\`" not in text and generated["title"].startswith("Lost Bullet 2 ")

        def walk(node: object, root: bool) -> None:
            if isinstance(node, dict):
                assert root or not isinstance(node.get("title"), str), node
                if "description" in node:
                    assert node["markdownDescription"] == node["description"]
                for key, value in node.items():
                    walk(value, False) if key != "properties" else [walk(v, False) for v in value.values()]
            elif isinstance(node, list):
                for item in node:
                    walk(item, False)

        walk(generated, True)


def test_a_packs_schemas_complete_its_own_names() -> None:
    """`to:`, `start:` and `timer.default` offer the pack's scene and choice ids; walks its endings and variables."""
    names = pack_names(SCENES)
    assert names is not None
    scenes, story, walk = (schema(k, "Lost Bullet 2", names) for k in ("scenes", "story", "walk"))
    assert "stakeout" in scenes["$defs"]["Choice"]["properties"]["to"]["enum"]
    assert "tail_scooter" in scenes["$defs"]["Timer"]["properties"]["default"]["enum"]
    assert story["properties"]["start"]["enum"] == sorted(names.scenes)
    assert "walk_away" in walk["properties"]["ending"]["enum"]
    assert "heat" in walk["$defs"]["Expect"]["properties"]["vars"]["propertyNames"]["enum"]
