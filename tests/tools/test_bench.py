"""`lostbullet bench --quick --json` runs and reports every figure; the goals live in the bench, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

FIGURES = {
    "random play, shipped story",
    "the same, rendering every view",
    "bare transitions walk, same graph",
    "play / bare walk",
    "random play, generated 1,000-scene pack",
    "generated / shipped",
    "load + validate + build, 1,000 scenes",
    "/ bare CSafeLoader parse",
    "the same, a condition and effects on every choice",
    "the same, prose in block scalars",
    "the same, one scene a file",
    "the same, 250 scenes a file",
    "peak memory",
    "exhaustive exploration, shipped story",
    "states per second",
    "/ bare walk choices per second",
    "validate --deep, shipped story",
    "validate --stats / --deep",
    "validate cold start (subprocess)",
    "LSP edit to diagnostics / validate",
    "save at the canonical end",
    "load it back",
    "save size",
    "TUI first frame (headless)",
    "TUI keypress to new scene",
    "TUI journal open, late / early",
    "TUI start to the title / minimal Textual app",
    "--load SLOT to the story / start to the title",
}


def test_quick_bench_reports_every_figure() -> None:
    """Every figure of the benchmark is measured (a positive number) and named with its goal; the machine is printed."""
    result = subprocess.run(
        [sys.executable, "-m", "game", "bench", "--quick", "--json"], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr  # a missed goal is shown, not fatal: only --check fails on one
    report = json.loads(result.stdout)
    assert report["quick"] is True and {"cpu", "cores", "python"} <= set(report["machine"])
    figures = {f["name"]: f for f in report["figures"]}
    assert set(figures) == FIGURES
    for figure in figures.values():
        assert figure["value"] > 0, figure
        assert figure["goal"], figure


def test_bench_on_a_pack_that_does_not_load_is_bad_input(tmp_path: Path) -> None:
    """`bench --scenes` on a broken pack exits 2 with one line, before measuring anything."""
    (tmp_path / "story.yaml").write_text("title: [\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "game", "bench", "--quick", "--scenes", str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert "lostbullet validate" in result.stderr and result.stdout == ""
