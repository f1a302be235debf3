"""`lostbullet init DIR`: a new scene pack from nothing, valid and playable the moment it exists.

It writes `story.yaml`, a first scene (the start, with one variable that a choice changes and
another choice reads, and an ending), the schemas the files' modelines name, a walkthrough of
the one path to the ending and a README stub. Its prose is a small real story rather than
placeholders, so `validate --strict` and `pytest` pass in the new folder at once; `new` is the
tool that writes marked drafts. The pack is checked before `init` reports success.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.atomic import write_atomically
from game.diagnostics import display_path
from game.errors import ContentError, UsageError
from game.paths import is_installed
from game.story.loader import check_pack
from game.story.schema import write_schemas

STORY = """\
# yaml-language-server: $schema=schema/story-file.json
# The story: its title, the scene a game opens on, and every variable the scenes use.
title: {title}
version: 1              # an integer; bump it when a change breaks old saves
start: start            # the id of the first scene
panel:
  title: Status         # the heading of the game's side panel, which shows labelled variables
variables:
  courage:
    type: int           # bool | int | enum | str
    initial: 0
    min: 0              # int only: effects clamp into min..max
    max: 3
    doc: How ready the player is to open the door. Players never see a doc.
    label: Courage      # shown in the side panel under this name
"""

START = """\
# yaml-language-server: $schema=../schema/scene-file.json
# A scene file: any *.yaml under the pack holds scenes. `lostbullet new ID` adds one.
act: 1
scenes:
  start:
    title: The Door
    text: |
      A door at the end of a corridor, and a light under it.

      Courage: {courage} of 3.
    choices:
      - id: steady
        text: Take a breath.
        do: [courage += 1]      # effects run in order when the choice is taken
        to: start
      - id: open
        text: Open the door.
        if: courage >= 1        # offered only when this holds
        to: opened
  opened:
    title: The Light
    text: The room is empty, and the window is open.
    ending: {id: opened, kind: canonical, title: The Open Window}
"""

WALK = """\
# yaml-language-server: $schema=../schema/walk-file.json
# A walkthrough: `lostbullet walk tests/` runs it, and so does `pytest` in the pack's folder.
seed: 0
steps:
  - expect: {scene: start, closed: [open]}
  - choose: steady
  - expect: {vars: {courage: 1}, open: [steady, open]}
  - choose: open
ending: opened
"""

README = """\
# {title}

A scene pack for the lostbullet engine, begun with `lostbullet init`.

| do | command |
|---|---|
| play it | `lostbullet play --scenes .` (`--plain` for numbered lines) |
| check it | `lostbullet validate .` (`--strict` makes warnings errors, `--deep` explores every state) |
| add a scene | `lostbullet new SCENE_ID --scenes . [--from SCENE]` |
| run the walkthroughs | `lostbullet walk tests` or just `pytest` here |
| see it | `lostbullet graph --scenes .` |
| refresh the schemas | `lostbullet schema --write --scenes .` |

The format of `story.yaml`, scene files and walkthroughs, and every diagnostic code, is
documented in the scene format guide of lostbullet (`scenes/README.md` in its source).
"""


def starter(folder: Path, title: str | None) -> list[str]:
    """Write the pack into `folder` (new or empty); returns what was written, one line each."""
    if is_installed(folder):
        raise UsageError(f"{folder} is inside the installed game; make the pack somewhere of your own")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(f"{folder} already holds files; init starts a pack in a new or empty folder")
    name = title or folder.resolve().name.replace("_", " ").replace("-", " ").strip().title() or "My Story"
    files = {
        "story.yaml": STORY.format(title=json.dumps(name, ensure_ascii=False)),
        "act1/start.yaml": START,
        "tests/start.walk.yaml": WALK,
        "README.md": README.format(title=name),
    }
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text)
    written = [folder / relative for relative in files] + write_schemas(folder)  # after the files: they name the pack's ids
    story, diagnostics = check_pack(folder)
    if story is None:  # the starter is fixed text: this would be a bug, but say so as a diagnostic
        raise ContentError([d for d in diagnostics if d.severity.is_error])
    return [f"created {display_path(str(p))}" for p in written]


def run_init(folder: Path, title: str | None) -> int:
    for line in starter(folder, title):
        print(line, file=sys.stderr)
    shown = display_path(str(folder))
    print(f"next: lostbullet play --scenes {shown}, lostbullet new SCENE_ID --scenes {shown}, lostbullet walk {shown}/tests", file=sys.stderr)
    return 0
