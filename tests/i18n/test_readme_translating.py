"""README.md, "Translating a pack": every block runs as written, in order, from an empty folder.

Files are the ```yaml and ```po blocks that start with `# file: PATH`; commands are the lines of
the ```sh blocks, run with the installed `lostbullet` on PATH; each ```text block holds lines the
commands of the block before it print.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO
from tests.readme_sections import reader_env, run_command_block, section_blocks, write_file_block


def test_the_translating_section_runs_verbatim(tmp_path: Path) -> None:
    """Writing each file and running each command succeeds and prints what the section shows."""
    env = reader_env(LANG="C.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):  # the reader's own language would pick the catalog
        env.pop(name, None)
    printed = ""
    shown = 0
    for kind, body in section_blocks(REPO / "README.md", "Translating a pack"):
        if kind in ("yaml", "po"):
            write_file_block(tmp_path, body)
        elif kind == "sh":
            printed = run_command_block(body, tmp_path, env, timeout=60)
        elif kind == "text":
            for line in filter(None, body.splitlines()):
                assert line in printed.splitlines(), f"the README shows {line!r}, but the commands printed:\n{printed}"
                shown += 1
    assert shown >= 5
    catalog = (tmp_path / "canal" / "locale" / "fr.po").read_text(encoding="utf-8")
    assert '#| msgid "Walk away"\nmsgctxt "quay.go"\nmsgid "Walk away slowly"' in catalog  # the old source, for the translator
