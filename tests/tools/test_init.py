"""`lostbullet init` (a pack from nothing) and the rules `new` and `schema --write` keep about where they write."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from game import paths
from game.cli import main
from game.errors import UsageError
from game.story.loader import check_pack, load_story
from tests.test_plain import play


def test_init_makes_a_pack_that_validates_walks_and_plays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """From nothing: story.yaml, a start scene, schemas, a walk and a README; strict validate, walk and play all pass."""
    pack = tmp_path / "ferry"
    assert main(["init", str(pack)]) == 0
    err = capsys.readouterr().err
    for name in ("story.yaml", "act1/start.yaml", "tests/start.walk.yaml", "README.md", "schema/story-file.json", "schema/scene-file.json"):
        assert (pack / name).is_file() and f"created {pack / name}" in err, name
    story = load_story(pack)
    assert story.title == "Ferry" and story.start == "start" and story.panel_title == "Status"
    assert json.loads((pack / "schema" / "scene-file.json").read_text())["title"] == "Ferry scene file"
    assert main(["validate", "--strict", "--deep", str(pack)]) == 0
    assert "no errors; deep check: every reachable state explored" in capsys.readouterr().out
    assert main(["walk", str(pack / "tests")]) == 0
    assert "ok   " in capsys.readouterr().err
    played = play(pack, "1\n2\n", "--saves", str(tmp_path / "saves"))
    assert played.returncode == 0, played.stderr
    assert "# The Door" in played.stdout and "THE END: The Open Window" in played.stdout


def test_init_takes_a_title(tmp_path: Path) -> None:
    """--title is written as given, quoted so any text is safe YAML."""
    assert main(["init", str(tmp_path / "p"), "--title", "The Last Ferry: a night"]) == 0
    assert load_story(tmp_path / "p").title == "The Last Ferry: a night"


def test_init_refuses_a_folder_that_holds_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing pack (or anything else) is never written over: one line, exit 2, nothing touched."""
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "already holds files" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_writing_commands_refuse_the_installed_story(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Outside a checkout, `new` and `schema --write` without --scenes say so and stop (exit 2)."""
    monkeypatch.setattr(paths, "checkout_root", lambda: None)
    for command, name in ((["new", "rooftop"], "new"), (["schema", "--write"], "schema --write")):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert f"{name} writes into a scene pack: give --scenes DIR" in err and err.count("\n") == 1
    assert not (paths.shipped_scenes() / "act1" / "rooftop.yaml").exists()
    with pytest.raises(UsageError, match="installed with the game"):
        paths.pack_to_write(paths.shipped_scenes(), "new")


STORY_ONLY = "title: Dock\nversion: 1\nstart: dock\nvariables:\n  ticket: {type: bool, initial: false}\n"


def test_new_makes_the_first_scene_of_a_bare_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With only story.yaml, `new START` is the pack's first scene file, and the schemas its modeline names appear."""
    pack = tmp_path / "dock"
    pack.mkdir()
    (pack / "story.yaml").write_text(STORY_ONLY)
    assert check_pack(pack)[0] is None
    assert main(["new", "dock", "--scenes", str(pack)]) == 0
    assert load_story(pack).start == "dock"
    assert (pack / "schema" / "scene-file.json").is_file() and "updated the schemas in" in capsys.readouterr().err


def test_new_takes_its_comments_from_the_pack(tmp_path: Path) -> None:
    """The template's examples use the pack's own variable; nothing of Lost Bullet's is left in."""
    pack = tmp_path / "dock"
    pack.mkdir()
    (pack / "story.yaml").write_text(STORY_ONLY)
    assert main(["new", "dock", "--scenes", str(pack)]) == 0
    text = (pack / "act1" / "dock.yaml").read_text()
    assert "# if: not ticket" in text and "# do: [ticket = true]" in text
    assert "heat" not in text and "Lino" not in text and "scenes/README.md" not in text


def test_new_fixes_the_reference_it_is_written_for(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """`to: bar` written first (LB008), then `new bar`: the scene appears and the pack loads."""
    pack = make_pack()
    scenes = pack / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("{id: back, text: Go back out, to: street}", "{id: back, text: Go to the bar, to: bar}"))
    assert "unknown scene 'bar'" in check_pack(pack)[1][0].message
    assert main(["new", "bar", "--scenes", str(pack)]) == 0
    assert load_story(pack).scenes["home"].choices[0].to == "bar"
    assert "created" in capsys.readouterr().err


def test_new_still_refuses_a_pack_with_other_errors(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Only the reference to the new scene is forgiven: any other error is reported and nothing is written."""
    pack = make_pack()
    scenes = pack / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("to: street}", "to: bar}").replace("to: home}", "to: hoem}"))
    assert main(["new", "bar", "--scenes", str(pack)]) == 1
    assert "unknown scene 'hoem'" in capsys.readouterr().err
    assert not (pack / "act1").exists()


def test_scaffolded_text_is_reported_until_rewritten(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """`new --from` leaves three marked texts; validate warns about each (LB113), and --strict fails on them."""
    pack = make_pack()
    assert main(["new", "alley", "--from", "home", "--scenes", str(pack)]) == 0
    capsys.readouterr()
    main(["validate", str(pack)])
    placeholders = [line for line in capsys.readouterr().err.splitlines() if line.endswith("[LB113]")]
    assert len(placeholders) == 3
    assert any("alley.yaml:7:11: warning: the text of scene 'alley' still holds the placeholder text" in line for line in placeholders)
    assert any("choice 'home.to_alley'" in line for line in placeholders)
