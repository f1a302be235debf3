"""scenes/README.md, "Write your first scene": every block runs as written, from an empty folder (`init` first).

Files are the ```yaml blocks that start with `# file: PATH`; commands are the lines of the
```sh blocks, run in order with the installed `lostbullet` on PATH. The error shown at the end
must be the one `validate` really prints.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import SCENES
from tests.readme_sections import reader_env, run_command_block, section_blocks, write_file_block


def test_tutorial_runs_verbatim(tmp_path: Path) -> None:
    """Writing each file and running each command of the walk-through succeeds, with the output it promises."""
    env = reader_env()
    outputs: list[str] = []
    shown_error = None
    for kind, body in section_blocks(SCENES / "README.md", "Write your first scene"):
        if kind == "yaml":
            write_file_block(tmp_path, body)
        elif kind == "sh":
            outputs.append(run_command_block(body, tmp_path, env, timeout=120))
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
