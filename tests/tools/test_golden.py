"""Golden transcripts: `walk --bless` writes them, `walk` compares, `--rebless` accepts changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main
from game.tools.walk import transcript_path

WALK = "seed: 3\nsteps:\n  - choose: wait\n  - choose: paint\n"


def setup(make_pack: Callable[..., Path]) -> tuple[Path, Path]:
    pack = make_pack()
    walk = pack / "night.walk.yaml"
    walk.write_text(f"scenes: .\n{WALK}")
    return pack, walk


def test_bless_writes_the_transcript_beside_the_walk(make_pack: Callable[..., Path]) -> None:
    """--bless creates NAME.walk.transcript with the scenes read and the choices made."""
    pack, walk = setup(make_pack)
    assert main(["walk", "--bless", str(walk)]) == 0
    golden = pack / "night.walk.transcript"
    assert transcript_path(walk) == golden
    text = golden.read_text()
    assert text.startswith("# The street (0)\n")
    assert "> 1. Wait" in text and "> 2. Paint it blue" in text
    assert not list(pack.glob(".*.tmp"))


def test_plain_walk_passes_when_nothing_changed(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """After blessing, a plain walk compares and passes."""
    _, walk = setup(make_pack)
    main(["walk", "--bless", str(walk)])
    capsys.readouterr()
    assert main(["walk", str(walk)]) == 0
    assert "transcript matches" in capsys.readouterr().err


def test_changed_prose_fails_with_a_unified_diff(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Editing the story's text makes a plain walk exit 1 and print the diff."""
    pack, walk = setup(make_pack)
    main(["walk", "--bless", str(walk)])
    scenes = pack / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("A wet street.", "A dry street."))
    capsys.readouterr()
    assert main(["walk", str(walk)]) == 1
    err = capsys.readouterr().err
    assert "the transcript differs (--rebless accepts the new text)" in err
    assert "-A wet street." in err and "+A dry street." in err
    assert "@@" in err


def test_bless_does_not_overwrite_a_differing_transcript(make_pack: Callable[..., Path]) -> None:
    """--bless refuses to replace a golden transcript that differs; the old text stays."""
    pack, walk = setup(make_pack)
    main(["walk", "--bless", str(walk)])
    golden = pack / "night.walk.transcript"
    before = golden.read_text()
    (pack / "scenes.yaml").write_text((pack / "scenes.yaml").read_text().replace("Quiet.", "Silent."))
    walk.write_text(f"scenes: .\n{WALK}  - choose: wait\n  - choose: walk\n")
    assert main(["walk", "--bless", str(walk)]) == 1
    assert golden.read_text() == before


def test_rebless_accepts_the_new_text(make_pack: Callable[..., Path]) -> None:
    """--rebless overwrites the golden transcript; the next plain walk passes."""
    pack, walk = setup(make_pack)
    main(["walk", "--bless", str(walk)])
    (pack / "scenes.yaml").write_text((pack / "scenes.yaml").read_text().replace("A wet street.", "A dry street."))
    assert main(["walk", "--rebless", str(walk)]) == 0
    assert "A dry street." in (pack / "night.walk.transcript").read_text()
    assert main(["walk", str(walk)]) == 0


def test_transcript_is_the_same_on_every_run(make_pack: Callable[..., Path]) -> None:
    """Two blessings in fresh folders give byte-identical transcripts: nothing varies between runs."""
    texts = []
    for _ in range(2):
        pack, walk = setup(make_pack)
        main(["walk", "--bless", str(walk)])
        texts.append((pack / "night.walk.transcript").read_bytes())
    assert texts[0] == texts[1]
