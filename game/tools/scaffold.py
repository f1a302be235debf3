"""`lostbullet new SCENE_ID`: a new scene file that validates at once, in the right act folder.

`--from SCENE` also adds a choice to an existing scene, leading to the new one. That edit is
made in the author's file as text, at the end of the scene's `choices:` list, so their
comments and layout stay as they wrote them; the pack is validated before and after, and the
file is written back only if the edit adds no error.

The one error `new` accepts in the pack is the one it fixes: a reference to the scene it is
about to create (`to: bar` written first, then `new bar`), or a pack with no scene file yet.
The template's examples use the pack's own variables, so its comments make sense in any story.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from game.atomic import write_atomically
from game.diagnostics import Codes, Diagnostic, display_path
from game.errors import ContentError, UsageError
from game.story.loader import SCENE_ID, STORY_FILE, check_pack, load_story
from game.story.model import Story
from game.story.placeholder import MARK
from game.story.schema import FILES, SCHEMA_FOLDER, write_schemas
from game.story.source import read_yaml

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Scaffolded by `lostbullet new`: replace every text marked {mark} (`lostbullet validate` lists them).
act: {act}
scenes:
  {scene_id}:
    title: {title}             # the scene's heading; {{variable}} shows a value
    text: |
      {mark} Write the scene here, in the present tense. A blank line starts a new paragraph.
    # The text can also be a list of parts, each shown when its condition holds:
    #   - text: Always shown.
    #   - if: {condition}
    #     text: Shown only when that holds.
    choices:
      - id: {choice_id}
        text: {choice_text}
        to: {target}           # the scene this choice leads to
        # if: {condition}  # offer the choice only when this holds
        # do: [{effect}]  # effects, applied in order when it is taken
    # A scene with no choices must be an ending instead:
    # ending: {{id: {scene_id}, kind: alternate, title: {title}}}
"""

MAX_NEW_ID = 64
"""Characters in an id `new` accepts: the id becomes a file name, and file systems stop at 255 bytes."""


def title_of(scene_id: str) -> str:
    return " ".join(word.capitalize() for word in scene_id.split("_"))


def examples(variables: Any) -> tuple[str, str]:
    """A condition and an effect on the pack's first declared variable, for the template's comments."""
    for name, declared in (variables or {}).items() if isinstance(variables, dict) else ():
        kind = declared.get("type") if isinstance(declared, dict) else None
        values = declared.get("values") if isinstance(declared, dict) else None
        if kind == "bool":
            return f"not {name}", f"{name} = true"
        if kind == "int":
            return f"{name} >= 1", f"{name} += 1"
        if kind == "enum" and isinstance(values, list) and values:
            return f'{name} == "{values[0]}"', f'{name} = "{values[-1]}"'
        if kind == "str":
            return f'{name} != ""', f'{name} = "..."'
    return "a condition on a variable of story.yaml", "an effect, such as name += 1"


def _fixable(diagnostic: Diagnostic, scene_id: str) -> bool:
    """The errors a new scene `scene_id` itself removes: references to it, and having no scene file."""
    if diagnostic.code is Codes.UNKNOWN_SCENE:
        return diagnostic.message.startswith(f"unknown scene '{scene_id}'")
    return diagnostic.code is Codes.NO_STORY and diagnostic.message.startswith("no scene files")


def _pack_before(scenes: Path, scene_id: str) -> Story | None:
    """The pack as it is (None when its only errors are those the new scene fixes)."""
    story, diagnostics = check_pack(scenes)
    errors = [d for d in diagnostics if d.severity.is_error]
    if errors and not all(_fixable(d, scene_id) for d in errors):
        raise ContentError(errors)
    return story


def scaffold(scenes: Path, scene_id: str, act: int | None, source: str | None) -> list[str]:
    """Create the scene (and the choice from `source`); returns what was done, one line each."""
    if not SCENE_ID.match(scene_id):
        raise UsageError(f"'{scene_id}' cannot be a scene id: use lower-case letters, digits and '_', starting with a letter")
    if len(scene_id) > MAX_NEW_ID:
        raise UsageError(f"a new scene id can have at most {MAX_NEW_ID} characters, not {len(scene_id)}: it names the file too")
    story = _pack_before(scenes, scene_id)
    if story is not None and scene_id in story.scenes:
        where = story.locate(scene_id, key=True).render()
        raise UsageError(f"scene '{scene_id}' already exists at {where}")
    if story is not None and source is not None:
        _check_source(story, scenes, source)
    if act is None:
        act = story.scenes[source].act if story is not None and source is not None else 1
    path = scenes / f"act{act}" / f"{scene_id}.yaml"
    if path.exists():
        raise UsageError(f"{display_path(str(path))} already exists")
    header = read_yaml(scenes / STORY_FILE)[0].data
    header = header if isinstance(header, dict) else {}
    back = source or str(header.get("start", scene_id))
    condition, effect = examples(header.get("variables"))
    text = TEMPLATE.format(
        schema=f"../{SCHEMA_FOLDER}/{FILES['scenes']}",
        mark=MARK,
        act=act,
        scene_id=scene_id,
        title=title_of(scene_id),
        choice_id="back",
        choice_text=f"Go back to {_title(story, back)}. {MARK}",
        target=back,
        condition=condition,
        effect=effect,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)
    done = [f"created {display_path(str(path))}"]
    try:
        after = load_story(scenes)  # the template must load: if it does not, it is taken back
        if source is not None:
            _check_source(after, scenes, source)
            done.append(_add_choice(scenes, after.scene_files[source], source, scene_id))
    except (ContentError, UsageError):
        path.unlink()
        raise
    write_schemas(scenes)  # the modeline must point at a schema, and the pack's schemas list its scene ids
    done.append(f"updated the schemas in {display_path(str(scenes / SCHEMA_FOLDER))}")
    return done


def _check_source(story: Story, scenes: Path, source: str) -> None:
    if source not in story.scenes:
        raise UsageError(f"--from: no scene '{source}' in {scenes}")
    if story.scenes[source].ending is not None:
        raise UsageError(f"--from: '{source}' is an ending; an ending has no choices to add to")


def _title(story: Story | None, scene_id: str) -> str:
    """A scene's title without its interpolations, for the scaffolded choice's text."""
    if story is None or scene_id not in story.scenes:
        return title_of(scene_id)
    return story.scenes[scene_id].title.split("{")[0].strip() or scene_id


def _add_choice(scenes: Path, file: str, source: str, target: str) -> str:
    path = Path(file)
    original = path.read_text(encoding="utf-8")
    parsed, _ = read_yaml(path)
    at = ("scenes", source, "choices")
    if at not in parsed.values:
        raise UsageError(f"--from: scene '{source}' has no 'choices:' list to add to")
    line, col, _, end = parsed.values[at]
    lines = original.splitlines(keepends=True)
    if lines[line - 1][col - 1 : col] == "[":
        raise UsageError(f"--from: the choices of '{source}' are written inline ([...]); add the choice by hand")
    existing = {c.id for c in load_story(scenes).scenes[source].choices}
    choice_id = f"to_{target}"
    n = 2
    while choice_id in existing:
        choice_id, n = f"to_{target}_{n}", n + 1
    pad = " " * (col - 1)
    block = [
        f"{pad}- id: {choice_id}\n",
        f"{pad}  text: Go on to {title_of(target)}. {MARK}\n",
        f"{pad}  to: {target}\n",
    ]
    insert_at = end - 1  # the line the list's end mark is on: just after its last item
    while insert_at > line and not lines[insert_at - 1].strip():
        insert_at -= 1  # keep the blank lines that separate this scene from the next
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines[insert_at:insert_at] = block
    write_atomically(path, "".join(lines))
    _, diagnostics = check_pack(scenes)
    if any(d.severity.is_error for d in diagnostics):
        write_atomically(path, original)
        raise ContentError([d for d in diagnostics if d.severity.is_error])
    return f"added choice '{source}.{choice_id}' at {display_path(str(path))}:{insert_at + 1}"


def run_new(scenes: Path, scene_id: str, act: int | None, source: str | None) -> int:
    for line in scaffold(scenes, scene_id, act, source):
        print(line, file=sys.stderr)
    return 0
