"""`lostbullet validate`: every problem in a scene pack, as a compiler would list them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.story.loader import check_pack


def run_validate(folder: Path, as_json: bool = False) -> int:
    story, diagnostics = check_pack(folder)
    errors = sum(d.severity.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    counts = None
    if story is not None:
        counts = {
            "scenes": len(story.scenes),
            "choices": sum(len(s.choices) for s in story.scenes.values()),
            "endings": len(story.endings),
            "variables": len(story.variables),
        }
    if as_json:
        report = {
            "ok": errors == 0,
            "errors": errors,
            "warnings": warnings,
            "counts": counts,
            "diagnostics": [d.to_json() for d in diagnostics],
        }
        print(json.dumps(report, indent=2))
    else:
        for diagnostic in diagnostics:
            print(diagnostic.render(), file=sys.stderr)
        if counts is not None and errors == 0:
            summary = ", ".join(f"{n} {k}" for k, n in counts.items())
            print(f"{folder}: {summary}; {warnings} warnings, no errors")
        else:
            print(f"{folder}: {errors} errors, {warnings} warnings", file=sys.stderr)
    return 1 if errors else 0
