"""README.md, "Translating a pack": every block runs as written, in order, from an empty folder.

Files are the ```yaml and ```po blocks that start with `# file: PATH`; commands are the lines of
the ```sh blocks, run with the installed `lostbullet` on PATH; each ```text block holds lines the
commands of the block before it print.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SECTION = re.compile(r"^## Translating a pack\n(.*?)(?=^## )", re.S | re.M)
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def blocks() -> list[tuple[str, str]]:
    match = SECTION.search((REPO / "README.md").read_text(encoding="utf-8"))
    assert match, "the README lost its 'Translating a pack' section"
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(match.group(1))]


def test_the_translating_section_runs_verbatim(tmp_path: Path) -> None:
    """Writing each file and running each command succeeds and prints what the section shows."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1", "LANG": "C.UTF-8"}
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    printed = ""
    shown = 0
    for kind, body in blocks():
        if kind in ("yaml", "po"):
            first, _, _ = body.partition("\n")
            assert first.startswith("# file: "), body
            path = tmp_path / first.removeprefix("# file: ").strip()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        elif kind == "sh":
            printed = ""
            for line in filter(None, (raw.strip() for raw in body.splitlines())):
                result = subprocess.run(line, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
                assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
                printed += result.stdout + result.stderr
        elif kind == "text":
            for line in filter(None, body.splitlines()):
                assert line in printed.splitlines(), f"the README shows {line!r}, but the commands printed:\n{printed}"
                shown += 1
    assert shown >= 5
    catalog = (tmp_path / "canal" / "locale" / "fr.po").read_text(encoding="utf-8")
    assert '#| msgid "Walk away"\nmsgctxt "quay.go"\nmsgid "Walk away slowly"' in catalog  # the old source, for the translator
