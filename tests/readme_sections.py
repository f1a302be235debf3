"""Running a README section verbatim: its fenced blocks in order, files written, commands run.

Both documented walk-throughs (scenes/README.md "Write your first scene" and README.md
"Translating a pack") are tested by following them as a reader would; this holds what following
means, so the two cannot drift apart.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def section_blocks(readme: Path, heading: str) -> list[tuple[str, str]]:
    """(language, body) of each fenced block under `## heading`, in order."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## )", readme.read_text(encoding="utf-8"), re.S | re.M)
    assert match, f"{readme.name} lost its {heading!r} section"
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(match.group(1))]


def reader_env(**extra: str) -> dict[str, str]:
    """The environment of a reader with the installed `lostbullet` on PATH and no colour."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1", **extra}


def write_file_block(root: Path, body: str) -> Path:
    """A block that starts `# file: PATH`, written at PATH below `root`."""
    first, _, _ = body.partition("\n")
    assert first.startswith("# file: "), body
    path = root / first.removeprefix("# file: ").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def run_command_block(body: str, cwd: Path, env: dict[str, str], timeout: float) -> str:
    """Each non-empty line of a shell block, run in order (each must succeed); what they printed."""
    printed = ""
    for line in filter(None, (raw.strip() for raw in body.splitlines())):
        result = subprocess.run(line, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
        printed += result.stdout + result.stderr
    return printed
