"""Issue 19's "done means": a pack from an empty folder to a pack gated by `pytest`, with the tools an author has.

`init` in an empty folder; three scenes with `new` (one with --from, one linked first and then
scaffolded, one in act 2); a chance choice; a walkthrough forcing each of its outcomes; the
placeholders rewritten; `validate --strict --deep`; `pytest` in that folder with no conftest and
no configuration; and the graph, rendered by Graphviz when it is installed.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from game.cli import main
from game.story.loader import load_story
from game.story.placeholder import MARK

CHANCE = """\
      - id: search
        text: Search the hall.
        outcomes:
          - {weight: 1, to: start}
          - {weight: courage, to: cellar}
"""

WALK = """\
steps:
{steady}  - choose: to_hall
  - choose: {{id: search, outcome: {outcome}}}
  - expect: {{scene: {scene}}}
"""


def test_a_pack_from_nothing_to_pytest(pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]) -> None:
    pack = pytester.path
    assert not any(pack.iterdir())
    assert main(["init", str(pack), "--title", "The Hall"]) == 0
    assert main(["new", "hall", "--from", "start", "--scenes", str(pack)]) == 0

    hall = pack / "act1" / "hall.yaml"  # link first: a chance choice to a cellar not written yet
    hall.write_text(hall.read_text().replace("    choices:\n", "    choices:\n" + CHANCE, 1))
    assert main(["validate", str(pack)]) == 1
    assert "unknown scene 'cellar'" in capsys.readouterr().err
    assert main(["new", "cellar", "--act", "2", "--scenes", str(pack)]) == 0
    assert main(["new", "attic", "--from", "hall", "--scenes", str(pack)]) == 0

    for path in pack.rglob("*.yaml"):  # the author rewrites what `new` marked
        path.write_text(path.read_text().replace(f" {MARK}", "").replace(f"{MARK} ", ""))
    story = load_story(pack)
    assert set(story.scenes) == {"start", "opened", "hall", "cellar", "attic"}
    assert story.scenes["cellar"].act == 2 and [o.to for o in story.scenes["hall"].choices[0].outcomes or ()] == ["start", "cellar"]

    tests = pack / "tests"
    (tests / "search_start.walk.yaml").write_text(WALK.format(steady="", outcome=0, scene="start"))
    (tests / "search_cellar.walk.yaml").write_text(WALK.format(steady="  - choose: steady\n", outcome=1, scene="cellar"))
    capsys.readouterr()
    assert main(["validate", "--strict", "--deep", str(pack)]) == 0
    assert "5 scenes" in capsys.readouterr().out

    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio", "-v")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*story.yaml::validate PASSED*", "*search_cellar.walk.yaml::search_cellar PASSED*"])
    assert not list(pack.rglob("conftest.py")) and "FallbackWarning" not in result.stdout.str()

    assert main(["graph", "--scenes", str(pack)]) == 0
    mermaid = capsys.readouterr().out
    assert "stateDiagram-v2" in mermaid
    assert all(sid in mermaid for sid in story.scenes)
    assert main(["graph", "--format", "dot", "--scenes", str(pack), "--highlight", str(tests / "search_cellar.walk.yaml")]) == 0
    dot = capsys.readouterr().out
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed; the DOT text was checked")
    rendered = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60)
    assert rendered.returncode == 0, rendered.stderr
    assert "<svg" in rendered.stdout and "Cellar" in rendered.stdout
