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
        "id": "street", "title": "The street ({heat})", "act": 1, "file": "scenes.yaml", "line": 3, "ending": None,
    }
    assert scenes["caught"]["ending"] == {"id": "caught", "kind": "arrest", "title": "Caught"}
    choices = {c["id"]: c for c in graph["choices"]}
    assert choices["street.run"] == {
        "id": "street.run", "from": "street", "to": ["escaped", "caught"], "reads": ["heat"], "writes": ["lucky"],
    }
    assert choices["street.paint"]["reads"] == ["paint"] and choices["street.paint"]["writes"] == ["paint"]
    assert choices["street.wait"]["to"] == ["street"] and choices["street.wait"]["writes"] == ["heat"]
    assert len(choices) == 5
