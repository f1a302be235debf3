"""`graph` that shows the faults: `--lint` styles what `validate --deep` finds, chance edges carry
their weights, conditions and timers show, `--ids`, `--rankdir`, and acts spelled "Act II".

The lint overlay is drawn on the planted-faults pack (tests/fixtures/planted_faults), whose
findings are pinned in test_planted_faults.py; one run per format serves its tests.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main
from tests.conftest import TINY_SCENES

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "planted_faults"


def graph(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["graph", *args]) == 0
    return capsys.readouterr().out


def node(dot: str, scene: str) -> str:
    (line,) = [line for line in dot.splitlines() if line.strip().startswith(f'"{scene}" [')]
    return line


def edges(dot: str, source: str, target: str) -> list[str]:
    return [line for line in dot.splitlines() if line.strip().startswith(f'"{source}" -> "{target}" [')]


@pytest.fixture(scope="module")
def lint_json() -> dict:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["graph", "--lint", "--format", "json", "--scenes", str(PACK)]) == 0
    return json.loads(out.getvalue())


def test_lint_marks_in_json_follow_the_findings(lint_json: dict) -> None:
    """Each scene, choice and outcome the deep check finds at fault carries its mark, and nothing else does."""
    scenes = {s["id"]: s["lint"] for s in lint_json["scenes"] if s["lint"]}
    assert scenes == {
        "attic": ["unreachable"], "cellar": ["unreachable"], "jackpot": ["unreachable"], "medal": ["unreachable"],
        "mirrors": ["soft-lock"], "mirrors_2": ["soft-lock"],
    }  # fmt: skip
    choices = {c["id"]: c for c in lint_json["choices"]}
    assert sorted(c for c, v in choices.items() if v["lint"]) == ["arcade.locker", "back_table.gamble", "ramp.salute"]
    assert [o["lint"] for o in choices["customs.bribe"]["outcomes"]] == [["never-drawn"], []]
    assert [o["lint"] for o in choices["customs.open"]["outcomes"]] == [[], []]


def test_dot_lint_styles_each_fault_and_renders(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Unreachable scenes dashed grey, soft-locks red, never-open and never-drawn edges red and dotted; dot renders it."""
    dot = graph(capsys, "--lint", "--format", "dot", "--scenes", str(PACK))
    assert 'style="rounded,filled,dashed"' in node(dot, "attic") and "UNREACHABLE" in node(dot, "attic")
    assert 'color="#cf222e"' in node(dot, "mirrors") and "SOFT LOCK" in node(dot, "mirrors")
    assert "UNREACHABLE" not in node(dot, "bar") and "#cf222e" not in node(dot, "bar")
    (gamble,) = edges(dot, "back_table", "jackpot")
    assert "style=dotted" in gamble and 'label="gamble (never open)"' in gamble
    assert "if: nerve > 3 and luck < 2" in gamble  # the condition, in the tooltip
    (drawn,) = [e for e in edges(dot, "customs", "ramp") if "open" in e]
    (never,) = [e for e in edges(dot, "customs", "ramp") if "bribe" in e]
    assert 'label="open w=3"' in drawn and "style=dashed" in drawn
    assert 'label="bribe w=0 (never drawn)"' in never and "style=dashed" in never and 'color="#cf222e"' in never
    assert '"legend:unreachable"' in dot  # a key to the styles
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed; the DOT text was checked above")
    rendered = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60)
    assert rendered.returncode == 0, rendered.stderr
    assert 'xlink:title="back_table.gamble: Bet everything | if: nerve &gt; 3 and luck &lt; 2"' in rendered.stdout
    assert "bribe w=0 (never drawn)" in rendered.stdout


def test_mermaid_lint_classes_the_scenes_and_labels_the_edges(capsys: pytest.CaptureFixture[str]) -> None:
    """Mermaid's state diagrams cannot style one edge, so the label says what is wrong; scenes get classes."""
    out = graph(capsys, "--lint", "--scenes", str(PACK))
    assert "  class attic unreachable" in out and "  class mirrors fault" in out and "  class bar " not in out
    assert "  back_table --> jackpot: gamble (never open) [if nerve > 3 and luck < 2]" in out
    assert "  customs --> ramp: open w=3 | bribe w=0 (never drawn)" in out


def test_without_lint_no_fault_is_drawn(capsys: pytest.CaptureFixture[str]) -> None:
    """Near miss: the same pack without --lint has chance weights and conditions, but no fault styles."""
    dot = graph(capsys, "--format", "dot", "--scenes", str(PACK))
    assert "UNREACHABLE" not in dot and "never" not in dot and "#cf222e" not in dot and "legend:" not in dot
    assert any('label="open w=3"' in e for e in edges(dot, "customs", "ramp"))


TWO_ACTS = TINY_SCENES + """\
  later:
    act: 2
    title: Later
    text: Much later.
    timer: {seconds: 6, default: go_on}
    choices:
      - {id: go_on, text: Go on, to: home}
"""


def test_acts_are_spelled_act_ii_and_timed_scenes_are_marked(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Acts read "Act II" (never "Act Ii") in both formats; a timed scene says its seconds and default."""
    pack = make_pack(files={"scenes.yaml": TWO_ACTS.replace("      - {id: back, text: Go back out, to: street}", "      - {id: back, text: Go back out, to: street}\n      - {id: later, text: Wait for later, to: later}")})
    mermaid = graph(capsys, "--scenes", str(pack))
    assert '  state "Act II" as act_2 {' in mermaid and "Act Ii" not in mermaid
    assert '    state "Later (timed: 6 s, then go_on)" as later' in mermaid and "  class later timed" in mermaid
    dot = graph(capsys, "--format", "dot", "--scenes", str(pack))
    assert 'label="Act II"' in dot and "Act Ii" not in dot
    assert 'label="Later\\n(timed: 6 s, then go_on)"' in node(dot, "later") and 'color="#0969da"' in node(dot, "later")


def test_ids_and_rankdir(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """--ids puts each scene's id under its title; --rankdir TB lays DOT out top to bottom and gives Mermaid a direction."""
    pack = str(make_pack())
    dot = graph(capsys, "--format", "dot", "--ids", "--rankdir", "TB", "--scenes", pack)
    assert "rankdir=TB" in dot and 'label="Home\\n[home]"' in node(dot, "home")
    assert "rankdir=LR" in graph(capsys, "--format", "dot", "--scenes", pack)
    mermaid = graph(capsys, "--ids", "--rankdir", "TB", "--scenes", pack)
    assert mermaid.splitlines()[4] == "  direction TB" and '    state "Home [home]" as home' in mermaid
    assert not re.search(r"^  direction", graph(capsys, "--scenes", pack), re.M)  # Mermaid's own default unless asked
