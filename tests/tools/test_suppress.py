"""`# lostbullet: ignore CODES` comments (game/tools/suppress.py): a finding hidden in one place,
counted and listed, never silent; comments that name no code or hide nothing are LB121."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from game.cli import main

MakePack = Callable[..., Path]
Capsys = pytest.CaptureFixture[str]

STORY = """\
title: T
version: 1
start: street
variables:
  heat: {type: int, initial: 0, min: 0, max: 5}
"""

SCENES = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: home, text: Go home, do: heat += 0, to: home}
      - {id: run, text: Run, do: heat += 1, to: home}
  home:
    title: Home
    text:
      - text: Dry, heat {heat}.
      - if: heat >= 3
        text: Hot.
    ending: {id: home, kind: alternate, title: Home}
"""


def run(capsys: Capsys, pack: Path, *args: str) -> tuple[int, str, str]:
    code = main(["validate", str(pack), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def codes(err: str) -> list[str]:
    return sorted(line.rsplit("[", 1)[1].rstrip("]") for line in err.splitlines() if line.endswith("]") and ": suppressed: " not in line)


def test_without_comments_both_findings_show(make_pack: MakePack, capsys: Capsys) -> None:
    code, _, err = run(capsys, make_pack(STORY, {"scenes.yaml": SCENES}))
    assert code == 0 and codes(err) == ["LB116", "LB119"]


def test_a_comment_on_the_line_hides_that_finding_and_is_counted(make_pack: MakePack, capsys: Capsys) -> None:
    scenes = SCENES.replace("      - if: heat >= 3\n", "      - if: heat >= 3   # lostbullet: ignore never-shown-text\n")
    code, out, err = run(capsys, make_pack(STORY, {"scenes.yaml": scenes}))
    assert code == 0 and codes(err) == ["LB119"]
    assert "; 1 suppressed by comments" in out


def test_a_comment_above_a_scene_covers_the_scene_and_strict_lists_what_it_hides(make_pack: MakePack, capsys: Capsys) -> None:
    scenes = SCENES.replace("  street:\n", "  # work in progress\n  # lostbullet: ignore LB119, LB1\n  street:\n")
    code, out, err = run(capsys, make_pack(STORY, {"scenes.yaml": scenes}), "--strict")
    assert code == 1 and codes(err) == ["LB116"]  # home is another scene: not covered
    assert [line.split(": suppressed: ")[1] for line in err.splitlines() if ": suppressed: " in line] == [
        "the effect 'heat += 0' changes nothing; remove it, or write the change you meant [LB119]"
    ]


def test_a_comment_on_the_scene_key_covers_it_and_json_lists_the_suppressed(make_pack: MakePack, capsys: Capsys) -> None:
    scenes = SCENES.replace("  home:\n", "  home:  # lostbullet: ignore LB116\n")
    code, out, _ = run(capsys, make_pack(STORY, {"scenes.yaml": scenes}), "--json")
    report = json.loads(out)
    assert code == 0 and [d["code"] for d in report["diagnostics"]] == ["LB119"]
    assert [(d["code"], d["line"]) for d in report["suppressed"]] == [("LB116", 13)]


def test_a_comment_that_names_no_code_is_lb121_and_hides_nothing(make_pack: MakePack, capsys: Capsys) -> None:
    scenes = SCENES.replace("      - if: heat >= 3\n", "      - if: heat >= 3   # lostbullet: ignore LB1l6\n")
    _, _, err = run(capsys, make_pack(STORY, {"scenes.yaml": scenes}))
    assert codes(err) == ["LB116", "LB119", "LB121"]
    assert "scenes.yaml:13:25: warning: this comment names no diagnostic code: 'LB1l6'" in err


def test_after_deep_a_comment_that_hides_nothing_is_lb121(make_pack: MakePack, capsys: Capsys) -> None:
    """Without --deep a comment for a deep-only finding may be waiting for it; with --deep it cannot."""
    scenes = SCENES.replace("    title: Street\n", "    title: Street   # lostbullet: ignore LB108\n")
    pack = make_pack(STORY, {"scenes.yaml": scenes})
    assert "LB121" not in codes(run(capsys, pack)[2])
    _, _, err = run(capsys, pack, "--deep")
    assert "scenes.yaml:4:21: warning: this comment suppresses nothing: no LB108 finding here; remove the comment [LB121]" in err


def test_load_errors_are_never_suppressed(make_pack: MakePack, capsys: Capsys) -> None:
    scenes = SCENES.replace("to: home}\n", "to: hom}   # lostbullet: ignore LB0, LB008\n", 1)
    code, _, err = run(capsys, make_pack(STORY, {"scenes.yaml": scenes}))
    assert code == 1 and "[LB008]" in err
