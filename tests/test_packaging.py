"""A plain (non-editable) install carries the story, and finds it outside any checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO, SCENES


def test_wheel_ships_the_scenes_and_plays_them_from_anywhere(tmp_path: Path) -> None:
    """The built wheel holds scenes/ inside the package; unpacked elsewhere, `validate` finds and passes them."""
    build = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(SCENES).as_posix() for p in SCENES.rglob("*.yaml")}
    assert shipped and {f"game/scenes/{name}" for name in shipped} <= names
    assert "game/cli.py" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(site)!r}); from game.cli import main; "
         "import game.paths as p; print(p.default_scenes()); raise SystemExit(main(['validate']))"],
        cwd=elsewhere, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == str(site / "game" / "scenes")
    assert "no errors" in run.stdout
