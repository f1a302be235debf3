"""`lostbullet graph --format json`: the contract other tools read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main


def test_graph_json_lists_scenes_and_choices(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Scenes carry file and line; choices carry every target, what they read and write."""
    assert main(["graph", "--format", "json", "--scenes", str(make_pack())]) == 0
    graph = json.loads(capsys.readouterr().out)
    assert graph["start"] == "street"
    scenes = {s["id"]: s for s in graph["scenes"]}
    assert scenes["street"] == {
        "id": "street", "title": "The street ({heat})", "act": 1, "file": "scenes.yaml", "line": 3, "ending": None, "timer": None,
    }
    assert scenes["caught"]["ending"] == {"id": "caught", "kind": "arrest", "title": "Caught"}
    choices = {c["id"]: c for c in graph["choices"]}
    assert choices["street.run"] == {
        "id": "street.run", "text": "Run", "from": "street", "to": ["escaped", "caught"], "reads": ["heat"], "writes": ["lucky"],
        "if": None, "outcomes": [{"weight": "1", "to": "escaped"}, {"weight": "1 + heat", "to": "caught"}],
    }
    assert choices["street.walk"]["if"] == "heat >= 2" and choices["street.walk"]["outcomes"] is None
    assert choices["street.paint"]["reads"] == ["paint"] and choices["street.paint"]["writes"] == ["paint"]
    assert choices["street.wait"]["to"] == ["street"] and choices["street.wait"]["writes"] == ["heat"]
    assert len(choices) == 5


def test_mermaid_is_the_default_with_acts_endings_and_start(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The default format is a Mermaid state diagram: one composite state per act, endings classed by kind."""
    assert main(["graph", "--scenes", str(make_pack())]) == 0
    out = capsys.readouterr().out
    assert "stateDiagram-v2" in out.splitlines()[3]
    assert '  state "Act I" as act_1 {' in out
    assert '    state "The street ({heat})" as street' in out
    assert "  [*] --> street" in out
    assert "  street --> escaped: run" in out and "  street --> caught: run" in out
    assert "  class caught ending_arrest" in out and "classDef ending_arrest" in out


def test_highlight_marks_a_walkthroughs_path(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--highlight FILE.walk.yaml marks the scenes and the edges the walk passes through."""
    pack = make_pack()
    walk = tmp_path / "w.walk.yaml"
    walk.write_text("seed: 1\nsteps:\n  - choose: wait\n  - choose: wait\n  - choose: walk\n")
    assert main(["graph", "--scenes", str(pack), "--highlight", str(walk)]) == 0
    out = capsys.readouterr().out
    assert "  class home path" in out and "  street --> home: walk [if heat >= 2] ★" in out
    assert "  class caught path" not in out


def test_dot_output_has_clusters_and_renders(make_pack: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format dot gives a cluster per act and ending styles; Graphviz's dot renders it when installed."""
    import shutil
    import subprocess

    assert main(["graph", "--format", "dot", "--scenes", str(make_pack())]) == 0
    out = capsys.readouterr().out
    assert out.startswith('digraph "Tiny" {') and "subgraph cluster_act_1 {" in out
    assert '"caught" [label="Caught", fillcolor="#9a6700"' in out
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed; the DOT text was checked above")
    rendered = subprocess.run(["dot", "-Tsvg"], input=out, capture_output=True, text=True, timeout=60)
    assert rendered.returncode == 0, rendered.stderr
    assert "<svg" in rendered.stdout and "Caught" in rendered.stdout
