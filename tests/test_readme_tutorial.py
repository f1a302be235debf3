"""scenes/README.md, "Write your first scene": every block runs as written, from an empty folder (`init` first).

Files are the ```yaml blocks that start with `# file: PATH`; commands are the lines of the
```sh blocks, run in order with the installed `lostbullet` on PATH. The error shown at the end
must be the one `validate` really prints.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import SCENES

SECTION = re.compile(r"^## Write your first scene\n(.*?)(?=^## )", re.S | re.M)
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def blocks() -> list[tuple[str, str]]:
    text = (SCENES / "README.md").read_text(encoding="utf-8")
    match = SECTION.search(text)
    assert match, "the README lost its 'Write your first scene' section"
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(match.group(1))]


def test_tutorial_runs_verbatim(tmp_path: Path) -> None:
    """Writing each file and running each command of the walk-through succeeds, with the output it promises."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    outputs: list[str] = []
    shown_error = None
    for kind, body in blocks():
        if kind == "yaml":
            first, _, _ = body.partition("\n")
            assert first.startswith("# file: "), body
            path = tmp_path / first.removeprefix("# file: ").strip()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        elif kind == "sh":
            for line in filter(None, (raw.strip() for raw in body.splitlines())):
                result = subprocess.run(line, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
                assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
                outputs.append(result.stdout + result.stderr)
        elif kind == "text":
            shown_error = body.strip()
    text = "\n".join(outputs)
    assert "created mypack/story.yaml" in text and "mypack: 2 scenes" in text  # init's sample, valid at once
    assert "created mypack/act1/rooftop.yaml" in text and "mypack: 3 scenes" in text and "[LB113]" in text
    assert "mypack: 4 scenes, 5 choices, 2 endings, 1 variable; 0 warnings, no errors" in text
    assert "# The Van" in text and "THE END: The Keys" in text
    assert "transcript written to mypack/tests/fall.walk.transcript" in text and "transcript matches" in text
    assert "4 passed" in text  # pytest in mypack: three walks and the pack's validate item
    assert "stateDiagram-v2" in text and text.rstrip().endswith("OK")
    assert (tmp_path / "mypack" / "tests" / "keys.walk.transcript").is_file()

    quay = tmp_path / "mypack" / "act1" / "quay.yaml"
    quay.write_text(quay.read_text().replace("to: van", "to: vna"))
    result = subprocess.run(["lostbullet", "validate", "mypack"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert shown_error is not None and shown_error in result.stderr.splitlines()
