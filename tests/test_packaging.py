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


def test_readme_play_then_test_install_keeps_the_saves_and_sees_edits(tmp_path: Path) -> None:
    """The README's play command (`pip install .`), then its test command (`pip install -e`), in one
    fresh copy and one fresh venv: the first sees an edit to scenes/ and saves into the checkout,
    and after the second the save is still there to load.

    The venv borrows this interpreter's installed dependencies through a .pth file and pip
    installs only the game (`--no-deps`), so the test needs no network and takes seconds; CI
    runs the README's real test command itself.
    """
    import shutil
    import sysconfig

    clone = tmp_path / "checkout"
    shutil.copytree(REPO, clone, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "saves", "*.egg-info", "dist"))
    (clone / "saves").mkdir()
    venv = clone / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    (next(venv.glob("lib/python3*/site-packages")) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    python, lostbullet = venv / "bin" / "python", venv / "bin" / "lostbullet"

    def pip_install(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-build-isolation", *args],
            cwd=clone, capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, done.stderr

    def run(*args: str, keys: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(lostbullet), *args], cwd=tmp_path, input=keys, capture_output=True, text=True, timeout=120)

    pip_install(".")
    assert not list(venv.glob("lib/python3*/site-packages/_editable_impl_lostbullet.pth")), "the play command is not editable"
    assert f"story: {clone / 'scenes'}" in run("--version").stdout

    scene = clone / "scenes" / "act1" / "stakeout.yaml"
    original = scene.read_text(encoding="utf-8")
    scene.write_text(original.replace("to: ", "to: nowhere_", 1), encoding="utf-8")
    seen = run("validate")
    assert seen.returncode == 1 and "stakeout.yaml" in seen.stderr and "unknown scene 'nowhere_" in seen.stderr
    scene.write_text(original, encoding="utf-8")

    played = run("play", "--plain", "--seed", "3", keys="1\ns\nq\n")
    assert played.returncode == 0 and "Saved to 'quicksave'." in played.stdout, played.stderr
    assert (clone / "saves" / "quicksave.json").is_file()

    pip_install("-e", ".")
    resumed = run("play", "--plain", "--load", "quicksave", keys="q\n")
    assert resumed.returncode == 0 and resumed.stderr == ""
    second_scene = played.stdout.split("Saved to 'quicksave'.")[0].rsplit("\n# ", 1)[1].splitlines()[0]
    assert f"# {second_scene}" in resumed.stdout
