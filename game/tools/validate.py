"""`lostbullet validate`: every problem in a scene pack, as a compiler would list them.

Load errors (LB0xx) come from the loader and always count; the linter's findings (LB1xx) can
be selected, ignored, or made errors with `--strict`. Walkthroughs below the pack (and those
given with `--walks`) are read too: their own load errors count like the pack's, and a name
they use that the pack lacks is LB114. `findings` is the whole check, shared with the pytest
plugin's per-pack item so `pytest` and `validate` can never disagree.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from game import collector
from game.diagnostics import Code, Codes, Diagnostic, Severity, matches, sort_key
from game.errors import UsageError
from game.story.loader import check_pack
from game.story.model import Story
from game.wording import counted

if TYPE_CHECKING:
    from game.i18n.check import Completion
    from game.tools.statespace import StateSpace


def _matcher(patterns: list[str]) -> list[str]:
    out = []
    for pattern in (p.strip() for chunk in patterns for p in chunk.split(",")):
        if not pattern:
            continue
        if not Codes.names_any(pattern):
            raise UsageError(f"unknown diagnostic code or name {pattern!r} (see scenes/README.md, 'Diagnostics')")
        out.append(pattern)
    return out


def _matches(code: Code, patterns: list[str]) -> bool:
    return any(matches(code, p) for p in patterns)


class Findings(NamedTuple):
    story: Story | None
    """None when the pack does not load."""
    diagnostics: list[Diagnostic]
    """Every finding, sorted by position."""
    deep_note: str
    """What the summary line says of `--deep`, or nothing."""
    space: StateSpace | None
    """The search `--deep` and `--stats` share, when either asked for it."""
    suppressed: list[Diagnostic]
    """Findings a `# lostbullet: ignore` comment hides: counted and, with --strict, listed."""
    completion: Completion | None = None
    """With `lang`: how much of the pack its catalog translates."""


def findings(
    folder: Path,
    *,
    strict: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    deep: bool = False,
    max_states: int = 1_000_000,
    walks: list[Path] | None = None,
    stats: bool = False,
    lang: str | None = None,
) -> Findings:
    """The whole check; with `deep` or `stats`, one search of the story's states serves both."""
    from game.tools.walk_check import check_walks

    selected, ignored = _matcher(select or []), _matcher(ignore or [])
    story, diagnostics = check_pack(folder)
    walk_errors, references = check_walks(folder, story, walks or [])
    diagnostics = diagnostics + walk_errors
    deep_note = ""
    space = None
    suppressed: list[Diagnostic] = []
    if story is not None and (deep or stats):
        from game.tools.statespace import search  # deferred: only --deep and --stats explore

        space = search(story, max_states)
    if story is not None:
        from game.tools.lint import lint, lint_deep
        from game.tools.suppress import apply

        found = lint(story)
        if deep:
            deep_found = lint_deep(story, max_states, found, space)
            complete = not any(d.code is Codes.DEEP_INCOMPLETE for d in deep_found)
            deep_note = "; deep check: every reachable state explored" if complete else "; deep check incomplete (LB111)"
            found += deep_found
        found, suppressed, comments = apply(story, found, deep)

        def wanted(d: Diagnostic) -> bool:
            return (not selected or _matches(d.code, selected)) and not _matches(d.code, ignored)

        completion = None
        if lang is not None:
            translated, completion = _translation(folder, story, lang)
            found += translated
        found = [d for d in found + comments + references if wanted(d)]
        suppressed = sorted((d for d in suppressed if wanted(d)), key=sort_key)
        if strict:
            found = [dataclasses.replace(d, level=Severity.ERROR) for d in found]
        diagnostics = diagnostics + found
        return Findings(story, sorted(diagnostics, key=sort_key), deep_note, space, suppressed, completion)
    return Findings(story, sorted(diagnostics, key=sort_key), deep_note, space, suppressed)


def _translation(folder: Path, story: Story, lang: str) -> tuple[list[Diagnostic], Completion]:
    from game.i18n.check import check_translation  # deferred: Babel loads only for --lang
    from game.i18n.language import pack_catalog, tag_of

    tag = tag_of(lang)
    path = pack_catalog(folder, tag) if tag else None
    if path is None:
        raise UsageError(f"--lang {lang}: the pack has no locale/{tag or lang}.po ('lostbullet i18n update {tag or lang}' makes one)")
    return check_translation(story, path, tag)


@collector.paused()  # the whole command: see below
def run_validate(
    folder: Path,
    as_json: bool = False,
    strict: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    deep: bool = False,
    max_states: int = 1_000_000,
    stats: bool = False,
    walks: list[Path] | None = None,
    output: str = "text",
    lang: str | None = None,
) -> int:
    """Print the findings (`output`: text, json or sarif); 1 when any is an error, else 0.

    The cyclic collector is paused for the whole command, not only over the search and each
    report: with --deep or --stats, the checks between them (the linter, the suppressions) ran
    with the collector on beside the search's millions of live objects, and its passes, which
    freed nothing, were a third of the run (`validate --deep` 9.0 s -> 6.1 s of processor time,
    the same peak memory). What the command made is freed as it returns, by reference counts."""
    as_json = as_json or output == "json"
    story, diagnostics, deep_note, space, suppressed, completion = findings(
        folder, strict=strict, select=select, ignore=ignore, deep=deep, max_states=max_states, walks=walks, stats=stats, lang=lang
    )
    if completion is not None:
        deep_note += f"; {completion.summary()}"
    hidden = f"; {len(suppressed)} suppressed by comments" if suppressed else ""
    errors = sum(d.severity.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    table = None
    if stats and story is not None:
        from game.tools.stats import story_stats

        table = story_stats(story, max_states, space)
    if output == "sarif":
        from game.tools.sarif import sarif_log  # deferred: only this format builds a SARIF log

        log = sarif_log(diagnostics, suppressed)
        if table is not None:
            log["runs"][0]["properties"] = {"stats": table.to_json()}
        print(json.dumps(log, indent=2))
        return 1 if errors else 0
    if as_json:
        report = {
            "ok": errors == 0,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.to_json() for d in diagnostics],
            "suppressed": [d.to_json() for d in suppressed],
        }
        if table is not None:
            report["stats"] = table.to_json()
        if completion is not None:
            report["translation"] = completion.to_json()
        print(json.dumps(report, indent=2))
        return 1 if errors else 0
    for diagnostic in diagnostics:
        print(diagnostic.render(), file=sys.stderr)
    if strict:
        for diagnostic in suppressed:
            print(diagnostic.render().replace(f": {diagnostic.severity.value}: ", ": suppressed: ", 1), file=sys.stderr)
    if table is not None:
        print(table.to_text())
    if story is not None and errors == 0:
        choices = sum(len(s.choices) for s in story.scenes.values())
        counts = ", ".join(
            counted(n, word)
            for n, word in ((len(story.scenes), "scene"), (choices, "choice"), (len(story.endings), "ending"), (len(story.variables), "variable"))
        )
        print(f"{folder}: {counts}; {counted(warnings, 'warning')}, no errors{hidden}{deep_note}")
    else:
        print(f"{folder}: {counted(errors, 'error')}, {counted(warnings, 'warning')}{hidden}{deep_note}", file=sys.stderr)
    return 1 if errors else 0

