"""`# lostbullet: ignore CODES` comments: a finding the author has looked at and accepted.

Work in progress has findings an author means to leave for now (a scene not linked in yet, a
text part for a variable still to come). `--ignore` hides a code everywhere; a comment hides it
in one place. On the line of the finding, it covers that line:

    - if: nights_watched >= 190   # lostbullet: ignore LB116

On a scene's key line, or on comment lines just above it, it covers the whole scene. Codes are
written as `--ignore` takes them (a code, a name or a prefix, comma-separated). Suppressed
findings are never silent: the summary counts them and `--strict` lists each one. A comment
that names no code, or (after `--deep`, when everything findable was looked for) suppresses
nothing, is itself a finding (LB121), so stale comments do not pile up.

Load errors (LB0xx) are never suppressed, as `--ignore` never hides them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from game.diagnostics import Codes, Diagnostic, Span, matches
from game.story.model import Story
from game.story.source import read_text

_COMMENT = re.compile(r"(?:^|\s)#\s*lostbullet:\s*ignore\s+(?P<codes>[A-Za-z0-9_,\- ]+?)\s*$")


@dataclass
class Suppression:
    file: str
    line: int
    col: int
    codes: list[str]
    lines: range
    """The lines it covers: its own, or its scene's."""
    used: bool = False
    unknown: list[str] = field(default_factory=list)


def suppressions(story: Story) -> list[Suppression]:
    """Every `# lostbullet: ignore` comment of the pack's story.yaml and scene files."""
    scenes_at: dict[str, list[int]] = {}
    for sid in story.scenes:
        span = story.locate(sid, key=True)
        scenes_at.setdefault(span.file, []).append(span.line)
    files = sorted({*scenes_at, story.locate_header().file})
    found: list[Suppression] = []
    for file in files:
        text = read_text(Path(file))
        if not isinstance(text, str) or "lostbullet:" not in text:
            continue  # most files hold no comment: nothing to split into lines
        lines = text.splitlines()
        starts = sorted(scenes_at.get(file, []))
        for number, line in enumerate(lines, 1):
            match = _COMMENT.search(line)
            if match is None:
                continue
            codes = [c.strip() for c in match.group("codes").replace(",", " ").split() if c.strip()]
            covered = range(number, number + 1)
            scene_line = _scene_key_below(lines, number, starts)
            if scene_line is not None:
                later = [s for s in starts if s > scene_line]
                covered = range(scene_line, later[0] if later else len(lines) + 1)
            unknown = [c for c in codes if not Codes.names_any(c)]
            found.append(Suppression(file, number, line.index("#", match.start()) + 1, codes, covered, unknown=unknown))
    return found


def apply(story: Story, diagnostics: list[Diagnostic], deep: bool) -> tuple[list[Diagnostic], list[Diagnostic], list[Diagnostic]]:
    """(kept, suppressed, LB121 findings about the comments themselves)."""
    comments = suppressions(story)
    kept: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    for d in diagnostics:
        hit = next((s for s in comments if _covers(s, d)), None)
        if hit is None:
            kept.append(d)
        else:
            hit.used = True
            suppressed.append(d)
    problems = []
    for s in comments:
        at = Span(s.file, s.line, s.col)
        if s.unknown:
            names = ", ".join(f"'{c}'" for c in s.unknown)
            problems.append(Diagnostic(Codes.USELESS_SUPPRESSION, at, f"this comment names no diagnostic code: {names}", "write a code (LB116), a name (never-shown-text) or a prefix (LB1)"))
        elif deep and not s.used:
            problems.append(Diagnostic(Codes.USELESS_SUPPRESSION, at, f"this comment suppresses nothing: no {', '.join(s.codes)} finding here", "remove the comment"))
    return kept, suppressed, problems


def _covers(s: Suppression, d: Diagnostic) -> bool:
    return (
        d.code.code.startswith("LB1")
        and d.span.file == s.file
        and d.span.line in s.lines
        and any(matches(d.code, c) for c in s.codes)
    )


def _scene_key_below(lines: list[str], number: int, starts: list[int]) -> int | None:
    """The scene key line this comment belongs to: its own line, or the first line below a run
    of comment lines that starts with it; None when it is a comment on some other line."""
    if number in starts:
        return number
    if not lines[number - 1].lstrip().startswith("#"):
        return None
    below = number + 1
    while below <= len(lines) and lines[below - 1].lstrip().startswith("#"):
        below += 1
    return below if below in starts else None
