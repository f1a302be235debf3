"""The "Diagnostics" section of scenes/README.md runs: every code's example triggers that code.

The section documents each code under a heading `### LBxxx name (error|warning)` with a minimal
failing example and the line `validate` prints for it. The convention this test reads:

- Before the first `###` heading, two ```yaml blocks whose first lines are `# story.yaml` and
  `# scenes.yaml` are the clean base pack every example starts from.
- Under a heading, each ```yaml block starts with `# file: NAME` and is the whole of that file.
  An example's `story.yaml` replaces the base's; its other files replace the base's `scenes.yaml`.
- The ```text block after them holds, optionally, a command line (`$ lostbullet validate ...`,
  read for `--deep` and `--max-states N`), then the exact lines `validate` prints: the example
  must produce those lines and nothing else. An example shown with `--deep` must be clean
  without it (that is what makes it a deep-only finding). File names are relative to the pack folder, and a
  finding about the whole pack names the folder as `scenes`.

So the documentation cannot drift from the tool: a changed message, position or code fails here.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from game.diagnostics import Codes, Diagnostic, Span, display_path
from game.story.loader import check_pack
from game.tools.validate import findings

README = Path(__file__).resolve().parents[1] / "scenes" / "README.md"
PACK_NAME = "scenes"
"""How the examples' printed lines name the pack folder itself."""

_HEADING = re.compile(r"^### (LB\d{3}) ([a-z0-9-]+) \((error|warning)\)\s*$")
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


@dataclass
class Example:
    code: str
    name: str
    severity: str
    files: dict[str, str] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)

    @property
    def deep(self) -> bool:
        return any("--deep" in shlex.split(c) for c in self.commands)

    @property
    def lang(self) -> str | None:
        """The language of `--lang LANG` in the example's command line, if it has one."""
        for command in self.commands:
            words = shlex.split(command)
            if "--lang" in words:
                return words[words.index("--lang") + 1]
        return None

    @property
    def max_states(self) -> int:
        for command in self.commands:
            words = shlex.split(command)
            if "--max-states" in words:
                return int(words[words.index("--max-states") + 1])
        return 1_000_000


def diagnostics_section(text: str) -> str:
    """From `## Diagnostics` to the next `## ` heading or the end of the file."""
    match = re.search(r"^## Diagnostics\s*$", text, re.MULTILINE)
    assert match, "scenes/README.md has no '## Diagnostics' section"
    rest = text[match.end():]
    following = re.search(r"^## ", rest, re.MULTILINE)
    return rest[: following.start()] if following else rest


def parse(section: str) -> tuple[dict[str, str], list[Example]]:
    """The base pack (file name -> text) and every code's example, in the order written."""
    parts = re.split(r"^(?=### )", section, flags=re.MULTILINE)
    base: dict[str, str] = {}
    for lang, body in _FENCE.findall(parts[0]):
        first, _, rest = body.partition("\n")
        if lang == "yaml" and re.fullmatch(r"# (story|scenes)\.yaml", first.strip()):
            base[first.strip()[2:]] = rest
    examples = []
    for part in parts[1:]:
        heading, _, body = part.partition("\n")
        match = _HEADING.match(heading)
        assert match, f"a catalogue heading must read '### LBxxx name (error|warning)': {heading!r}"
        example = Example(match[1], match[2], match[3])
        for lang, block in _FENCE.findall(body):
            if lang in ("yaml", "po"):  # a scene file, or a translation catalog (LB2xx)
                first, _, rest = block.partition("\n")
                named = re.fullmatch(r"# file: (\S+)", first.strip())
                assert named, f"{example.code}: a yaml example must start with '# file: NAME', not {first!r}"
                example.files[named[1]] = rest
            elif lang == "text":
                for line in block.splitlines():
                    if line.startswith("$ "):
                        example.commands.append(line[2:])
                    elif line.strip():
                        example.printed.append(line)
        examples.append(example)
    return base, examples


BASE, EXAMPLES = parse(diagnostics_section(README.read_text(encoding="utf-8")))


def write(root: Path, files: dict[str, str]) -> Path:
    """The base pack with `files` over it: story.yaml replaces the base's, other files replace scenes.yaml."""
    pack = dict(BASE)
    if any(name != "story.yaml" and not name.endswith(".po") for name in files):
        pack.pop("scenes.yaml")
    pack.update(files)
    root.mkdir(parents=True)
    for name, text in pack.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def shown(root: Path, diagnostic: Diagnostic) -> str:
    """The line `validate` prints, with the file named relative to the pack (the pack itself:
    `scenes`), there and in the positions a message quotes (LB115 names both choices')."""
    span = diagnostic.span
    path = Path(span.file)
    name = PACK_NAME if path == root else path.relative_to(root).as_posix()
    line = dataclasses.replace(diagnostic, span=Span(name, span.line, span.col)).render()
    return line.replace(f"{display_path(str(root))}{os.sep}", "")


def validate(root: Path, deep: bool = False, max_states: int = 1_000_000, lang: str | None = None) -> list[Diagnostic]:
    """What `lostbullet validate [--deep] [--lang LANG]` finds: load diagnostics, the linter's on a clean load, and the walks'."""
    return findings(root, deep=deep, max_states=max_states, lang=lang).diagnostics


def test_the_section_documents_every_code_once() -> None:
    """Every code of the catalogue has exactly one heading, with its name and severity, in code order."""
    documented = [e.code for e in EXAMPLES]
    assert documented == sorted(documented)
    assert documented == [c.code for c in sorted(Codes.all(), key=lambda c: c.code)]
    catalogue = {c.code: c for c in Codes.all()}
    for example in EXAMPLES:
        code = catalogue[example.code]
        assert (example.name, example.severity) == (code.name, code.severity.value), example.code


def test_every_code_has_an_example_and_its_printed_line() -> None:
    for example in EXAMPLES:
        assert example.files, f"{example.code} has no '# file:' example"
        assert example.printed, f"{example.code} shows no printed line"
        assert all(line.endswith(f"[{example.code}]") for line in example.printed), example.code


def test_the_base_pack_is_clean(tmp_path: Path) -> None:
    """The pack every example starts from has no finding, even explored: each one found is the example's."""
    assert set(BASE) == {"story.yaml", "scenes.yaml"}
    assert validate(write(tmp_path / PACK_NAME, {}), deep=True) == []


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.code for e in EXAMPLES])
def test_the_example_prints_what_the_section_says(tmp_path: Path, example: Example) -> None:
    """Loading (and linting) the example gives exactly the documented lines."""
    root = write(tmp_path / PACK_NAME, example.files)
    found = validate(root, deep=example.deep, max_states=example.max_states, lang=example.lang)
    assert example.code in {d.code.code for d in found}
    assert sorted(shown(root, d) for d in found) == sorted(example.printed)
    if example.code.startswith("LB1"):
        assert check_pack(root)[0] is not None, "a linter example must load"


DEEP_ONLY = {"LB108", "LB109", "LB110", "LB111", "LB112"}
"""Codes only the exhaustive explorer reports (LB101 and LB102 come from both passes)."""


def test_deep_only_codes_are_documented_with_deep() -> None:
    assert {e.code for e in EXAMPLES if e.deep} == DEEP_ONLY


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.deep], ids=lambda e: e.code)
def test_deep_examples_are_clean_without_deep(tmp_path: Path, example: Example) -> None:
    """What an example shows with `--deep`, the static pass alone cannot see (and says nothing else)."""
    assert validate(write(tmp_path / PACK_NAME, example.files)) == []
