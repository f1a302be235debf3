"""Where the story and saves are found, and which save names are safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import paths
from game.errors import UsageError
from tests.conftest import REPO


def test_checkout_uses_its_own_scenes_and_saves() -> None:
    """Run from this checkout, the game plays scenes/ and saves into saves/."""
    assert paths.checkout_root() == REPO
    assert paths.default_scenes() == REPO / "scenes"
    assert paths.default_saves() == REPO / "saves"


@pytest.mark.parametrize("name", ["quick", "slot-1", "Chapter_2", "a" * 64])
def test_plain_slot_names_stay_in_the_save_folder(tmp_path: Path, name: str) -> None:
    """Letters, digits, '-' and '_' name a file directly inside the save folder."""
    assert paths.slot_path(tmp_path, name) == tmp_path / f"{name}.json"


@pytest.mark.parametrize("name", ["../escape", "a/b", "/etc/passwd", "..", "", "a b", "x.json", "a" * 65, "ü"])
def test_slot_names_that_could_escape_are_refused(tmp_path: Path, name: str) -> None:
    """Separators, dots, spaces and empty or overlong names are usage errors."""
    with pytest.raises(UsageError, match="bad save name"):
        paths.slot_path(tmp_path, name)


def test_a_plain_install_from_a_checkout_plays_that_checkout(tmp_path: Path) -> None:
    """`pip install .` copies the code, but pip's direct_url.json still names the checkout: use it.

    Simulated without pip: the package copied into a site folder with the dist-info pip writes.
    """
    import json
    import shutil
    import subprocess
    import sys

    site = tmp_path / "site"
    shutil.copytree(REPO / "game", site / "game", ignore=shutil.ignore_patterns("__pycache__"))
    info = site / "lostbullet-0.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lostbullet\nVersion: 0.0.0\n")
    (info / "RECORD").write_text("game/__init__.py,,\n")

    def where(url: str | None) -> str:
        (info / "direct_url.json").unlink(missing_ok=True)
        if url is not None:
            (info / "direct_url.json").write_text(json.dumps({"url": url, "dir_info": {}}))
        code = f"import sys; sys.path.insert(0, {str(site)!r}); import game.paths as p; print(p.default_scenes()); print(p.default_saves())"
        run = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        return run.stdout

    assert where(REPO.as_uri()) == f"{REPO / 'scenes'}\n{REPO / 'saves'}\n"
    shipped = where(None).splitlines()
    assert shipped[0] == str(site / "game" / "scenes") and not shipped[1].startswith(str(REPO))
    gone = where((tmp_path / "deleted-checkout").as_uri()).splitlines()
    assert gone[0] == str(site / "game" / "scenes")


def test_version_says_where_the_story_and_saves_are(capsys: pytest.CaptureFixture[str]) -> None:
    from game.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert f"story: {REPO / 'scenes'}\nsaves: {REPO / 'saves'}\n" in out and f"the checkout at {REPO}" in out
