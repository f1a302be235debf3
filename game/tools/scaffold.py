"""`lostbullet new SCENE_ID`: a new scene file that validates at once, in the right act folder.

`--from SCENE` also adds a choice to an existing scene, leading to the new one. That edit is
made in the author's file as text, at the end of the scene's `choices:` list, so their
comments and layout stay as they wrote them; the pack is validated before and after, and the
file is written back only if the edit adds no error.
"""

from __future__ import annotations

import sys
from pathlib import Path

from game.atomic import write_atomically
from game.diagnostics import display_path
from game.errors import ContentError, UsageError
from game.story.loader import SCENE_ID, check_pack, load_story
from game.story.schema import FILES, SCHEMA_FOLDER

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Scaffolded by `lostbullet new`. The format, key by key: scenes/README.md.
act: {act}
scenes:
  {scene_id}:
    title: {title}             # the scene's heading; {{variable}} shows a value
    text: |
      Write the scene here, in the present tense. A blank line starts a new paragraph.
    # The text can also be a list of parts, each shown when its condition holds:
    #   - text: Always shown.
    #   - if: heat >= 3
    #     text: Shown only when the heat is on.
    choices:
      - id: {choice_id}
        text: {choice_text}
        to: {target}           # the scene this choice leads to
        # if: heat < 3         # offer the choice only when this holds
        # do: [heat += 1]      # effects, applied in order when it is taken
    # A scene with no choices must be an ending instead:
    # ending: {{id: {scene_id}, kind: alternate, title: {title}}}
"""

MAX_NEW_ID = 64
"""Characters in an id `new` accepts: the id becomes a file name, and file systems stop at 255 bytes."""


def title_of(scene_id: str) -> str:
    return " ".join(word.capitalize() for word in scene_id.split("_"))


def scaffold(scenes: Path, scene_id: str, act: int | None, source: str | None) -> list[str]:
    """Create the scene (and the choice from `source`); returns what was done, one line each."""
    story = load_story(scenes)
    if not SCENE_ID.match(scene_id):
        raise UsageError(f"'{scene_id}' cannot be a scene id: use lower-case letters, digits and '_', starting with a letter")
    if len(scene_id) > MAX_NEW_ID:
        raise UsageError(f"a new scene id can have at most {MAX_NEW_ID} characters, not {len(scene_id)}: it names the file too")
    if scene_id in story.scenes:
        where = story.locate(scene_id, key=True).render()
        raise UsageError(f"scene '{scene_id}' already exists at {where}")
    if source is not None and source not in story.scenes:
        raise UsageError(f"--from: no scene '{source}' in {scenes}")
    if source is not None and story.scenes[source].ending is not None:
        raise UsageError(f"--from: '{source}' is an ending; an ending has no choices to add to")
    if act is None:
        act = story.scenes[source].act if source is not None else 1
    folder = scenes / f"act{act}"
    path = folder / f"{scene_id}.yaml"
    if path.exists():
        raise UsageError(f"{display_path(str(path))} already exists")
    back = source or story.start
    text = TEMPLATE.format(
        schema=f"../{SCHEMA_FOLDER}/{FILES['scenes']}",
        act=act,
        scene_id=scene_id,
        title=title_of(scene_id),
        choice_id="back",
        choice_text=f"Go back to {story.scenes[back].title.split('{')[0].strip() or back}.",
        target=back,
    )
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)
    done = [f"created {display_path(str(path))}"]
    if source is not None:
        try:
            done.append(_add_choice(scenes, story.scene_files[source], source, scene_id))
        except UsageError:
            path.unlink()
            raise
    _, diagnostics = check_pack(scenes)
    errors = [d for d in diagnostics if d.severity.is_error]
    if errors:  # the template must load: if it does not, take it back and say why
        path.unlink()
        raise ContentError(errors)
    return done


def _add_choice(scenes: Path, file: str, source: str, target: str) -> str:
    from game.story.source import read_yaml

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
        f"{pad}  text: Go on to {title_of(target)}.   # scaffolded by lostbullet new: rewrite me\n",
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
